"""Saved for later, areas of interest and recommendations, as a reader uses them in Chromium.

Bookmarking and following work in place with htmx (no page load, the change announced in a
status line) and as plain form posts without JavaScript. New accounts choose their areas of
interest after the first sign-in; recommendations say why each article is shown, and say nothing
personal once personalisation is switched off. Every step leaves a named full-page screenshot in
test-artifacts/screenshots/ and ends with axe and the Content Security Policy checked.
"""

import io
import re

import pytest
from django.core.management import call_command

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
HAEMATOLOGIST = "personal.haematologist@example.org"


def shot(page, name):
    save_screenshot(page, f"personal-{name}")


def sign_in(page, email, password=PASSWORD):
    """Sign in through the real form; returns on the page the sign-in redirected to."""
    page.goto("/accounts/login/")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state("load")


def named(action, title):
    """A button's accessible name: the visible action, then the article's title (hidden)."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(title)}$")


def accessible_name(page, selector):
    """The accessible name Chromium computes for the first element matching `selector`: what a
    screen reader is given."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        return tree["nodes"][0]["name"]["value"]
    finally:
        cdp.detach()


def reasons(scope):
    return [text.strip() for text in scope.locator(".rec__reason").all_inner_texts()]


@pytest.fixture
def readers(demo_site):
    """Demo readers for popularity and a recommender model built from them."""
    from mmhub.personal import recommend

    call_command("load_demo_reading", stdout=io.StringIO())
    recommend.rebuild()


@pytest.fixture
def haematologist(readers):
    """A haematologist who follows Maintenance therapy (so no onboarding on sign-in)."""
    from mmhub.content.models import AreaOfInterest
    from mmhub.personal.models import FollowedArea

    user = make_account(HAEMATOLOGIST, profession="physician", specialty="Haematology")
    FollowedArea.objects.create(user=user, area=AreaOfInterest.objects.get(slug="maintenance"))
    return user


# 1. Bookmark from a listing with htmx -------------------------------------------------------


def test_bookmark_from_a_listing_in_place_then_remove_it_from_saved(
    page, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto("/articles/")
    card = page.locator("article.card").first
    title = card.locator(".card__title").inner_text().strip()
    button = card.get_by_role("button", name=re.compile(r"^Bookmark\b"))
    assert title in button.text_content()  # the button's name says which article it saves

    url_before = page.url
    page.evaluate("window.__noReload = 'still here'")
    navigations = count_navigations(page)
    with page.expect_response(lambda response: "/personal/saved/" in response.url):
        button.click()
    saved_button = card.get_by_role("button", name=re.compile(r"^Saved\b"))
    saved_button.wait_for()
    assert title in saved_button.text_content()
    status = card.locator(".bookmark__status")
    assert status.inner_text().startswith("Saved for later.")
    assert status.get_by_role("link", name="See saved articles").count() == 1
    # Announced in the page's own live region, and the header count updated out of band.
    assert page.locator("#live-status").inner_text() == f"“{title}” is saved for later."
    assert page.locator("#live-status").get_attribute("role") == "status"
    assert page.locator("#saved-count .count-badge").inner_text() == "1"
    assert page.url == url_before
    assert navigations == []
    assert page.evaluate("window.__noReload") == "still here"
    assert_accessible(page)
    shot(page, "listing-saved")

    # The header's "Saved" link counts it once the page is loaded again.
    page.reload()
    header_link = page.locator(".site-nav").get_by_role("link", name=re.compile(r"^Saved\b"))
    assert header_link.locator(".count-badge").inner_text().replace("(", "").split()[0] == "1"
    header_name = accessible_name(page, ".site-nav a[href='/personal/saved/']")
    assert card.get_by_role("button", name=re.compile(r"^Saved\b")).count() == 1

    header_link.click()
    page.wait_for_url("**/personal/saved/")
    assert page.get_by_role("heading", level=1).inner_text() == "Saved for later"
    rows = page.locator(".saved-item")
    assert rows.count() == 1
    assert rows.first.get_by_role("link", name=title).count() == 1
    assert_accessible(page)
    shot(page, "saved-list")

    page.evaluate("window.__noReload = 'still here'")
    navigations = count_navigations(page)
    rows.first.get_by_role("button", name=re.compile(r"^Remove\b")).click()
    removed = page.locator(".saved-item--removed")
    removed.wait_for()
    assert removed.inner_text() == f"“{title}” is no longer saved."
    assert page.locator("#live-status").inner_text() == f"“{title}” is no longer saved."
    assert page.locator("#saved-count .count-badge").count() == 0
    assert navigations == []
    assert page.evaluate("window.__noReload") == "still here"
    assert_accessible(page)
    shot(page, "saved-removed")

    page.reload()
    assert "Nothing saved yet." in page.locator(".empty-state").inner_text()
    assert page.locator(".site-nav .count-badge").count() == 0
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "saved-empty")
    # Checked last so that the steps above run whatever it says: screen readers read the whole
    # name of the header link, which must be good English for one article.
    header_name = header_name.replace("\xa0", " ")  # a no-break space keeps the words apart
    assert header_name == "Saved (1 article)", f"header link reads {header_name!r}"


