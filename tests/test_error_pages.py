"""The server-error pages: the site's look and its funding disclosure, with no database behind
them; a database that does not answer is a 503 with Retry-After (mmhub.views.server_error)."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path
from django.views.defaults import server_error

from mmhub.urls import urlpatterns as site_urlpatterns
from tests.conftest import DISCLOSURE


def test_server_error_page_needs_no_database_and_keeps_the_disclosure(rf):
    # No `db` fixture: pytest-django fails the test if rendering the page touches the database.
    response = server_error(rf.get("/articles/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert DISCLOSURE in page
    assert "/static/css/mmhub.css" in page


def failing_view(error):
    def view(request):
        raise error

    return view


def failing_while_rendering(request):
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError as error:
        raise RuntimeError("rendering the page failed") from error


handler500 = "mmhub.views.server_error"  # as in mmhub.urls
urlpatterns = [
    path("lost-connection/", failing_view(OperationalError("server closed the connection"))),
    path("closed-connection/", failing_view(InterfaceError("connection already closed"))),
    path("wrapped/", failing_while_rendering),
    path("bug/", failing_view(ZeroDivisionError("a bug"))),
    *site_urlpatterns,
]


def test_the_site_uses_the_handler_that_tells_database_outages_apart():
    from django.urls import get_resolver

    from mmhub.views import server_error as site_server_error

    assert get_resolver("mmhub.urls").resolve_error_handler(500) is site_server_error


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__
    settings.GATE_EXEMPT_PREFIXES = ["/lost", "/closed", "/wrapped", "/bug"]
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/lost-connection/", "/closed-connection/"])
def test_a_database_that_does_not_answer_is_a_503_with_retry_after(failing_site, path):
    response = failing_site.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "MM Hub is briefly unavailable" in page
    assert "Reload this page in a few seconds" in page
    assert DISCLOSURE in page


def test_a_database_error_behind_another_one_is_a_503_too(failing_site):
    assert failing_site.get("/wrapped/").status_code == 503


def test_any_other_failure_is_still_a_500(failing_site):
    response = failing_site.get("/bug/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()


def test_the_503_page_is_in_the_readers_language(rf):
    from django.utils import translation

    from mmhub.views import server_error as site_server_error

    with translation.override("fr"):
        try:
            raise OperationalError("the server closed the connection")
        except OperationalError:
            response = site_server_error(rf.get("/fr/articles/"))

    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "MM Hub est momentanément indisponible" in page
