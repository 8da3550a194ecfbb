"""A healthcare professional meets the gate, declares with the keyboard alone and reads on."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.html import strip_tags

from tests.conftest import FLAGSHIP_PATH, FLAGSHIP_SLUG, HCP_BUTTON

pytestmark = pytest.mark.browser

FLAGSHIP_TITLE = "Myeloma XI: lenalidomide maintenance versus observation after first-line therapy"
MAX_TABS = 30

# The focused element: is it inside the viewport, and is its centre not covered by another element?
FOCUS_STATE = """() => {
  const el = document.activeElement;
  const rect = el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {
    description: el.outerHTML.slice(0, 160),
    text: (el.innerText || '').trim(),
    role: el.getAttribute('role'),
    inViewport: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0
      && rect.bottom <= window.innerHeight && rect.right <= window.innerWidth,
    notObscured: hit !== null && el.contains(hit),
  };
}"""


def test_first_visit_to_an_article_lands_on_the_gate_with_focus_on_the_dialog(page):
    page.goto(FLAGSHIP_PATH)

    url = urlsplit(page.url)
    assert url.path == "/gate/"
    assert parse_qs(url.query)["next"] == [FLAGSHIP_PATH]
    assert page.get_by_role("heading", level=1).inner_text() == (
        "This website is for healthcare professionals"
    )
    assert page.evaluate("document.activeElement.getAttribute('role')") == "dialog"


def test_gate_page_shows_nothing_of_the_article(page):
    from mmhub.content.models import ArticlePage

    article = ArticlePage.objects.get(slug=FLAGSHIP_SLUG)
    first_text_block = next(block for block in article.body if block.block_type == "text")
    first_paragraph = re.search(r"<p>(.*?)</p>", first_text_block.value.source).group(1)
    opening_words = strip_tags(first_paragraph)[:60]
    assert len(opening_words) > 20
    page.goto(FLAGSHIP_PATH)

    assert urlsplit(page.url).path == "/gate/"
    # The page's HTML carries the article's address (the `next` field), but none of its words.
    html = page.content()
    text = page.inner_text("body")
    for secret in (article.title, article.standfirst, opening_words):
        assert secret not in html
    for word in ("Myeloma XI", "lenalidomide", "observation"):
        assert word.lower() not in text.lower()


def test_keyboard_only_declaration_opens_the_article_without_obscured_focus(page):
    page.goto(FLAGSHIP_PATH)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "dialog"

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STATE)
        assert focused["inViewport"], f"focused element outside the viewport: {focused}"
        assert focused["notObscured"], f"focused element covered by another: {focused}"
        if focused["text"] == HCP_BUTTON:
            break
    else:
        pytest.fail(f"'{HCP_BUTTON}' not reached in {MAX_TABS} presses of Tab")

    page.keyboard.press("Enter")
    page.wait_for_url(f"**{FLAGSHIP_PATH}")

    assert urlsplit(page.url).path == FLAGSHIP_PATH
    assert page.get_by_role("heading", level=1).inner_text() == FLAGSHIP_TITLE


def test_after_declaring_other_pages_open_without_the_gate(page, declare, demo_site):
    from mmhub.content.models import ArticlePage

    other = ArticlePage.objects.live().exclude(slug=FLAGSHIP_SLUG).first()
    other_path = urlsplit(other.url).path
    page.goto(FLAGSHIP_PATH)
    declare(page)
    assert urlsplit(page.url).path == FLAGSHIP_PATH

    page.goto(other_path)
    assert urlsplit(page.url).path == other_path
    assert page.get_by_role("heading", level=1).inner_text() == other.title

    page.goto("/")
    assert urlsplit(page.url).path == "/"

    cookies = {cookie["name"]: cookie for cookie in page.context.cookies(demo_site.url)}
    assert "mmhub_hcp" in cookies
    assert cookies["mmhub_hcp"]["httpOnly"] is True


def test_declaring_never_sends_the_visitor_to_another_site(page, declare, demo_site):
    page.goto("/gate/?next=https://evil.example/")
    declare(page)

    assert page.url == f"{demo_site.url}/"
    assert "evil.example" not in page.url
