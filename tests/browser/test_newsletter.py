"""An HCP subscribes in Chromium, confirms through the emailed link, manages and unsubscribes."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import assert_clean, path_of, save_screenshot

pytestmark = pytest.mark.browser

ADDRESS = "nurse.lindqvist@example.org"


def test_subscribe_confirm_manage_and_unsubscribe(
    page, demo_site, smtp_server, declare, assert_accessible, csp_errors
):
    from mmhub.newsletter.models import Subscriber, SubscriptionStatus

    declare(page)
    page.goto("/")
    footer = page.get_by_role("region", name="Get the best content in your inbox")
    footer.get_by_role("link", name="Choose how often and your areas").click()
    assert path_of(page) == "/newsletter/"
    assert_accessible(page)

    page.get_by_label("Email address").fill(ADDRESS)
    page.get_by_role("radio", name="Monthly").check()
    page.get_by_role("checkbox", name="Maintenance therapy").check()
    page.get_by_role("checkbox", name="Send me the MM Hub newsletter").check()
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    assert ADDRESS in page.locator("main").inner_text()

    [message] = smtp_server.to(ADDRESS)
    link = urlsplit(smtp_server.link(message, "/newsletter/confirm/"))
    page.goto(link.path)
    assert Subscriber.objects.get().status == SubscriptionStatus.PENDING
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my subscription").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Subscription confirmed"
    assert Subscriber.objects.get().status == SubscriptionStatus.ACTIVE
    save_screenshot(page, "newsletter-confirmed")

    page.get_by_role("link", name="Change how often, your areas, or pause it").click()
    assert page.get_by_role("radio", name="Monthly").is_checked()
    assert page.get_by_role("checkbox", name="Maintenance therapy").is_checked()
    page.get_by_role("radio", name="Weekly").check()
    page.get_by_role("checkbox", name="Minimal residual disease (MRD)").check()
    page.get_by_role("button", name="Save my choices").click()
    assert "Your choices are saved." in page.locator("main").inner_text()
    subscriber = Subscriber.objects.get()
    assert subscriber.frequency == "weekly"
    assert sorted(area.slug for area in subscriber.areas.all()) == ["maintenance", "mrd"]
    assert_accessible(page)
    save_screenshot(page, "newsletter-manage")

    page.get_by_role("link", name="Unsubscribe").click()
    assert "Stop sending the newsletter to" in page.locator("main").inner_text()
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    assert Subscriber.objects.get().status == SubscriptionStatus.UNSUBSCRIBED
    assert len(smtp_server.messages) == 1
    assert_accessible(page)
    assert_clean(page, csp_errors)