# 2. Bookmark from an article as an account holder --------------------------------------------


def test_an_account_bookmarks_an_article_and_marks_it_as_read(
    page, demo_site, assert_accessible, csp_errors
):
    from mmhub.personal.models import Bookmark

    user = make_account("bookmarker@example.org", profession="physician", specialty="Haematology")
    sign_in(page, "bookmarker@example.org")
    # First sign-in: the onboarding step asks for areas of interest; this reader skips it.
    assert path_of(page) == "/personal/areas/"
    page.get_by_role("button", name="Skip for now").click()
    page.wait_for_url(lambda url: "/personal/areas/" not in url)

    page.goto(FLAGSHIP_PATH)
    title = page.get_by_role("heading", level=1).inner_text().strip()
    actions = page.locator(".article__actions")
    actions.get_by_role("button", name=re.compile(r"^Bookmark this article\b")).click()
    actions.get_by_role("button", name=re.compile(r"^Saved\b")).wait_for()
    assert actions.locator(".bookmark__status").inner_text().startswith("Saved for later.")
    assert path_of(page) == FLAGSHIP_PATH
    assert Bookmark.objects.filter(user=user, page__slug=FLAGSHIP_PATH.split("/")[2]).exists()
    assert_accessible(page)
    shot(page, "article-saved")

    page.goto("/personal/saved/")
    to_read = page.get_by_role("region", name=re.compile(r"^To read"))
    assert to_read.get_by_role("link", name=title).count() == 1
    assert page.get_by_role("region", name=re.compile(r"^Read\b")).count() == 0
    to_read.get_by_role("button", name=named("Mark as read", title)).click()
    page.wait_for_load_state("load")

    assert path_of(page) == "/personal/saved/"
    read = page.get_by_role("region", name=re.compile(r"^Read\b"))
    assert read.get_by_role("link", name=title).count() == 1
    assert "marked as read" in read.locator(".saved-item__meta").inner_text()
    assert read.get_by_role("button", name=named("Mark as unread", title)).count() == 1
    assert (
        "You have read everything you saved."
        in page.get_by_role("region", name=re.compile(r"^To read")).inner_text()
    )
    assert Bookmark.objects.get(user=user).read_at is not None
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "saved-read")


# 3. Without JavaScript ------------------------------------------------------------------------


def test_bookmark_without_javascript_posts_and_comes_back_to_the_article(
    browser, page_without_js, declare, assert_accessible, csp_errors
):
    page = page_without_js
    declare(page)  # the gate's form is a plain POST
    page.goto(FLAGSHIP_PATH)
    title = page.get_by_role("heading", level=1).inner_text().strip()
    actions = page.locator(".article__actions")
    with page.expect_navigation():
        actions.get_by_role("button", name=re.compile(r"^Bookmark this article\b")).click()
    page.wait_for_load_state("load")

    assert path_of(page) == FLAGSHIP_PATH
    assert actions.get_by_role("button", name=re.compile(r"^Saved\b")).count() == 1
    assert f"“{title}” is saved for later." in page.locator("main").inner_text()
    count = page.locator(".site-nav .count-badge").inner_text()
    assert "1" in count
    assert csp_errors(page) == []
    shot(page, "article-saved-no-js")

    assert_served_html_accessible(
        browser, page, assert_accessible, ".article__actions .bookmark__button--saved"
    )


# 4. Onboarding --------------------------------------------------------------------------------


