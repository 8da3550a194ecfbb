"""manage.py generate_load_data: counts, repeatability, refusing and replacing, and a generated
reader who signs in, reads, gets recommendations and finds generated articles by search."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from wagtail.models import Page

from mmhub.accounts.models import HcpProfile, VerificationStatus
from mmhub.content.demo.loader import demo_articles
from mmhub.content.models import ArticleIndexPage, ArticlePage
from mmhub.ops import loaddata
from mmhub.personal.models import (
    ArticleRead,
    Bookmark,
    FollowedArea,
    PersonalSettings,
    RecommenderSnapshot,
)
from mmhub.polls.demo import load_demo_polls
from mmhub.polls.models import Vote
from tests.accounts.conftest import make_account
from tests.conftest import declare

ARTICLES = 120
USERS = 200


def generate(*extra, articles=ARTICLES, users=USERS, seed=3, recommendations=False):
    out, err = io.StringIO(), io.StringIO()
    args = ["--articles", str(articles), "--users", str(users), "--seed", str(seed), *extra]
    if not recommendations:
        args.append("--skip-recommendations")
    call_command("generate_load_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def load_accounts():
    return get_user_model().objects.filter(email__endswith=f"@{loaddata.LOAD_EMAIL_DOMAIN}")


def fingerprint():
    """What a run generated, independent of database ids: titles and slugs in tree order, each
    account's profile and what it follows, saved and read (by slug)."""
    articles = list(
        loaddata.generated_articles()
        .order_by("path")
        .values_list("title", "slug", "article_type", "publication_date", "verified_only")
    )
    areas = sorted(
        ArticlePage.areas.through.objects.filter(
            articlepage__in=loaddata.generated_articles()
        ).values_list("articlepage__slug", "areaofinterest__slug")
    )
    accounts = list(
        HcpProfile.objects.filter(user__in=load_accounts())
        .order_by("user__email")
        .values_list(
            "user__email",
            "user__first_name",
            "profession",
            "specialty",
            "country",
            "registration_number",
        )
    )
    follows = sorted(
        FollowedArea.objects.filter(user__in=load_accounts()).values_list(
            "user__email", "area__slug"
        )
    )
    bookmarks = sorted(
        Bookmark.objects.filter(user__in=load_accounts()).values_list("user__email", "page__slug")
    )
    reads = sorted(
        ArticleRead.objects.filter(user__in=load_accounts()).values_list(
            "user__email", "page__slug", "times_read"
        )
    )
    votes = sorted(
        Vote.objects.filter(user__in=load_accounts()).values_list(
            "user__email", "poll__question", "choices__option__text"
        )
    )
    return {
        "articles": articles,
        "areas": areas,
        "accounts": accounts,
        "follows": follows,
        "bookmarks": bookmarks,
        "reads": reads,
        "votes": votes,
    }


@pytest.fixture
def site_with_polls(demo_site):
    load_demo_polls()


