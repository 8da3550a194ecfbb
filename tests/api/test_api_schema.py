"""The OpenAPI schema the app serves: every operation documents what it can answer."""

import pytest

from mmhub.api import services
from mmhub.content.blocks import ArticleBodyBlock

OPERATIONS = [
    "/api/v1/articles",
    "/api/v1/articles/{article_id}",
    "/api/v1/areas",
    "/api/v1/trials",
    "/api/v1/trials/{acronym_or_id}",
]


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_open_and_names_the_version(schema):
    # The schema holds no content; clients need it before they have a token.
    assert schema["info"]["title"] == "MM Hub read API"
    assert schema["info"]["version"] == "1"


def test_it_lists_the_read_operations_and_only_get(schema):
    assert sorted(schema["paths"]) == sorted(OPERATIONS)
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_documents_success_refusal_and_rate_limit(schema, path):
    responses = schema["paths"][path]["get"]["responses"]

    assert {"200", "401", "429"} <= set(responses)
    for status, response in responses.items():
        assert "application/json" in response["content"], status
    assert "WWW-Authenticate" in responses["401"]["headers"]
    assert "Retry-After" in responses["429"]["headers"]
    assert "X-RateLimit-Remaining" in responses["200"]["headers"]


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_asks_for_a_bearer_token(schema, path):
    (requirement,) = schema["paths"][path]["get"]["security"]
    (scheme_name,) = requirement

    assert schema["components"]["securitySchemes"][scheme_name] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_interactive_docs_are_not_served(client, db):
    # Swagger UI would load its scripts from a CDN; docs/api.md documents the API instead.
    response = client.get("/api/v1/docs", follow=True)

    assert response.status_code == 404
    assert b"swagger" not in response.content.lower()


def test_every_kind_of_body_block_has_a_documented_shape(schema):
    kinds = set(ArticleBodyBlock().child_blocks)
    body_items = schema["components"]["schemas"]["ArticleDetail"]["properties"]["body"]["items"]

    assert set(services.BLOCK_SERIALIZERS) == kinds
    assert set(body_items["discriminator"]["mapping"]) == kinds