def test_a_new_account_chooses_its_areas_of_interest_after_the_first_sign_in(
    page, demo_site, assert_accessible, csp_errors
):
    make_account("newcomer@example.org", profession="nurse", specialty="Haemato-oncology")
    sign_in(page, "newcomer@example.org")
    assert path_of(page) == "/personal/areas/"
    assert "welcome=1" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Choose your areas of interest"
    assert_accessible(page)
    shot(page, "onboarding")

    # Nothing chosen: an error summary linking to the first checkbox.
    response_status = []
    page.on("response", lambda response: response_status.append(response.status))
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("load")
    assert path_of(page) == "/personal/areas/"
    assert 400 in response_status
    assert page.title().startswith("Error")
    alert = page.get_by_role("alert")
    assert "Choose at least one area of interest" in alert.inner_text()
    link = alert.get_by_role("link")
    target = link.get_attribute("href")
    first_checkbox = page.get_by_role("checkbox").first
    assert target == f"#{first_checkbox.get_attribute('id')}"
    fieldset = page.get_by_role("group", name=re.compile(r"^Areas of interest"))
    assert (
        "Choose at least one"
        in page.locator(f"#{fieldset.get_attribute('aria-describedby')}").inner_text()
    )
    link.click()
    assert page.evaluate("location.hash") == target
    assert_accessible(page)
    shot(page, "onboarding-error")

    page.get_by_role("checkbox", name=re.compile(r"^Maintenance therapy")).check()
    page.get_by_role("checkbox", name=re.compile(r"^CAR T-cell therapy")).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(lambda url: "/personal/areas/" not in url)
    assert path_of(page) == "/"
    assert "You follow 2 areas of interest." in page.locator("main").inner_text()
    shot(page, "onboarding-done")

    page.goto("/personal/areas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your areas of interest"
    checked = page.locator("input[type=checkbox]:checked")
    names = sorted(
        page.locator(f"label[for='{box.get_attribute('id')}'] .area-choice__name").inner_text()
        for box in checked.all()
    )
    assert names == ["CAR T-cell therapy", "Maintenance therapy"]
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "areas-chosen")

    # The step is done: signing in again goes straight to the home page.
    page.context.clear_cookies()
    sign_in(page, "newcomer@example.org")
    assert path_of(page) == "/"


def test_onboarding_after_a_sign_in_from_a_link_continues_to_where_it_was_going(
    page, declare, assert_accessible, csp_errors
):
    """The "sign in" link on Saved for later carries ?next=; the first sign-in still asks for
    areas of interest, then continues to that page."""
    make_account("returning@example.org", profession="pharmacist", specialty="Oncology pharmacy")
    declare(page)
    page.goto("/personal/saved/")
    page.locator("main").get_by_role("link", name="sign in").click()
    page.wait_for_url("**/accounts/login/**")
    assert "next=/personal/saved/" in page.url
    page.get_by_label("Email address", exact=True).fill("returning@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    shot(page, "onboarding-from-link")
    assert path_of(page) == "/personal/areas/", "the first sign-in skipped the onboarding step"
    page.get_by_role("checkbox", name=re.compile(r"^AL amyloidosis")).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(lambda url: "/personal/areas/" not in url)
    assert path_of(page) == "/personal/saved/"
    assert_accessible(page)
    assert_clean(page, csp_errors)


# 5. Recommendations with their reasons --------------------------------------------------------


def test_recommendations_say_why_on_the_home_page_the_list_and_under_an_article(
    page, haematologist, assert_accessible, csp_errors
):
    sign_in(page, HAEMATOLOGIST)
    assert path_of(page) == "/"
    section = page.get_by_role("region", name="Recommended for you")
    items = section.locator(".rec")
    assert 1 <= items.count() <= 4
    home_reasons = reasons(section)
    assert len(home_reasons) == items.count() and all(home_reasons)
    assert "Because you follow Maintenance therapy" in home_reasons
    assert section.get_by_role("link", name="More recommendations").count() == 1
    assert_accessible(page)
    shot(page, "home-recommended")

    section.get_by_role("link", name="More recommendations").click()
    page.wait_for_url("**/personal/recommended/")
    assert page.get_by_role("heading", level=1).inner_text() == "Recommended for you"
    items = page.locator(".rec")
    assert 1 <= items.count() <= 10
    list_reasons = reasons(page.locator("main"))
    assert len(list_reasons) == items.count() and all(list_reasons)
    assert "Because you follow Maintenance therapy" in list_reasons
    assert_accessible(page)
    shot(page, "recommended")

    page.goto(FLAGSHIP_PATH)
    title = page.get_by_role("heading", level=1).inner_text().strip()
    related = page.get_by_role("region", name="Related for you")
    assert 1 <= related.locator(".rec").count() <= 3
    assert all(reasons(related))
    assert title not in related.inner_text()
    assert related.get_by_role("link", name="Why these?").count() == 1
    related.scroll_into_view_if_needed()
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "article-related")


