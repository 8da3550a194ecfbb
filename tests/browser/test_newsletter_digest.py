"""The personalised digest in Chromium: an editor previews it, it reads well at 600 px and on a
phone, and the links of a digest that went through a real SMTP server work."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, path_of, save_screenshot

pytestmark = pytest.mark.browser

EDITOR = {"username": "editor", "password": "myeloma-demo-editor"}
MAINTENANCE = "Maintenance therapy"
MAINTENANCE_ARTICLE = (
    "Myeloma XI: lenalidomide maintenance versus observation after first-line therapy"
)
MAINTENANCE_ARTICLE_PATH = "/articles/myeloma-xi-lenalidomide-maintenance/"
AMYLOIDOSIS_ARTICLE = (
    "ANDROMEDA: daratumumab plus CyBorD as first-line treatment for AL amyloidosis"
)
EMAIL_WIDTH = {"width": 600, "height": 900}
PHONE = {"width": 375, "height": 812}
ADDRESS = "dr.okafor@example.org"
# The right edge of the widest element of the page, and how far the page scrolls sideways.
OVERFLOW = """() => ({
    scroll: document.documentElement.scrollWidth,
    right: Math.max(...[...document.body.querySelectorAll('*')]
        .map(element => element.getBoundingClientRect().right)),
})"""


def shot(page, name):
    save_screenshot(page, f"newsletter-digest-{name}")


def new_in_area(slug):
    """Live articles in the area, counted from the database (all the demo's are new)."""
    from mmhub.content.models import ArticlePage

    return ArticlePage.objects.live().filter(areas__slug=slug).distinct().count()


def subject_for(kind, count):
    return f"MM Hub {kind} digest: {count} new article{'' if count == 1 else 's'} in your areas"


def sign_in_to_admin(page):
    call_command("create_demo_editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/admin/")
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("Username").fill(EDITOR["username"])
    page.get_by_label("Password").fill(EDITOR["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)


# 1. The editor's preview in the Wagtail admin -------------------------------------------------


def test_an_editor_previews_a_monthly_digest_for_one_area_in_the_admin(
    page, demo_site, settings, csp_errors
):
    settings.WAGTAILADMIN_BASE_URL = demo_site.url  # the digest's links and logo: this server
    sign_in_to_admin(page)
    page.get_by_role("button", name="Newsletter").click()
    page.get_by_role("link", name="Digest preview").click()
    page.wait_for_url("**/admin/newsletter/preview/")
    assert page.get_by_role("heading", level=1).inner_text() == "Newsletter digest preview"
    # Only editors allowed to see subscribers' personal data may preview as an account.
    assert page.get_by_label("As this account (optional)").count() == 0

    page.get_by_label("Frequency").select_option(label="Monthly")
    page.get_by_role("checkbox", name=MAINTENANCE).check()
    page.get_by_role("button", name="Show the preview").click()
    page.wait_for_url("**/admin/newsletter/preview/?*")

    expected = new_in_area("maintenance")
    assert expected >= 1
    subject = page.locator("#preview-subject").inner_text()
    assert subject == f"Subject: {subject_for('monthly', expected)}"
    assert page.get_by_role("checkbox", name=MAINTENANCE).is_checked()  # the choice is kept

    email = page.frame_locator("iframe[title='HTML part of the digest']")
    expect(email.get_by_role("heading", level=1)).to_have_text("Your monthly digest")
    expect(email.locator("body")).to_contain_text(f"in {MAINTENANCE}.")
    article = email.get_by_role("link", name=MAINTENANCE_ARTICLE)
    expect(article).to_have_count(1)
    assert article.get_attribute("href").endswith(MAINTENANCE_ARTICLE_PATH)
    expect(email.locator("p.title a")).to_have_count(expected)
    expect(email.get_by_text(AMYLOIDOSIS_ARTICLE)).to_have_count(0)
    logo = email.locator("img").first
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), "logo is broken"

    text = page.locator("pre").inner_text()
    assert MAINTENANCE_ARTICLE in text
    assert AMYLOIDOSIS_ARTICLE not in text
    assert re.search(r"Change frequency, areas or pause: https?://\S+/newsletter/manage/\S+/", text)
    assert_clean(page, csp_errors)
    # The admin scrolls inside its own container: a tall window shows the whole preview.
    page.set_viewport_size({"width": 1280, "height": 3000})
    shot(page, "admin-preview")


# 2. The HTML part: accessible, and readable at 600 px and on a phone ----------------------------


def test_the_digest_html_is_accessible_and_fits_600_px_and_a_phone(
    page, demo_site, settings, assert_accessible
):
    from mmhub.content.context_processors import site_links
    from mmhub.content.models import AreaOfInterest
    from mmhub.newsletter import digests, emails
    from mmhub.newsletter.models import Frequency, Subscriber, SubscriptionStatus

    settings.WAGTAILADMIN_BASE_URL = demo_site.url  # the email's links and logo: this server
    subscriber = Subscriber(
        email=ADDRESS, frequency=Frequency.MONTHLY, status=SubscriptionStatus.ACTIVE
    )
    areas = AreaOfInterest.objects.filter(slug__in=["maintenance", "mrd"])
    digest = digests.preview(subscriber, [area.pk for area in areas])
    assert digest.new_articles, "the demo's articles are new: the digest must list some"
    _subject, _text, html = emails.render_digest(digest, site_links(None)["site_links"])

    for name, viewport in (("600px", EMAIL_WIDTH), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.set_content(html, wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "en"
        logo = page.locator("img").first
        assert logo.get_attribute("alt") is not None
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), "logo is broken"
        expect(page.get_by_role("link", name=MAINTENANCE_ARTICLE)).to_be_visible()
        expect(page.get_by_role("link", name="Unsubscribe")).to_be_visible()
        expect(page.get_by_role("link", name="View funders")).to_have_count(1)
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= viewport["width"], f"scrolls sideways at {name}"
        assert overflow["right"] <= viewport["width"], f"something sticks out at {name}"
        assert_accessible(page)
        shot(page, name)


# 3. A sent digest: its manage and unsubscribe links work ---------------------------------------


def test_the_links_of_a_sent_digest_manage_and_unsubscribe(
    page, demo_site, smtp_server, settings, declare, assert_accessible, csp_errors
):
    from django.utils import timezone

    from mmhub.content.models import AreaOfInterest
    from mmhub.newsletter import delivery, digests
    from mmhub.newsletter.models import (
        DeliveryStatus,
        DigestDelivery,
        Frequency,
        Subscriber,
        SubscriptionStatus,
    )

    settings.WAGTAILADMIN_BASE_URL = demo_site.url  # where the email's links point
    subscriber = Subscriber.objects.create(
        email=ADDRESS,
        frequency=Frequency.MONTHLY,
        status=SubscriptionStatus.ACTIVE,
        confirmed_at=timezone.now(),
    )
    subscriber.areas.set([AreaOfInterest.objects.get(slug="maintenance")])
    period = digests.period_of(Frequency.MONTHLY)

    assert delivery.plan(periods={Frequency.MONTHLY: period}) == {period: 1}
    batches, outcomes = delivery.dispatch(run_here=True)
    assert (batches, dict(outcomes)) == (1, {"sent": 1})
    assert DigestDelivery.objects.get(subscriber=subscriber).status == DeliveryStatus.SENT

    [message] = smtp_server.to(ADDRESS)
    assert message["Subject"] == subject_for("monthly", new_in_area("maintenance"))
    html = message.get_body(preferencelist=("html",)).get_content()

    def open_the_email():
        # A blank page first: content set into a page of the site would inherit the site's CSP.
        page.goto("about:blank")
        page.set_content(html, wait_until="load")

    # The manage link: the reader's choices, ready to change, without signing in.
    open_the_email()
    page.get_by_role("link", name="Change frequency, areas or pause").click()
    page.wait_for_url("**/newsletter/manage/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Your newsletter"
    assert page.get_by_role("radio", name="Monthly").is_checked()
    assert page.get_by_role("checkbox", name=MAINTENANCE).is_checked()
    assert page.get_by_role("button", name="Save my choices").count() == 1
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "manage-from-email")

    # An article's link: the gate first, then the article.
    open_the_email()
    page.get_by_role("link", name=MAINTENANCE_ARTICLE).click()
    page.wait_for_url("**/gate/**")
    declare(page)
    assert path_of(page) == MAINTENANCE_ARTICLE_PATH
    assert page.get_by_role("heading", level=1).inner_text() == MAINTENANCE_ARTICLE

    # The unsubscribe link: opening it (as link scanners do) changes nothing; the button does.
    open_the_email()
    link = page.get_by_role("link", name="Unsubscribe")
    assert f"<{link.get_attribute('href')}>" in message["List-Unsubscribe"]
    link.click()
    page.wait_for_url("**/newsletter/unsubscribe/**")
    assert f"Stop sending the newsletter to {ADDRESS}?" in page.locator("main").inner_text()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.ACTIVE
    assert_accessible(page)
    shot(page, "unsubscribe-asks")

    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert len(smtp_server.messages) == 1
    assert_accessible(page)
    assert_clean(page, csp_errors)
    shot(page, "unsubscribed")
