"""The read API, version 1: articles, areas of interest and trials for account holders.

It sits outside the HCP gate (GATE_EXEMPT_PREFIXES) because programs cannot click through the
gate: a personal API token (mmhub.api.auth) stands in for the declaration, and what it returns
is what its account may read (mmhub.api.services). Only GET and HEAD are answered; every
response is private and never stored by caches, and carries the token's rate-limit state.

Error messages are in English, like the rest of the API (docs/api.md).
Interactive docs are off: Swagger UI loads scripts from a CDN, which the CSP forbids and which
would tell a third party who reads our docs. docs/api.md and /api/v1/openapi.json document it.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import override
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError

from . import schemas, services
from .auth import ApiToken, unauthorized_detail, www_authenticate
from .ratelimit import RateLimited, describe_rate

MAX_ID = 2_147_483_647  # page and record ids are 32-bit integers in every database we run on

api = NinjaAPI(
    version="1",
    title="MM Hub read API",
    urls_namespace="api-v1",
    docs_url=None,
    auth=ApiToken(),
    description=(
        "Read-only access for MM Hub account holders to the articles, areas of interest and "
        "trial records they may read on the site. Authenticate with a personal API token "
        "(Feeds and API, in your account) as `Authorization: Bearer <token>`. "
        "Full guide: docs/api.md in the MM Hub repository."
    ),
)


# Every response ---------------------------------------------------------------------------------


def api_response(run):
    """Answers in the site's default language, private to the token's holder, with its quota."""

    @wraps(run)
    def respond(request, *args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            response = run(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Authorization"])
        quota = getattr(request, "api_quota", None)
        if quota is not None:
            for name, value in quota.headers().items():
                response[name] = value
        return response

    return respond


api.add_decorator(api_response, mode="view")


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(request, {"detail": unauthorized_detail(request)}, status=401)
    response["WWW-Authenticate"] = www_authenticate(request)
    return response


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    quota = exc.quota
    detail = (
        f"This token has used its {describe_rate(settings.API_RATE_LIMIT)}. "
        f"Retry after {quota.retry_after} seconds."
    )
    response = api.create_response(request, {"detail": detail}, status=429)
    response["Retry-After"] = str(quota.retry_after)
    for name, value in quota.headers().items():
        response[name] = value
    return response


# What the schema says about headers -------------------------------------------------------------


def _header(description, type_="integer"):
    return {"description": description, "required": True, "schema": {"type": type_}}


RATE_HEADERS = {
    "X-RateLimit-Limit": _header("Requests this token may make per window"),
    "X-RateLimit-Remaining": _header("Requests left in the current window"),
    "X-RateLimit-Reset": _header("Unix time (seconds) when the window ends"),
}
UNAUTHORIZED_HEADERS = {
    "WWW-Authenticate": _header(
        'Bearer realm="MM Hub API", plus error="invalid_token" when a token was sent', "string"
    )
}
RETRY_HEADERS = {**RATE_HEADERS, "Retry-After": _header("Seconds until requests are accepted")}


def responses(success, *errors):
    """`response=` and `openapi_extra=` for an operation: its success shape, 401 and 429 always,
    and the headers every documented response carries."""
    shapes = {200: success, 401: schemas.Error, 429: schemas.Error}
    for status in errors:
        shapes[status] = schemas.ValidationError if status == 422 else schemas.Error
    headers = {status: {"headers": RATE_HEADERS} for status in shapes}
    headers[401] = {"headers": UNAUTHORIZED_HEADERS}
    headers[429] = {"headers": RETRY_HEADERS}
    return {"response": shapes, "openapi_extra": {"responses": headers}}


def read(path, *, name, summary, description, response):
    """A GET operation, documented, and HEAD on the same path (same answer, no body)."""

    def register(view):
        common = {"url_name": name, **response}
        api.api_operation(["HEAD"], path, include_in_schema=False, **common)(view)
        return api.get(path, operation_id=name, summary=summary, description=description, **common)(
            view
        )

    return register


def paginate(request, queryset, params, serialize):
    count = queryset.count()
    start, end = params.offset, params.offset + params.limit
    items = list(queryset[start:end])
    return {
        "count": count,
        "next": _page_url(request, end, params.limit) if end < count else None,
        "previous": _page_url(request, max(0, start - params.limit), params.limit)
        if start > 0
        else None,
        "results": serialize(items),
    }


def _page_url(request, offset, limit):
    query = request.GET.copy()
    query["offset"] = str(offset)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


# Endpoints --------------------------------------------------------------------------------------


@read(
    "/articles",
    name="list_articles",
    summary="Articles you may read, newest first",
    description="Filters combine (all must match). An unknown area slug or trial acronym is a "
    "400 that says where to find valid ones.",
    response=responses(schemas.ArticleList, 400, 422),
)
def list_articles(request, filters: Query[schemas.ArticleFilters]):
    try:
        articles = services.articles_for(
            request.auth,
            area=filters.area,
            article_type=filters.type,
            after=filters.published_after,
            before=filters.published_before,
            trial=filters.trial,
        )
    except services.InvalidFilter as error:
        return Status(400, {"detail": str(error)})
    return paginate(
        request, articles, filters, lambda page: services.article_summaries(request, page)
    )


@read(
    "/articles/{article_id}",
    name="get_article",
    summary="One article with its body as structured blocks",
    description="404 when the article does not exist, is not published, or is for verified "
    "HCPs only and your account is not verified: the answer does not tell these apart.",
    response=responses(schemas.ArticleDetail, 404, 422),
)
def get_article(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    article = services.readable_article(request.auth, article_id)
    if article is None:
        return Status(404, {"detail": "No article with this id is available to your account."})
    return services.article_detail(request, article)


@read(
    "/areas",
    name="list_areas",
    summary="Areas of interest, with how many of their articles you may read",
    description="In the editors' order.",
    response=responses(schemas.AreaList, 422),
)
def list_areas(request, page: Query[schemas.PageParams]):
    areas = services.areas_with_counts(request.auth)
    return paginate(request, areas, page, lambda items: list(map(services.area_summary, items)))


@read(
    "/trials",
    name="list_trials",
    summary="Trial records: design, populations, endpoints, data cuts and published estimates",
    description="By acronym. Each trial lists the articles on it that you may read.",
    response=responses(schemas.TrialList, 422),
)
def list_trials(request, page: Query[schemas.PageParams]):
    covering = services.readable_articles_by_trial(request.auth)
    return paginate(
        request,
        services.trials_with_records(),
        page,
        lambda trials: [services.trial_detail(request, trial, covering) for trial in trials],
    )


@read(
    "/trials/{acronym_or_id}",
    name="get_trial",
    summary="One trial record, by id or acronym (any case)",
    description="An acronym with spaces is URL-encoded: /api/v1/trials/Myeloma%20XI.",
    response=responses(schemas.Trial, 404, 422),
)
def get_trial(request, acronym_or_id: str = Path(..., max_length=60, examples=["Myeloma XI"])):
    trial = services.trial_by_acronym_or_id(acronym_or_id)
    if trial is None:
        return Status(
            404,
            {"detail": "No trial has this id or acronym. GET /api/v1/trials lists them."},
        )
    covering = services.readable_articles_by_trial(request.auth, trial_ids=[trial.pk])
    return services.trial_detail(request, trial, covering)