# 6. Follow an area on its page ----------------------------------------------------------------


def test_follow_an_area_in_place_and_its_articles_are_recommended(
    page, readers, declare, assert_accessible, csp_errors
):
    declare(page)
    page.goto("/areas-of-interest/car-t/")
    assert page.get_by_role("heading", level=1).inner_text() == "CAR T-cell therapy"
    follow = page.locator("form.follow")
    url_before = page.url
    page.evaluate("window.__noReload = 'still here'")
    navigations = count_navigations(page)
    follow.get_by_role("button", name="Follow this area").click()

    following = page.get_by_role("button", name=re.compile(r"^Following CAR T-cell therapy"))
    following.wait_for()
    status = page.locator("form.follow .follow__status")
    assert status.inner_text().startswith("You follow CAR T-cell therapy")
    assert page.locator("#live-status").inner_text() == "You follow CAR T-cell therapy."
    assert page.url == url_before
    assert navigations == []
    assert page.evaluate("window.__noReload") == "still here"
    assert_accessible(page)
    shot(page, "area-following")

    page.reload()
    assert following.count() == 1
    page.goto("/personal/recommended/")
    assert "Because you follow CAR T-cell therapy" in reasons(page.locator("main"))
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "recommended-car-t")


# 7. Personalisation off -----------------------------------------------------------------------


def test_switching_personalisation_off_removes_personal_reasons(
    page, haematologist, assert_accessible, csp_errors
):
    from mmhub.personal.models import ArticleRead

    sign_in(page, HAEMATOLOGIST)
    page.goto(FLAGSHIP_PATH)  # a read, recorded for this account
    assert ArticleRead.objects.filter(user=haematologist).exists()

    page.goto("/personal/how-it-works/")
    assert page.get_by_role("heading", name="Personalisation is on").count() == 1
    assert_accessible(page)
    shot(page, "how-it-works-on")
    page.get_by_role(
        "button", name="Turn personalisation off and delete my reading history"
    ).click()
    page.wait_for_load_state("load")

    assert path_of(page) == "/personal/how-it-works/"
    assert page.get_by_role("heading", name="Personalisation is off").count() == 1
    assert "Your reading history is deleted" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Turn personalisation on").count() == 1
    assert not ArticleRead.objects.filter(user=haematologist).exists()
    assert_accessible(page)
    shot(page, "how-it-works-off")

    page.goto("/personal/recommended/")
    assert "Personalisation is off" in page.locator(".lead").inner_text()
    shown = reasons(page.locator("main"))
    assert shown, "popular and new articles are still recommended"
    personal = [
        reason for reason in shown if reason.startswith(("Because you follow", "Similar to"))
    ]
    assert personal == []
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "recommended-off")


# 8. Phone width -------------------------------------------------------------------------------


def test_saved_and_recommended_fit_a_phone(page, haematologist, assert_accessible, csp_errors):
    from mmhub.content.models import ArticlePage
    from mmhub.personal.models import Bookmark

    for article in ArticlePage.objects.live().filter(verified_only=False).order_by("pk")[:2]:
        Bookmark.objects.create(user=haematologist, page=article)
    page.set_viewport_size(PHONE)
    sign_in(page, HAEMATOLOGIST)

    page.goto("/personal/saved/")
    assert page.locator(".saved-item").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    rights = page.evaluate(
        "() => [...document.querySelectorAll('.saved-item button')]"
        ".map(button => button.getBoundingClientRect().right)"
    )
    assert len(rights) == 4 and all(right <= PHONE["width"] for right in rights)
    assert_accessible(page)
    shot(page, "saved-phone")

    page.goto("/")
    assert page.get_by_role("region", name="Recommended for you").locator(".rec").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "home-recommended-phone")
