"""Readers vote in "Your opinion matters" polls in Chromium, with htmx and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.accounts.conftest import PASSWORD, make_account
from tests.browser.conftest import (
    assert_clean,
    assert_served_html_accessible,
    count_navigations,
    path_of,
    save_screenshot,
)
from tests.conftest import FLAGSHIP_PATH

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
THANKS = "Thank you: your vote is counted."
ALREADY_VOTED = "You have already voted in this poll, and a vote cannot be changed."
MAINTENANCE_POLL = "How long do you continue lenalidomide maintenance in standard-risk patients?"
CYTOGENETICS_POLL = "Which tests do you use to assess cytogenetic risk at diagnosis?"
MRD_POLL = "Do you use MRD results to guide treatment decisions outside clinical trials?"
MRD_ARTICLE = "/articles/myeloma-xi-mrd-after-asct-lenalidomide/"
DIAGNOSIS_AREA = "/areas-of-interest/diagnosis-and-staging/"
MAINTENANCE_AREA = "/areas-of-interest/maintenance/"


def shot(page, name):
    save_screenshot(page, f"polls-{name}")


def squash(text):
    return " ".join(text.split())


def poll_on(page, poll):
    return page.locator(f"section.poll#poll-{poll.pk}")


def summary(section):
    return squash(section.locator("figure.poll-results figcaption").inner_text())


def results(section):
    """Each result row as the reader sees it: (option text, "NN% (N votes)")."""
    return [
        (
            squash(row.locator(".poll-result__text").inner_text()),
            squash(row.locator(".poll-result__value").inner_text()),
        )
        for row in section.locator("li.poll-result").all()
    ]


def expected_results(poll, chosen=()):
    """The rows the database says the poll should show, counted here independently."""
    from mmhub.polls.models import Vote, VoteChoice

    respondents = Vote.objects.filter(poll=poll).count()
    rows = []
    for option in poll.options.order_by("sort_order"):
        votes = VoteChoice.objects.filter(option=option).count()
        percent = round(100 * votes / respondents) if respondents else 0
        text = f"{option.text} Your answer" if option.text in chosen else option.text
        rows.append((text, f"{percent}% ({votes} vote{'' if votes == 1 else 's'})"))
    return rows


def vote_in_place(page, section):
    """Click Vote with htmx and wait for the poll that replaces the form.

    A notice left from an earlier vote is marked first: the response arrives before htmx
    swaps it in, so waiting for "a notice" could read the old one.
    """
    section.locator(".poll__notice").evaluate_all(
        "notices => notices.forEach(n => n.dataset.stale = '1')"
    )
    with page.expect_response(lambda response: "/polls/" in response.url):
        section.get_by_role("button", name="Vote", exact=True).click()
    section.locator(".poll__notice:not([data-stale])").wait_for()


@pytest.fixture
def polls(demo_site):
    """The three demo polls, placed in their articles and on their topic pages."""
    from mmhub.polls.demo import load_demo_polls
    from mmhub.polls.models import Poll

    load_demo_polls()
    return {
        "maintenance": Poll.objects.get(question=MAINTENANCE_POLL),
        "cytogenetics": Poll.objects.get(question=CYTOGENETICS_POLL),
        "mrd": Poll.objects.get(question=MRD_POLL),
    }


# 1. Vote in place with htmx ---------------------------------------------------------------------


def test_a_declared_visitor_votes_in_the_article_and_sees_the_results_in_place(
    page, polls, declare, assert_accessible, csp_errors
):
    from mmhub.polls.models import Vote

    poll = polls["maintenance"]
    before = Vote.objects.filter(poll=poll).count()
    assert before == 42  # the seeded visitor votes; no demo readers in this test

    declare(page)
    page.goto(FLAGSHIP_PATH)
    section = poll_on(page, poll)
    assert section.get_by_role("heading", level=2, name="Your opinion matters").count() == 1
    assert section.get_by_role("group", name=MAINTENANCE_POLL).count() == 1
    assert section.get_by_role("radio").count() == 5
    assert section.locator("figure.poll-results").count() == 0  # results only after voting
    assert_accessible(page)
    shot(page, "article-form")

    url_before = page.url
    page.evaluate("window.__noReload = 'still here'")
    navigations = count_navigations(page)
    section.get_by_role("radio", name="For a fixed period of about 2 years").check()
    vote_in_place(page, section)

    notice = section.locator(".poll__notice")
    assert notice.inner_text() == THANKS
    expect(notice).to_be_focused()
    assert page.locator("#live-status").inner_text() == THANKS
    assert Vote.objects.filter(poll=poll).count() == before + 1
    assert summary(section) == f"Results from {before + 1} respondents, so far."
    assert results(section) == expected_results(
        poll, chosen=["For a fixed period of about 2 years"]
    )
    chosen = section.locator("li.poll-result--chosen")
    assert chosen.count() == 1
    assert "For a fixed period of about 2 years" in chosen.inner_text()
    assert section.get_by_role("button", name="Vote").count() == 0
    assert page.url == url_before
    assert navigations == []
    assert page.evaluate("window.__noReload") == "still here"
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "article-voted")

    # The same poll on the topic page knows this visitor has voted.
    page.goto(MAINTENANCE_AREA)
    section = poll_on(page, poll)
    assert summary(section) == (
        f"Thank you for voting. Results from {before + 1} respondents, so far."
    )
    assert section.locator("li.poll-result--chosen .poll-result__text").inner_text() == (
        "For a fixed period of about 2 years Your answer"
    )
    assert section.get_by_role("button", name="Vote").count() == 0
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "topic-voted")


# 2. One vote per session ----------------------------------------------------------------------


def test_voting_again_from_a_second_tab_is_refused_and_counted_once(
    page, polls, declare, assert_accessible, csp_errors
):
    from mmhub.polls.models import Vote

    poll = polls["maintenance"]
    before = Vote.objects.filter(poll=poll).count()
    declare(page)
    page.goto(FLAGSHIP_PATH)
    second = page.context.new_page()  # same browser context: same session
    second.console_messages = []
    second.page_errors = []
    second.on("console", lambda message: second.console_messages.append(message))
    second.on("pageerror", lambda error: second.page_errors.append(error))
    second.goto(FLAGSHIP_PATH)

    first_poll = poll_on(page, poll)
    first_poll.get_by_role("radio", name="Until disease progression or intolerance").check()
    vote_in_place(page, first_poll)
    assert first_poll.locator(".poll__notice").inner_text() == THANKS

    second_poll = poll_on(second, poll)
    assert second_poll.get_by_role("button", name="Vote").count() == 1  # loaded before the vote
    second_poll.get_by_role("radio", name="I do not usually give lenalidomide maintenance").check()
    vote_in_place(second, second_poll)

    notice = second_poll.locator(".poll__notice")
    assert notice.inner_text() == ALREADY_VOTED
    assert "poll__notice--error" in notice.get_attribute("class")
    expect(notice).to_be_focused()
    assert second.locator("#live-status").inner_text() == ALREADY_VOTED
    # Counted once, and the answer shown is the first one.
    assert Vote.objects.filter(poll=poll).count() == before + 1
    assert summary(second_poll) == f"Results from {before + 1} respondents, so far."
    assert results(second_poll) == expected_results(
        poll, chosen=["Until disease progression or intolerance"]
    )
    assert second_poll.get_by_role("button", name="Vote").count() == 0
    assert_accessible(second)
    assert_clean(second, csp_errors)
    save_screenshot(second, "polls-second-tab-refused")
    second.close()


# 3. Without JavaScript ------------------------------------------------------------------------


def test_without_javascript_the_vote_posts_and_comes_back_to_the_poll(
    browser, page_without_js, polls, declare, assert_accessible, csp_errors
):
    from mmhub.polls.models import Vote

    page = page_without_js
    poll = polls["maintenance"]
    before = Vote.objects.filter(poll=poll).count()
    declare(page)  # the gate's form is a plain POST
    page.goto(FLAGSHIP_PATH)
    section = poll_on(page, poll)
    section.get_by_role("radio", name="For a fixed period of about 3 years").check()
    with page.expect_navigation():
        section.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_load_state("load")

    assert path_of(page) == FLAGSHIP_PATH
    assert page.url.endswith(f"#poll-{poll.pk}")
    assert section.locator(".poll__notice").inner_text() == THANKS
    assert Vote.objects.filter(poll=poll).count() == before + 1
    assert summary(section) == f"Results from {before + 1} respondents, so far."
    assert results(section) == expected_results(
        poll, chosen=["For a fixed period of about 3 years"]
    )
    assert section.get_by_role("button", name="Vote").count() == 0
    assert csp_errors(page) == []
    shot(page, "article-voted-no-js")

    # The notice is shown once: loading the page again shows the results without it.
    page.reload()
    assert section.locator(".poll__notice").count() == 0
    assert summary(section) == (
        f"Thank you for voting. Results from {before + 1} respondents, so far."
    )

    assert_served_html_accessible(
        browser, page, assert_accessible, f"#poll-{poll.pk} figure.poll-results"
    )


# 4. A closed poll -------------------------------------------------------------------------------


def test_a_closed_poll_shows_its_results_and_takes_no_votes(
    page, polls, declare, assert_accessible, csp_errors
):
    from django.utils import timezone
    from django.utils.dateformat import format as format_date

    from mmhub.polls.models import Vote, VoteChoice

    poll = polls["mrd"]
    options = {option.text: option for option in poll.options.all()}
    for answer in ["Yes, in selected patients only"] * 2 + ["No, only within clinical trials"]:
        vote = Vote.objects.create(poll=poll, user=None, visitor_key=None)
        VoteChoice.objects.create(vote=vote, option=options[answer])

    declare(page)
    page.goto(MRD_ARTICLE)
    section = poll_on(page, poll)
    closed_on = format_date(timezone.localtime(poll.closes_at), "j F Y")
    assert summary(section) == f"Poll closed on {closed_on}. Results from 3 respondents."
    assert section.locator("figcaption strong").inner_text() == "Poll closed"
    assert results(section) == [
        ("Yes, for most patients", "0% (0 votes)"),
        ("Yes, in selected patients only", "67% (2 votes)"),
        ("No, only within clinical trials", "33% (1 vote)"),
        ("MRD testing is not available to me", "0% (0 votes)"),
    ]
    assert section.get_by_role("button", name="Vote").count() == 0
    assert section.get_by_role("radio").count() == 0
    assert section.get_by_role("link", name="Sign in to vote").count() == 0
    assert section.locator(".poll-result--chosen").count() == 0
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "closed")


# 5. Accounts only: sign in, then vote in a multiple-choice poll --------------------------------


def test_a_visitor_signs_in_from_the_poll_and_votes_in_a_multiple_choice_poll(
    page, polls, declare, assert_accessible, csp_errors
):
    from mmhub.polls.models import Vote

    poll = polls["cytogenetics"]
    from mmhub.polls.models import VoteChoice

    options = {option.text: option for option in poll.options.all()}
    earlier = [["FISH on CD138-selected plasma cells", "Conventional karyotype"]]
    earlier += [["FISH on CD138-selected plasma cells"]]
    for answers in earlier:  # two anonymised votes cast before this reader's
        vote = Vote.objects.create(poll=poll, user=None, visitor_key=None)
        VoteChoice.objects.bulk_create([VoteChoice(vote=vote, option=options[a]) for a in answers])
    user = make_account("pollster@example.org", profession="physician", specialty="Haematology")

    declare(page)
    page.goto(DIAGNOSIS_AREA)
    section = poll_on(page, poll)
    assert squash(section.locator("p.poll__question").inner_text()) == CYTOGENETICS_POLL
    assert section.locator(".poll__options--read-only li").all_inner_texts() == [
        "FISH on CD138-selected plasma cells",
        "Conventional karyotype",
        "SNP array or other copy-number assay",
        "Next-generation sequencing panel",
        "None routinely",
    ]
    assert section.get_by_role("checkbox").count() == 0
    assert section.get_by_role("button", name="Vote").count() == 0
    next_query = f"?next={DIAGNOSIS_AREA}%23poll-{poll.pk}"
    sign_in_link = section.get_by_role("link", name="Sign in to vote")
    assert sign_in_link.get_attribute("href") == f"/accounts/login/{next_query}"
    create_link = section.get_by_role("link", name="Create an account")
    assert create_link.get_attribute("href") == f"/accounts/signup/{next_query}"
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "accounts-only")

    sign_in_link.click()
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email address", exact=True).fill("pollster@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    # First sign-in: the areas-of-interest step, which this reader skips.
    assert path_of(page) == "/personal/areas/"
    page.get_by_role("button", name="Skip for now").click()
    page.wait_for_url(lambda url: "/personal/areas/" not in url)
    page.wait_for_load_state("load")
    assert path_of(page) == DIAGNOSIS_AREA
    assert page.url.endswith(f"#poll-{poll.pk}")

    section = poll_on(page, poll)
    assert "Choose all that apply, at most 3." in section.locator(".poll__hint").inner_text()
    boxes = section.get_by_role("checkbox")
    assert boxes.count() == 5
    for box in boxes.all()[:4]:
        box.check()
    vote_in_place(page, section)
    notice = section.locator(".poll__notice")
    assert notice.inner_text() == "Choose at most 3 answers; you chose 4."
    assert "poll__notice--error" in notice.get_attribute("class")
    expect(notice).to_be_focused()
    assert page.locator("#live-status").inner_text() == "Choose at most 3 answers; you chose 4."
    assert not Vote.objects.filter(poll=poll, user=user).exists()
    assert Vote.objects.filter(poll=poll).count() == 2
    assert section.get_by_role("checkbox").count() == 5  # the form is back, to vote again
    ticked = [box for box in section.get_by_role("checkbox").all() if box.is_checked()]
    assert len(ticked) == 4, "the reader corrects the choice, not starts again"
    assert_accessible(page)
    shot(page, "too-many")

    section.get_by_role("checkbox", name="Conventional karyotype").uncheck()
    section.get_by_role("checkbox", name="SNP array or other copy-number assay").uncheck()
    vote_in_place(page, section)
    assert section.locator(".poll__notice").inner_text() == THANKS
    vote = Vote.objects.get(poll=poll, user=user)
    assert sorted(choice.option.text for choice in vote.choices.all()) == [
        "FISH on CD138-selected plasma cells",
        "Next-generation sequencing panel",
    ]
    assert summary(section) == "Results from 3 respondents, so far."
    assert results(section) == [
        ("FISH on CD138-selected plasma cells Your answer", "100% (3 votes)"),
        ("Conventional karyotype", "33% (1 vote)"),
        ("SNP array or other copy-number assay", "0% (0 votes)"),
        ("Next-generation sequencing panel Your answer", "33% (1 vote)"),
        ("None routinely", "0% (0 votes)"),
    ]
    assert section.locator("li.poll-result--chosen").count() == 2
    assert "can add up to more than 100" in section.locator("figure .poll__hint").inner_text()
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "multiple-voted")


# 6. Phone width -------------------------------------------------------------------------------


def test_the_poll_and_its_results_fit_a_phone(page, polls, declare, assert_accessible, csp_errors):
    poll = polls["maintenance"]
    page.set_viewport_size(PHONE)
    declare(page)
    page.goto(FLAGSHIP_PATH)
    section = poll_on(page, poll)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    section.get_by_role(
        "radio", name="Until sustained MRD negativity, then I consider stopping"
    ).check()
    vote_in_place(page, section)
    assert section.locator("li.poll-result").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    overflow = page.evaluate(
        """(selector) => {
            const poll = document.querySelector(selector);
            const rights = [...poll.querySelectorAll('.poll-result, .poll-result *')]
                .map(element => element.getBoundingClientRect().right);
            return {scroll: poll.scrollWidth - poll.clientWidth, right: Math.max(...rights)};
        }""",
        f"#poll-{poll.pk}",
    )
    assert overflow["scroll"] <= 0
    assert overflow["right"] <= PHONE["width"]
    section.scroll_into_view_if_needed()
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "phone-results")
