"""The declaration: what the gate shows, what it remembers, what it records, and where it sends you."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signing import get_cookie_signer

from mmhub.content.models import ArticlePage
from mmhub.gate.models import Declaration, GateAcknowledgement
from mmhub.gate.services import COOKIE_SALT, current_declaration
from tests.conftest import FLAGSHIP_PATH as ARTICLE
from tests.conftest import declare


def test_gate_page_shows_the_declaration_and_both_choices(client, demo_site):
    response = client.get(f"/gate/?next={ARTICLE}")

    body = response.content.decode()
    assert response.status_code == 200
    assert current_declaration().text in body
    assert 'value="hcp"' in body and 'value="patient"' in body
    assert f'name="next" value="{ARTICLE}"' in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_gate_page_leaks_no_article_content(client, demo_site):
    body = client.get(f"/gate/?next={ARTICLE}").content.decode()

    for article in ArticlePage.objects.all():
        assert article.title not in body
        assert article.standfirst not in body
    # The visitor's own return address (with the slug) is echoed; article text never is.
    assert "10 mg" not in body and "progression-free" not in body


def test_declaring_continues_to_the_page_first_asked_for(client, demo_site):
    response = declare(client, ARTICLE)

    assert response["Location"] == ARTICLE
    assert client.get(ARTICLE).status_code == 200


def test_declaring_records_an_acknowledgement_without_an_ip_address(client, demo_site):
    declare(client, ARTICLE)

    acknowledgement = GateAcknowledgement.objects.get()
    assert acknowledgement.declaration == current_declaration()
    assert acknowledgement.acknowledged_at is not None
    field_names = {field.name for field in GateAcknowledgement._meta.get_fields()}
    assert field_names == {"id", "declaration", "acknowledged_at", "user"}


def test_choosing_patient_leads_to_patient_organisations_and_records_nothing(client, demo_site):
    response = client.post("/gate/", {"choice": "patient", "next": ARTICLE})

    assert response["Location"] == "/gate/patients-and-carers/"
    page = client.get(response["Location"]).content.decode()
    assert "https://www.myeloma.org/" in page
    assert "https://healthtree.org/myeloma" in page
    assert GateAcknowledgement.objects.count() == 0
    assert client.get(ARTICLE).status_code == 302


def test_posting_without_a_choice_explains_what_to_do(client, demo_site):
    response = client.post("/gate/", {"next": ARTICLE})

    assert response.status_code == 400
    assert "Choose one of the two options" in response.content.decode()
    assert f'value="{ARTICLE}"' in response.content.decode()


def test_signed_cookie_alone_remembers_the_declaration_on_a_later_visit(client, demo_site):
    declare(client)
    cookie = client.cookies[settings.GATE_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.GATE_COOKIE_MAX_AGE

    client.cookies.pop(settings.SESSION_COOKIE_NAME)

    assert client.get(ARTICLE).status_code == 200


def test_forged_cookie_does_not_pass_the_gate(client, demo_site):
    client.cookies[settings.GATE_COOKIE_NAME] = current_declaration().version

    assert client.get(ARTICLE).status_code == 302


@pytest.mark.parametrize(("salt", "passes"), [(COOKIE_SALT, True), ("another.purpose", False)])
def test_only_a_cookie_signed_for_the_gate_passes(client, demo_site, salt, passes):
    signer = get_cookie_signer(salt=settings.GATE_COOKIE_NAME + salt)
    client.cookies[settings.GATE_COOKIE_NAME] = signer.sign(current_declaration().version)

    assert client.get(ARTICLE).status_code == (200 if passes else 302)


def test_new_declaration_wording_asks_everyone_again(client, demo_site):
    declare(client)
    assert client.get(ARTICLE).status_code == 200

    Declaration.objects.create(text="I confirm that I am a registered healthcare professional.")

    assert client.get(ARTICLE).status_code == 302
    declare(client, ARTICLE)
    assert client.get(ARTICLE).status_code == 200
    versions = list(GateAcknowledgement.objects.values_list("declaration__version", flat=True))
    assert len(set(versions)) == 2


def test_declared_visitor_going_back_to_the_gate_is_sent_on(client, demo_site):
    declare(client)

    response = client.get(f"/gate/?next={ARTICLE}")

    assert response.status_code == 302
    assert response["Location"] == ARTICLE


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
        "/gate/?next=/gate/",
        "/\tevil",
        "/\r\nSet-Cookie:x=1",
        "",
    ],
)
def test_return_url_never_leaves_the_site_or_loops(client, demo_site, next_url):
    response = client.post("/gate/", {"choice": "hcp", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_percent_encoded_line_breaks_stay_encoded_in_the_redirect(client, demo_site):
    response = client.post("/gate/", {"choice": "hcp", "next": "/%0d%0aSet-Cookie:x=1"})

    assert response["Location"] == "/%0d%0aSet-Cookie:x=1"
    assert "x" not in response.cookies


def test_return_url_keeps_its_query_string(client, demo_site):
    response = declare(client, "/articles/?type=trial_update&page=1")

    assert response["Location"] == "/articles/?type=trial_update&page=1"


def test_declaration_version_follows_the_wording(db):
    first = Declaration.objects.create(text="I am a healthcare professional.")
    same_words = Declaration(text="I am a   healthcare professional.")

    assert len(first.version) == 12
    with pytest.raises(ValidationError, match="already exists"):
        same_words.full_clean()


def test_agreed_wording_cannot_be_edited(db):
    declaration = Declaration.objects.create(text="I am a healthcare professional.")
    declaration.text = "I am a doctor."

    with pytest.raises(ValidationError, match="Add a new declaration instead"):
        declaration.full_clean()


def test_default_declaration_is_stored_once_on_first_use(db):
    assert Declaration.objects.count() == 0

    first = current_declaration()

    assert Declaration.objects.get() == first


def test_admin_lists_declarations_newest_first_with_their_counts(client, db, django_user_model):
    newer = Declaration.objects.create(text="Newer wording.")
    older = Declaration.objects.create(text="Older wording.")
    Declaration.objects.filter(pk=older.pk).update(created_at=newer.created_at - timedelta(days=30))
    GateAcknowledgement.objects.create(declaration=older)
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))

    response = client.get("/admin/snippets/gate/declaration/")

    listed = [row.pk for row in response.context["object_list"]]
    assert listed[:2] == [newer.pk, older.pk]
    assert response.context["object_list"][1].acknowledgement_count == 1
