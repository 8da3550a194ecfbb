"""Signed-in users' rows come from the shared cache (mmhub/accounts/backends.py), and every change
to a row through Django applies from the reader's next request."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.accounts.conftest import PASSWORD, make_account, sign_in
from tests.conftest import declare

ACCOUNT_PAGE = "/accounts/profile/"


@pytest.fixture
def signed_in(db):
    user = make_account("cached@example.org")
    client = Client()
    assert sign_in(client, "cached@example.org").status_code == 302
    declare(client)
    return user, client


def user_queries(client, path=ACCOUNT_PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if 'FROM "auth_user"' in q["sql"]]


def test_the_user_row_is_read_once(signed_in):
    _, client = signed_in
    client.get(ACCOUNT_PAGE)
    response, queries = user_queries(client)
    assert response.status_code == 200
    assert response.context["user"].email == "cached@example.org"
    assert queries == []


def test_a_password_changed_elsewhere_signs_out_this_session(signed_in):
    user, client = signed_in
    client.get(ACCOUNT_PAGE)  # the row is cached now
    user = get_user_model().objects.get(pk=user.pk)
    user.set_password("another-long-password-1")
    user.save()
    response = client.get(ACCOUNT_PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deactivated_account_is_signed_out_at_once(signed_in):
    user, client = signed_in
    client.get(ACCOUNT_PAGE)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    # Written around the model (no signal): the cached row still says active...
    assert client.get(ACCOUNT_PAGE).status_code == 200
    # ...the admin saves the row, and the next request is anonymous.
    user = get_user_model().objects.get(pk=user.pk)
    user.save()
    response = client.get(ACCOUNT_PAGE)
    assert response.status_code == 302


def test_a_deleted_account_is_anonymous(signed_in):
    user, client = signed_in
    client.get(ACCOUNT_PAGE)
    get_user_model().objects.get(pk=user.pk).delete()
    assert client.get(ACCOUNT_PAGE).status_code == 302


def test_signing_in_again_after_the_cache_is_lost(signed_in):
    from django.core.cache import cache

    _, client = signed_in
    client.get(ACCOUNT_PAGE)
    cache.clear()
    response, queries = user_queries(client)
    assert response.status_code == 200
    assert len(queries) == 1


def test_a_wrong_password_is_still_refused(db):
    make_account("guarded@example.org")
    client = Client()
    response = sign_in(client, "guarded@example.org", password=PASSWORD + "x")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
