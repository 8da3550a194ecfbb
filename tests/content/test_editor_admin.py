"""The editor's path through the Wagtail admin: every page type opens, an article is published."""

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from mmhub.content.demo.articles_library import JACKSON_MAINT
from mmhub.content.models import AreaOfInterest, ArticleIndexPage, ArticlePage
from tests.conftest import declare


def list_block(items):
    """ListBlock form data as the admin's JavaScript submits it."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def new_article_form(reference):
    maintenance = AreaOfInterest.objects.get(slug="maintenance")
    return nested_form_data(
        {
            "title": "Maintenance therapy: a worked example for the admin test",
            "slug": "maintenance-worked-example",
            "standfirst": "What an editor types reaches the HCP who reads it.",
            "article_type": "educational_theme",
            "publication_date": "2026-11-20",
            "last_reviewed": "2026-11-21",
            "supported_by": "",
            "body": streamfield(
                [
                    ("text", rich_text("<p>Maintenance keeps a response going.</p>")),
                    ("references", list_block([reference])),
                ]
            ),
            "action-publish": "action-publish",
        }
    ) | {"areas": [str(maintenance.pk)]}


def reference(**overrides):
    return JACKSON_MAINT() | overrides


def test_every_page_of_the_demo_opens_in_the_editor(editor):
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() > 12
    for page in pages:
        response = editor.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.specific_class.__name__


def test_editor_publishes_an_article_that_hcps_then_read(editor, client):
    index = ArticleIndexPage.objects.get()

    response = editor.post(
        f"/admin/pages/add/content/articlepage/{index.pk}/", new_article_form(reference())
    )

    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="maintenance-worked-example")
    assert article.live
    editor.logout()
    declare(client)
    page = client.get(article.url).content.decode()
    assert "Maintenance keeps a response going." in page
    assert 'href="https://doi.org/10.1016/S1470-2045(18)30687-9"' in page
    assert (
        "Maintenance therapy: a worked example"
        in client.get("/areas-of-interest/maintenance/").content.decode()
    )


def test_a_malformed_doi_is_refused_in_the_editor_with_what_to_type(editor):
    index = ArticleIndexPage.objects.get()
    form = new_article_form(reference(doi="https://doi.org/10.1016/S1470-2045(18)30687-9"))

    response = editor.post(f"/admin/pages/add/content/articlepage/{index.pk}/", form)

    assert response.status_code == 200
    assert "A DOI starts with 10. and has a slash" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="maintenance-worked-example").exists()


def test_the_admin_sends_nothing_about_editors_to_third_parties(editor, flagship):
    for path in ("/admin/", f"/admin/pages/{flagship.pk}/edit/"):
        html = editor.get(path).content.decode()
        assert "gravatar" not in html
        assert 'data-controller="w-upgrade' not in html
