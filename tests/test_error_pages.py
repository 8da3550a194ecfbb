"""The server-error page: the site's look and its funding disclosure, with no database behind it."""

from django.views.defaults import server_error

from tests.conftest import DISCLOSURE


def test_server_error_page_needs_no_database_and_keeps_the_disclosure(rf):
    # No `db` fixture: pytest-django fails the test if rendering the page touches the database.
    response = server_error(rf.get("/articles/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert DISCLOSURE in page
    assert "/static/css/mmhub.css" in page
