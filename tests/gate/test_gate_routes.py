"""Which routes show the gate to a visitor who has not declared, and which stay open."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.utils import generate_signature

from tests.conftest import FLAGSHIP_PATH, declare

GATED_PATHS = [
    "/",
    "/articles/",
    FLAGSHIP_PATH,
    "/articles/?type=trial_update",
    "/areas-of-interest/",
    "/areas-of-interest/maintenance/",
    "/about/",
    "/search/?q=lenalidomide",
    "/media/original_images/anything.png",
    "/api/v2/pages/",
    "/no-such-page/",
]


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("path", GATED_PATHS)
def test_content_routes_redirect_to_the_gate_with_a_return_address(client, demo_site, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/gate/?next=")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response.content == b""


def test_gate_redirect_keeps_path_and_query(client, demo_site):
    response = client.get("/articles/?type=trial_update&page=2")

    assert response["Location"] == "/gate/?next=%2Farticles%2F%3Ftype%3Dtrial_update%26page%3D2"


def test_documents_are_gated(client, demo_site):
    document = Document.objects.create(
        title="Protocol", file=ContentFile(b"secret", name="protocol.txt")
    )

    response = client.get(document.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/gate/")


def test_documents_are_served_after_declaring(hcp_client, demo_site):
    document = Document.objects.create(
        title="Protocol", file=ContentFile(b"secret", name="protocol.txt")
    )

    response = hcp_client.get(document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"secret"


def test_images_served_through_wagtail_are_gated(client, demo_site):
    image = Image.objects.create(title="Figure", file=ContentFile(png_bytes(), name="figure.png"))
    url = f"/images/{generate_signature(image.id, 'width-100')}/{image.id}/width-100/"

    assert client.get(url).status_code == 302
    declare(client)
    assert client.get(url).status_code == 200


def test_api_clients_get_a_json_403_not_a_redirect(client, demo_site):
    response = client.get(FLAGSHIP_PATH, HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    assert response.json()["gate"].startswith("/gate/?next=")
    assert "Myeloma XI" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/gate/",
        "/gate/patients-and-carers/",
        "/static/css/mmhub.css",
        "/robots.txt",
        "/health/",
        "/privacy/",
        "/funders/",
        "/admin/login/",
    ],
)
def test_exempt_routes_answer_without_a_declaration(client, demo_site, path):
    response = client.get(path)

    assert response.status_code == 200


def test_wagtail_admin_uses_its_own_login_not_the_gate(client, demo_site):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_health_reports_the_database(client, db):
    response = client.get("/health/")

    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}


def test_robots_txt_keeps_crawlers_out_of_admin_and_gate(client, db):
    body = client.get("/robots.txt").content.decode()

    assert "Disallow: /admin/" in body
    assert "Disallow: /gate/" in body


def test_declared_visitor_reaches_every_content_route(hcp_client, demo_site):
    for path in GATED_PATHS[:8]:
        response = hcp_client.get(path)
        assert response.status_code == 200, path
        assert "Cookie" in response["Vary"], path


def test_unpublished_exempt_page_is_gated_again(client, demo_site):
    from mmhub.content.models import PrivacyPage

    PrivacyPage.objects.get().unpublish()

    assert client.get("/privacy/").status_code == 302
