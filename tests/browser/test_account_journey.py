"""An HCP's account from sign-up to deletion, in Chromium: every page readable, announced and tidy.

The journey test walks one person through the whole life of an account, with the confirmation
and deletion emails going through a real SMTP server. The smaller tests cover the allauth pages
the journey does not reach, the header links, the Content Security Policy and the phone layout.
Each step leaves a named full-page screenshot in test-artifacts/screenshots/.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from mmhub.gate.services import current_declaration
from tests.browser.conftest import path_of, save_screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EMAIL = "journey.haematologist@example.org"
PASSWORD = "pomalidomide-dexamethasone-2013"
WRONG_PASSWORD = "bortezomib-1234-wrong"
GMC_NUMBER = "7654321"
CLOSED_ARTICLE_HEADING = "This article is for verified healthcare professionals"


def shot(page, name):
    save_screenshot(page, f"account-{name}")


def field(page, label):
    """The form control whose label starts with `label` ("(optional)" may follow it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\b"))


def sign_in(page, email=EMAIL, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")


def make_confirmed_account(email=EMAIL, password=PASSWORD, **profile):
    """An account whose address was confirmed (as after the email link) and a profile."""
    from mmhub.accounts.models import HcpProfile

    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=password
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    HcpProfile.objects.create(user=user, **profile)
    return user


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_hcp_signs_up_confirms_completes_the_profile_asks_for_verification_and_leaves(
    page, demo_site, smtp_server, assert_accessible, csp_errors
):
    from mmhub.accounts.models import HcpProfile
    from mmhub.content.models import ArticlePage

    User = get_user_model()
    declaration = current_declaration().text

    # Sign-up: first without the declaration, which is refused with a reason.
    page.goto("/accounts/signup/")
    assert page.get_by_role("heading", level=1).inner_text() == "Create an account"
    assert_accessible(page)
    shot(page, "01-signup")

    page.get_by_label("Email address", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("checkbox", name=re.compile("privacy notice")).check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")

    assert path_of(page) == "/accounts/signup/"
    alert = page.get_by_role("alert")
    assert "tick the declaration" in alert.inner_text()
    checkbox = page.get_by_role("checkbox", name=declaration)
    assert checkbox.get_attribute("aria-invalid") == "true"
    error_id = checkbox.get_attribute("aria-describedby")
    assert "tick the declaration" in page.locator(f"#{error_id}").inner_text()
    assert page.title().startswith("Error")
    assert not User.objects.filter(email=EMAIL).exists()
    assert_accessible(page)
    shot(page, "02-signup-declaration-missing")

    # Passwords are not sent back to the browser: type them again, tick the declaration.
    assert page.get_by_label("Email address", exact=True).input_value() == EMAIL
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    checkbox.check()
    page.get_by_role("checkbox", name=re.compile("privacy notice")).check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_accessible(page)
    shot(page, "03-verify-your-email")

    # The confirmation email, through the SMTP server; the link opens a page with a button.
    (message,) = smtp_server.to(EMAIL)
    link = smtp_server.link(message, "/accounts/confirm-email/")
    page.goto(urlsplit(link).path)
    assert_accessible(page)
    shot(page, "04-confirm-email")
    assert not EmailAddress.objects.get(email=EMAIL).verified
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("load")
    assert EmailAddress.objects.get(email=EMAIL).verified

    # Sign in: the first time lands on the profile with a welcome.
    page.goto("/accounts/login/")
    assert page.get_by_role("link", name="Forgotten your password?").count() == 1
    assert_accessible(page)
    shot(page, "05-sign-in")
    sign_in(page)
    assert path_of(page) == "/accounts/profile/"
    assert "welcome=1" in page.url
    assert "Welcome to MM Hub" in page.locator("main").inner_text()
    assert_accessible(page)
    shot(page, "06-profile-welcome")

    # A GMC number one digit short is refused with what was expected.
    field(page, "Profession").select_option(label="Physician")
    field(page, "Specialty").fill("Haematology")
    field(page, "Country").select_option(label="United Kingdom")
    field(page, "Workplace").fill("St Elsewhere Hospital, Leeds")
    field(page, "Registration body").select_option(
        label="United Kingdom: General Medical Council (GMC)"
    )
    number = field(page, "Registration number")
    number.fill(GMC_NUMBER[:6])
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state("load")
    assert number.get_attribute("aria-invalid") == "true"
    explanation = page.locator(f"#{number.get_attribute('aria-describedby').split()[-1]}")
    assert "has 7 digits; this one has 6" in explanation.inner_text()
    assert page.get_by_role("button", name="Ask to be verified").count() == 0
    assert_accessible(page)
    shot(page, "07-profile-gmc-too-short")

    # Corrected, saved, and verification requested.
    assert field(page, "Profession").input_value() == "physician"
    field(page, "Registration number").fill(GMC_NUMBER)
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state("load")
    assert "Your profile is saved" in page.get_by_role("status").first.inner_text()
    # The last onboarding step: areas of interest (personalisation), then back to the profile.
    assert path_of(page) == "/personal/areas/"
    page.get_by_label("Maintenance therapy").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("load")
    assert "You follow 1 area of interest" in page.get_by_role("status").first.inner_text()
    page.goto("/accounts/profile/")
    profile = HcpProfile.objects.get(user__email=EMAIL)
    assert (profile.profession, profile.country.code, profile.issuing_body) == (
        "physician",
        "GB",
        "uk_gmc",
    )
    assert profile.registration_number == GMC_NUMBER
    shot(page, "08-profile-saved")

    page.get_by_role("button", name="Ask to be verified").click()
    page.wait_for_load_state("load")
    verification = page.get_by_role("region", name="Verification")
    assert "Waiting for review" in verification.inner_text()
    assert HcpProfile.objects.get(user__email=EMAIL).verification_status == "pending"
    assert_accessible(page)
    shot(page, "09-profile-waiting-for-review")

    # A verified-only article stays closed while the request waits, and says so.
    article = ArticlePage.objects.live().order_by("pk").first()
    ArticlePage.objects.filter(pk=article.pk).update(verified_only=True)
    response = page.goto(urlsplit(article.url).path)
    assert response.status == 403
    closed = page.get_by_role("region", name=CLOSED_ARTICLE_HEADING)
    assert "has not finished checking your registration" in closed.inner_text()
    assert_accessible(page)
    shot(page, "10-verified-only-article-pending")

    # Your data: the summary, then the JSON download with every section.
    page.goto("/accounts/your-data/")
    assert_accessible(page)
    shot(page, "11-your-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    sections = data["sections"]
    assert {"account", "hcp_profile", "hcp_declarations", "consents"} <= set(sections)
    assert sections["account"]["data"]["email"] == EMAIL
    assert sections["hcp_profile"]["data"]["registration_number"] == GMC_NUMBER
    assert sections["hcp_profile"]["data"]["verification_status"] == "Waiting for review"
    declarations = sections["hcp_declarations"]["data"]
    assert len(declarations) >= 1
    assert declarations[0]["declaration"] == declaration
    assert any("privacy notice" in consent["wording"] for consent in sections["consents"]["data"])

    # Deletion: a wrong password deletes nothing; the right one and the tick delete everything.
    page.get_by_role("link", name=re.compile("^Delete your account")).click()
    page.wait_for_url("**/accounts/delete/")
    assert_accessible(page)
    shot(page, "12-delete")
    page.get_by_label("Your password").fill(WRONG_PASSWORD)
    page.get_by_role("checkbox", name=re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state("load")
    assert path_of(page) == "/accounts/delete/"
    assert "That is not your password" in page.get_by_role("alert").inner_text()
    assert User.objects.filter(email=EMAIL).exists()
    assert_accessible(page)
    shot(page, "13-delete-wrong-password")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("checkbox", name=re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/accounts/deleted/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account has been deleted"
    assert_accessible(page)
    shot(page, "14-deleted")

    subjects = [message["Subject"] for message in smtp_server.to(EMAIL)]
    assert any("Your account has been deleted" in subject for subject in subjects), subjects
    assert not User.objects.filter(email=EMAIL).exists()
    assert not EmailAddress.objects.filter(email=EMAIL).exists()

    # The old credentials no longer open anything.
    sign_in(page)
    assert path_of(page) == "/accounts/login/"
    assert "not correct" in page.get_by_role("alert").inner_text()
    assert page.title().startswith("Error")
    account_nav = page.get_by_role("navigation", name="Your account")
    assert account_nav.get_by_role("link").all_inner_texts() == ["Sign in", "Create account"]
    shot(page, "15-sign-in-after-deletion")

    assert csp_errors(page) == []
    assert page.page_errors == []


SIGNED_IN_PAGES = {
    "password-reset": "/accounts/password/reset/",
    "password-change": "/accounts/password/change/",
    "email": "/accounts/email/",
}


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_allauth_pages_for_a_signed_in_hcp_are_accessible(
    page, demo_site, assert_accessible, csp_errors, name
):
    make_confirmed_account()
    sign_in(page)
    page.goto(SIGNED_IN_PAGES[name])
    assert path_of(page) == SIGNED_IN_PAGES[name]

    assert_accessible(page)
    assert csp_errors(page) == []
    shot(page, name)


def test_header_offers_sign_in_when_signed_out_and_the_account_when_signed_in(page, demo_site):
    make_confirmed_account(profession="physician")
    page.goto("/accounts/login/")
    account_nav = page.get_by_role("navigation", name="Your account")
    assert account_nav.get_by_role("link").all_inner_texts() == ["Sign in", "Create account"]

    sign_in(page)
    account_nav = page.get_by_role("navigation", name="Your account")
    assert account_nav.get_by_role("link").all_inner_texts() == ["Your account", "Sign out"]

    account_nav.get_by_role("link", name="Your account").click()
    page.wait_for_url("**/accounts/profile/")
    account_nav.get_by_role("link", name="Sign out").click()
    page.wait_for_url("**/accounts/logout/")
    shot(page, "sign-out")
    page.locator("main").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    account_nav = page.get_by_role("navigation", name="Your account")
    assert account_nav.get_by_role("link").all_inner_texts() == ["Sign in", "Create account"]


SIGNED_OUT_PATHS = [
    "/accounts/signup/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/deleted/",
]
SIGNED_IN_PATHS = [
    "/accounts/profile/",
    "/accounts/your-data/",
    "/accounts/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
]


def test_every_account_page_is_accessible_and_breaks_no_rule_of_the_csp(
    page, demo_site, assert_accessible, csp_errors
):
    make_confirmed_account(profession="physician")
    for path in SIGNED_OUT_PATHS:
        page.goto(path)
        page.wait_for_load_state("load")
        assert path_of(page) == path
        assert_accessible(page)
    sign_in(page)
    for path in SIGNED_IN_PATHS:
        page.goto(path)
        page.wait_for_load_state("load")
        assert path_of(page) == path
        assert_accessible(page)

    assert csp_errors(page) == []
    assert page.page_errors == []


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    page, demo_site, smtp_server, assert_accessible
):
    make_confirmed_account(profession="physician")
    new_password = "carfilzomib-weekly-2021"
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url("**/accounts/password/reset/")
    page.get_by_label("Email address", exact=True).fill(EMAIL)
    page.get_by_role("button", name="Send me the link").click()
    page.wait_for_url("**/accounts/password/reset/done/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_accessible(page)
    shot(page, "password-reset-sent")

    (message,) = smtp_server.to(EMAIL)
    page.goto(urlsplit(smtp_server.link(message, "/accounts/password/reset/key/")).path)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a new password"
    assert_accessible(page)
    shot(page, "password-reset-choose")
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("New password again").fill(new_password)
    page.get_by_role("button", name="Save the new password").click()
    page.wait_for_url("**/accounts/password/reset/key/done/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your password is changed"
    assert_accessible(page)
    shot(page, "password-reset-done")

    sign_in(page, password=new_password)
    account_nav = page.get_by_role("navigation", name="Your account")
    assert account_nav.get_by_role("link").all_inner_texts() == ["Your account", "Sign out"]


def test_sign_up_and_profile_fit_a_phone_screen(page, demo_site):
    make_confirmed_account()
    page.set_viewport_size(PHONE)

    page.goto("/accounts/signup/")
    assert fits_the_width(page)
    shot(page, "phone-signup")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")
    assert fits_the_width(page)
    shot(page, "phone-signup-errors")

    sign_in(page)
    assert path_of(page) == "/accounts/profile/"
    assert fits_the_width(page)
    shot(page, "phone-profile")

    page.goto("/accounts/your-data/")
    assert fits_the_width(page)
    # The table of what we hold becomes cards: nothing in it scrolls sideways either.
    assert page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".every(box => box.scrollWidth <= box.clientWidth)"
    )
    shot(page, "phone-your-data")
