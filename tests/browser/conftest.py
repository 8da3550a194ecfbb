"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against a live server.

Each test gets a fresh browser context (no cookies, no session), a live server and the demo
site in the test database. A full-page screenshot of where the test ended is saved for every
test, passed or failed, under test-artifacts/screenshots/.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import HCP_BUTTON

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses to run
# in that thread unless told that it is safe to do so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Run `make test`, which installs it (Playwright never downloads a browser here).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo site in the test database, served by the live server.

    Each transactional test ends with a flush that also removes what migrations created
    (Wagtail's root page, locale, default site); the loader rebuilds those as well.
    """
    from mmhub.content.demo.loader import load_demo_content

    load_demo_content(reviewed_translations=False)
    return live_server


@pytest.fixture
def page(browser, demo_site, request):
    """A page in a fresh browser context that records console messages and page errors."""
    yield from _open_page(browser, demo_site, request)


@pytest.fixture
def page_without_js(browser, demo_site, request):
    """The same, in a context with JavaScript switched off: forms are plain POSTs."""
    yield from _open_page(browser, demo_site, request, java_script_enabled=False)


def _open_page(browser, demo_site, request, **context_options):
    context = browser.new_context(viewport=VIEWPORT, base_url=demo_site.url, **context_options)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.console_messages = []
    pg.page_errors = []
    pg.on("console", lambda message: pg.console_messages.append(message))
    pg.on("pageerror", lambda error: pg.page_errors.append(error))
    try:
        yield pg
    finally:
        try:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            pg.screenshot(
                path=str(SCREENSHOT_DIR / f"{_safe_name(request.node.name)}.png"), full_page=True
            )
        finally:
            context.close()


def save_screenshot(page, name):
    """A named full-page screenshot of a test step, under test-artifacts/screenshots/."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def path_of(page):
    """The path of the page's current address, without query or fragment."""
    return urlsplit(page.url).path


def assert_served_html_accessible(browser, page, assert_accessible, expected_selector):
    """axe needs timers, which do not run without JavaScript: check the HTML the page was served
    in a page that runs scripts. `expected_selector` proves it is the state meant to be checked."""
    html, url = page.content(), page.url.split("#")[0]
    checker = browser.new_page(viewport=VIEWPORT)
    try:
        checker.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        checker.goto(url)
        assert checker.locator(expected_selector).count() == 1
        assert_accessible(checker)
    finally:
        checker.close()


def count_navigations(page):
    """A list that grows with every navigation of the page's main frame from now on."""
    navigations = []
    page.on(
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
    )
    return navigations


def assert_clean(page, csp_errors):
    """No Content-Security-Policy report and no uncaught script error on the page."""
    assert csp_errors(page) == []
    assert page.page_errors == []


def _safe_name(name):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


# The helpers below are handed to tests as fixtures rather than imported: test directories have
# no __init__ files, so `import conftest` could pick up another directory's conftest.


@pytest.fixture
def declare():
    """`declare(page)`: pass the gate by clicking "I am a healthcare professional"."""
    return declare_as_hcp


@pytest.fixture
def assert_accessible():
    """`assert_accessible(page)`: axe-core finds no serious or critical violations."""
    return assert_no_serious_axe_violations


@pytest.fixture
def csp_errors():
    """`csp_errors(page)`: console errors so far that mention the Content Security Policy."""
    return csp_console_errors


def declare_as_hcp(page):
    """Pass the gate as a healthcare professional and wait for the page it sends us on to."""
    if not page.url.split("?")[0].endswith("/gate/"):
        page.goto("/gate/")
    page.get_by_role("button", name=HCP_BUTTON).click()
    page.wait_for_url(lambda url: "/gate/" not in url)


def assert_no_serious_axe_violations(page):
    """Run axe-core on the current page; fail on any violation of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(
        _describe_violation(violation) for violation in violations
    )


def _describe_violation(violation):
    targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    more = len(violation["nodes"]) - len(targets)
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}; "
        f"targets: {targets}{f' and {more} more' if more > 0 else ''}"
    )


def csp_console_errors(page):
    return [
        message.text
        for message in page.console_messages
        if message.type == "error" and "Content Security Policy" in message.text
    ]