def test_generates_the_numbers_asked_for_with_complete_verified_accounts(site_with_polls):
    output, progress = generate()

    assert loaddata.generated_articles().count() == ARTICLES
    assert loaddata.generated_articles().live().count() == ARTICLES
    index = ArticleIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == ARTICLES + len(demo_articles())
    assert not any(Page.find_problems())
    # Every generated article has one to three areas and is in the search index.
    per_article = ArticlePage.areas.through.objects.filter(
        articlepage__in=loaddata.generated_articles()
    )
    assert ARTICLES <= per_article.count() <= 3 * ARTICLES

    accounts = load_accounts()
    assert accounts.count() == USERS
    emails = set(accounts.values_list("email", flat=True))
    assert emails == {loaddata.load_email(n) for n in range(1, USERS + 1)}
    assert (
        EmailAddress.objects.filter(user__in=accounts, verified=True, primary=True).count() == USERS
    )
    assert (
        HcpProfile.objects.filter(
            user__in=accounts, verification_status=VerificationStatus.VERIFIED
        )
        .exclude(profession="")
        .exclude(registration_number="")
        .count()
        == USERS
    )
    assert PersonalSettings.objects.filter(user__in=accounts, onboarded_at__isnull=False).count()
    assert accounts.filter(is_active=True, is_staff=False, is_superuser=False).count() == USERS
    # The first account is the one benchmarks pick (lowest id): an active reader.
    first = accounts.order_by("pk").first()
    assert first.email == loaddata.load_email(1)
    assert ArticleRead.objects.filter(user=first).count() >= 5

    following = FollowedArea.objects.filter(user__in=accounts).values("user").distinct().count()
    assert 0.35 * USERS <= following <= 0.65 * USERS
    follows = FollowedArea.objects.filter(user__in=accounts).count()
    assert 2.0 <= follows / following <= 4.0
    reads = ArticleRead.objects.filter(user__in=accounts).count()
    bookmarks = Bookmark.objects.filter(user__in=accounts).count()
    # About 20 reads and 5 bookmarks an account; fewer distinct reads on a small catalogue.
    assert 10 * USERS <= reads <= 30 * USERS
    assert 3 * USERS <= bookmarks <= 7 * USERS

    # Skewed: the most read article has many times the readers of the median one (even with
    # only 200 readers to go round), and the heaviest reader reads many times the median.
    def top_and_median(field):
        counts = sorted(
            ArticleRead.objects.filter(user__in=accounts)
            .values(field)
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        )
        return counts[-1], counts[len(counts) // 2]

    top, median = top_and_median("page")
    assert top >= 5 * median
    top, median = top_and_median("user")
    assert top >= 5 * median
    # Reads come after the article was published.
    assert not ArticleRead.objects.filter(
        user__in=accounts, first_read_at__date__lt=F("page__publication_date")
    ).exists()
    # The demo polls got votes from generated accounts, each with at least one answer.
    votes = Vote.objects.filter(user__in=accounts)
    assert votes.count() > 0
    assert not votes.filter(choices__isnull=True).exists()

    assert f"Sign in at /accounts/login/ with password '{loaddata.DEFAULT_PASSWORD}'" in output
    assert loaddata.load_email(1) in output
    assert "Time per phase:" in output and "total" in output
    # Progress on stderr: not a terminal here, so plain lines, the last one for each phase.
    assert re.search(rf"articles: {ARTICLES}/{ARTICLES} articles 100\.0% .* in 0:", progress)
    assert "\r" not in progress


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(demo_site):
    generate(seed=11)
    first = fingerprint()
    assert first["reads"] and first["bookmarks"] and first["follows"]

    generate("--replace", seed=11)
    assert fingerprint() == first

    generate("--replace", seed=12)
    other = fingerprint()
    assert other["articles"] != first["articles"]
    assert other["accounts"] != first["accounts"]
    assert other["reads"] != first["reads"]
    assert len(other["articles"]) == ARTICLES  # replaced, not added


def test_a_second_run_is_refused_and_changes_nothing(demo_site):
    generate(seed=5)
    before = fingerprint()
    users = get_user_model().objects.count()

    with pytest.raises(CommandError, match="--replace"):
        generate(seed=6)
    assert fingerprint() == before
    assert get_user_model().objects.count() == users


def test_replacing_keeps_the_demo_content_and_other_accounts(demo_site):
    demo_slugs = {article["slug"] for article in demo_articles()}
    flagship = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    real = make_account("real.hcp@example.org")
    Bookmark.objects.create(user=real, page=flagship)
    ArticleRead.objects.create(user=real, page=flagship)
    generate(seed=1)
    generated = loaddata.generated_articles().first()
    # A real reader's bookmark of a generated article goes with the article.
    Bookmark.objects.create(user=real, page=generated)

    generate("--replace", seed=2, articles=30, users=40)

    assert set(ArticlePage.objects.values_list("slug", flat=True)) >= demo_slugs
    assert ArticlePage.objects.count() == len(demo_slugs) + 30
    assert not ArticlePage.objects.filter(pk=generated.pk).exists()
    assert load_accounts().count() == 40
    real.refresh_from_db()
    assert real.hcp_profile.pk
    assert list(Bookmark.objects.filter(user=real).values_list("page", flat=True)) == [flagship.pk]
    assert ArticleRead.objects.filter(user=real, page=flagship).exists()
    assert EmailAddress.objects.filter(user=real).exists()
    assert not any(Page.find_problems())
    index = ArticleIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == len(demo_slugs) + 30
    # Nothing of the first run is left behind: search entries, the owner account's duplicates.
    from wagtail.search.models import IndexEntry

    assert not IndexEntry.objects.filter(object_id=str(generated.pk)).exists()
    assert loaddata.owners().count() == 1


def test_a_generated_reader_signs_in_reads_gets_recommendations_and_searches(client, demo_site):
    generate(recommendations=True)
    assert RecommenderSnapshot.objects.exists()

    declare(client)
    response = client.post(
        "/accounts/login/",
        {"login": loaddata.load_email(1), "password": loaddata.DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"  # no onboarding step: profile and areas are done
    assert client.session["_auth_user_id"]

    home = client.get("/")
    assert home.status_code == 200
    assert "Recommended for you" in home.content.decode()

    article = loaddata.generated_articles().filter(verified_only=True).first()
    page = client.get(article.url)
    assert page.status_code == 200  # verified-only: the account is a verified HCP
    assert article.title in page.content.decode()

    # A word of a generated title that no demo article has anywhere: only generated articles
    # can match it.
    demo_text = " ".join(
        f"{page.title} {page.standfirst} {page.body.raw_data}"
        for page in ArticlePage.objects.exclude(pk__in=loaddata.generated_articles())
    ).lower()
    words = {
        word
        for title in loaddata.generated_articles().values_list("title", flat=True)
        for word in re.findall(r"[a-z]{6,}", title.lower())
    }
    word = sorted(word for word in words if word not in demo_text)[0]
    results = client.get("/search/", {"q": word})
    assert results.status_code == 200
    found = [
        url
        for url in loaddata.generated_articles().values_list("url_path", flat=True)
        if url.removeprefix("/home") in results.content.decode()
    ]
    assert found, f"no generated article found for {word!r}"


def test_refuses_without_the_demo_site(db):
    with pytest.raises(CommandError, match="load_demo_content"):
        generate()
    assert not load_accounts().exists()


def test_progress_lines_on_a_terminal_and_in_a_log():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    with loaddata.Progress("reads", 1000, stream=terminal, min_interval=0) as bar:
        for _ in range(10):
            bar.update(100)
    lines = terminal.getvalue().split("\r")
    assert len(lines) >= 10
    assert re.match(r"reads: 500/1,000 rows  50\.0% [\d,]+/s ETA \d:\d\d:\d\d", lines[5])
    assert terminal.getvalue().endswith("\n")

    log = io.StringIO()
    with loaddata.Progress("reads", 1000, stream=log) as bar:
        for _ in range(100):
            bar.update(10)
    lines = log.getvalue().splitlines()
    assert len(lines) == 10  # at 10%, 20%, ... 90%, then the final line
    assert lines[0].startswith("reads: 100/1,000 rows  10.0%")
    assert re.match(r"reads: 1,000/1,000 rows 100\.0% .* in 0:00:00$", lines[-1])

    quiet = io.StringIO()
    with loaddata.Progress("reads", 1000, stream=quiet, enabled=False) as bar:
        bar.update(1000)
    assert quiet.getvalue() == ""


def table_schema(model):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass ORDER BY conname",
            [model._meta.db_table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [model._meta.db_table],
        )
        return constraints, cursor.fetchall()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: bulk loads build indexes afterwards there",
)
def test_postgresql_bulk_loads_leave_indexes_and_constraints_as_they_were(demo_site, monkeypatch):
    tables = [ArticleRead, Bookmark, FollowedArea, HcpProfile, EmailAddress]
    before = {model: table_schema(model) for model in tables}
    assert all(constraints and indexes for constraints, indexes in before.values())
    monkeypatch.setattr(loaddata, "REBUILD_INDEXES_FROM", 1)  # every table, however small

    generate()

    assert {model: table_schema(model) for model in tables} == before
    assert ArticleRead.objects.filter(user__in=load_accounts()).count() > USERS
    # The constraints hold again: a second read row for the same account and page is refused.
    read = ArticleRead.objects.filter(user__in=load_accounts()).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRead.objects.create(user_id=read.user_id, page_id=read.page_id)
