"""Hostile text sent through every input a reader, an editor or a provider fills, then opened in
Chromium wherever it is shown: nothing in it may run, and the Content Security Policy may never
have to stop it.

Every payload of the corpus sets `window.__xss` if it ever runs. The public site's CSP would block
most inline scripts anyway, so a blocked attempt counts as a failure too (the console reports it):
the CSP is the second line of defence, escaping is the first. The Wagtail admin has no CSP, so a
payload that escapes there runs and sets the flag. Each check also finds the payload on the page
as text, which proves that the value reached the page: a test that never renders it cannot fail.

One test per kind of input, with the whole corpus batched through one browser page, to keep the
file to seconds per input.
"""

import csv
import io
from urllib.parse import quote, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.html import escape

from tests.browser.conftest import VIEWPORT
from tests.conftest import FLAGSHIP_PATH, FLAGSHIP_SLUG

pytestmark = pytest.mark.browser

CORPUS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "javascript:window.__xss=1",
    '<a href="javascript:window.__xss=1">x</a>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "{{7*7}} {% now 'Y' %} ${7*7} #{7*7}",
    "\u202e<scr\u200bipt>window.__xss=1</scr\u200dipt>\ufeff",
    '<details open ontoggle="window.__xss=1">',
    "<style>@import 'javascript:window.__xss=1';</style>",
    "<math><mtext></p><script>window.__xss=1</script>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "<img src=x onerror=window.__xss=1//",
]
# What fits a 40-character field with its spaces collapsed (a free-text registration number).
SHORT = [payload for payload in CORPUS if len(payload) <= 40 and "  " not in payload]
KM_SLUG = "methods-survival-curves-from-patient-level-data"
KM_ARTICLE = f"/articles/{KM_SLUG}/"
MRD_SLUG = "myeloma-xi-mrd-after-asct-lenalidomide"
MAINTENANCE_AREA = "/areas-of-interest/maintenance/"
ADMIN_PASSWORD = "xss-corpus-admin-2026"


def as_email(payload):
    """The payload as the quoted local part of an address, if the address is a valid one: RFC 5321
    allows <, >, / and = there, and so does Django's validator."""
    address = f'"{payload}"@example.org'
    try:
        validate_email(address)
    except ValidationError:
        return None
    return address


EMAIL_PAYLOADS = [address for address in map(as_email, CORPUS) if address]


def squash(text):
    return " ".join(text.split())


def watch(page):
    """Record the dialogs a page opens; the `page` fixture already records console messages and
    uncaught errors."""
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def new_watched_page(context):
    """Another page in `context` that records console messages, errors and dialogs."""
    page = context.new_page()
    page.console_messages = []
    page.page_errors = []
    page.on("console", lambda message: page.console_messages.append(message))
    page.on("pageerror", lambda error: page.page_errors.append(error))
    return watch(page)


# Markup a payload left in the page that would run later (a click, a toggle) or that the CSP
# stopped: the flag alone cannot see those.
ARMED_MARKUP = """() => {
    const armed = [];
    const url = /^\\s*(javascript|vbscript|data):/i;
    for (const element of document.querySelectorAll('*')) {
        const name = element.tagName.toLowerCase();
        if (['script', 'style'].includes(name) && element.textContent.includes('__xss')) {
            armed.push(element.outerHTML);
        }
        for (const attribute of element.attributes) {
            const value = attribute.value;
            if (
                (attribute.name.startsWith('on') && value.includes('__xss'))
                || (['srcdoc', 'style'].includes(attribute.name) && value.includes('__xss'))
                || (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(
                    attribute.name) && url.test(value))
            ) {
                armed.push(`<${name} ${attribute.name}="${value}">`);
            }
        }
    }
    return armed;
}"""


def assert_nothing_ran(page, csp_errors, where=""):
    """No payload ran, none was stopped by the CSP or left armed in the page, no dialog opened
    and no script broke.

    Handlers such as onerror and ontoggle run a moment after the page has loaded: wait a few
    event-loop turns before reading the flag."""
    page.wait_for_load_state("load")
    flag = page.evaluate(
        "() => new Promise(done => setTimeout(() => requestAnimationFrame("
        "() => setTimeout(() => done(window.__xss ?? null), 30)), 30))"
    )
    where = where or page.url
    assert flag is None, f"a payload ran on {where}"
    assert page.evaluate(ARMED_MARKUP) == [], f"a payload is armed in {where}"
    assert page.dialogs == [], f"a dialog opened on {where}: {page.dialogs}"
    assert csp_errors(page) == [], f"the CSP had to stop something on {where}"
    assert page.page_errors == [], f"script errors on {where}: {page.page_errors}"


def assert_shows(locator, *payloads):
    """Each payload is on the page as the text it was typed as."""
    text = squash(locator.inner_text())
    for payload in payloads:
        assert squash(payload) in text, f"{payload!r} is not shown as text"


def batches(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


@pytest.fixture
def admin_page(browser, demo_site, page):
    """A second browser, signed in to the Wagtail admin as a superuser (who may open every
    report), for the pages where editors and reviewers see what readers typed."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("xss-admin", "xss-admin@example.org", ADMIN_PASSWORD)
    context = browser.new_context(viewport=VIEWPORT, base_url=demo_site.url)
    context.set_default_timeout(10_000)
    admin = new_watched_page(context)
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill("xss-admin")
    admin.get_by_label("Password").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(lambda url: "/admin/login/" not in url)
    try:
        yield admin
    finally:
        context.close()


@pytest.fixture
def reader(page, declare):
    """The test's page, past the gate, watched for dialogs."""
    watch(page)
    declare(page)
    return page


def publish_with_blocks(slug, blocks):
    """Add StreamField blocks to an article and publish it, as the page editor's Publish does
    (validation, a revision, the page_published signal: search index and caches follow)."""
    from django.conf import settings

    from mmhub.content.models import ArticlePage

    page = ArticlePage.objects.get(slug=slug, locale__language_code=settings.LANGUAGE_CODE)
    page = page.get_latest_revision_as_object()
    page.body = list(page.body.raw_data) + [
        {"type": kind, "value": value} for kind, value in blocks
    ]
    page.body = page.body.stream_block.clean(page.body)
    page.save_revision().publish()


# 1. Profile fields ------------------------------------------------------------------------------


def test_profile_fields_are_shown_as_text_to_the_hcp_and_to_the_reviewer(
    page, admin_page, csp_errors
):
    """Every free-text field of the HCP profile, saved through the profile form, comes back in
    the form and on the reviewer's page in the admin as text."""
    from django.urls import reverse

    from mmhub.accounts.models import HcpProfile
    from tests.accounts.conftest import PASSWORD, make_account

    make_account("xss.profile@example.org")
    watch(page)
    page.goto("/accounts/login/")
    page.get_by_label("Email address", exact=True).fill("xss.profile@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    profile = HcpProfile.objects.get(user__email="xss.profile@example.org")
    review_url = reverse("hcp_verification:edit", args=[profile.pk])

    free_text = ["specialty", "workplace", "issuing_body_name"]
    page.goto("/accounts/profile/")
    for number, payloads in enumerate(batches(CORPUS, len(free_text))):
        registration = SHORT[number % len(SHORT)]
        page.locator("#id_issuing_body").select_option("other")
        for name, payload in zip(free_text, payloads, strict=False):
            page.locator(f"#id_{name}").fill(payload)
        page.locator("#id_registration_number").fill(registration)
        page.get_by_role("button", name="Save profile").click()
        page.wait_for_load_state("load")
        if "/personal/areas/" in page.url:  # the first save goes on to the next onboarding step
            page.get_by_role("button", name="Skip for now").click()
            page.wait_for_load_state("load")
            page.goto("/accounts/profile/")
        else:
            assert "Your profile is saved" in page.locator(".messages").inner_text()
        for name, payload in zip(free_text, payloads, strict=False):
            assert page.locator(f"#id_{name}").get_attribute("value") == payload
        assert page.locator("#id_registration_number").get_attribute("value") == registration
        assert_nothing_ran(page, csp_errors)

        admin_page.goto(review_url)
        assert_shows(admin_page.locator("main"), *payloads, registration)
        assert_nothing_ran(admin_page, csp_errors)


# 2. Search queries ------------------------------------------------------------------------------


def test_search_queries_are_echoed_as_text(reader, admin_page, settings, csp_errors):
    """The search page repeats the query in its title, both search boxes and its message: "More
    than N articles match", "N results for" or "No articles match". It lists matches only, so
    two articles carry the corpus as text (which also puts the payloads' words in the marked-up
    snippets of the results). A payload with a word of punctuation alone matches nothing on
    SQLite (Wagtail searches that word as an empty phrase), so not every payload gets results."""
    page = reader
    corpus_text = "<p>" + " ".join(escape(payload) for payload in CORPUS) + "</p>"
    for slug in (FLAGSHIP_SLUG, MRD_SLUG):
        publish_with_blocks(slug, [("text", corpus_text)])
    settings.SEARCH_MAX_RESULTS = 1

    messages = {}  # the message's first word ("More", "No") -> the payloads that got it
    for payload in CORPUS + [CORPUS[0] + " zzznomatch"]:
        page.goto(f"/search/?q={quote(payload)}")
        message = page.locator(".search-summary, .search-empty [role=status]")
        assert_shows(message, payload)
        messages.setdefault(message.inner_text().split(" ")[0], []).append(payload)
        assert squash(payload) in squash(page.title())
        assert page.locator("#id_q").get_attribute("value") == squash(payload)
        assert page.locator("#header-search-q").get_attribute("value") == squash(payload)
        assert_nothing_ran(page, csp_errors)
    assert {"More", "No"} <= set(messages), f"the corpus did not reach both messages: {messages}"

    settings.SEARCH_MAX_RESULTS = 500
    found = messages["More"][0]
    page.goto(f"/search/?q={quote(found)}")
    assert "2 results for" in page.locator(".search-summary").inner_text()
    assert_shows(page.locator(".search-summary"), found)
    assert page.locator(".search-result__snippet mark").count() > 0
    assert_nothing_ran(page, csp_errors)

    # Editors read the searched words, lower-cased, in the admin's search-terms report.
    admin_page.goto("/admin/reports/search-terms/")
    assert_shows(admin_page.locator("main"), *(squash(payload).lower() for payload in CORPUS[:4]))
    assert_nothing_ran(admin_page, csp_errors)


# 3. Poll texts ----------------------------------------------------------------------------------


def poll_form_data(question, options, area):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    items = [{"id": "", "text": text, "ORDER": i, "DELETE": ""} for i, text in enumerate(options)]
    return nested_form_data(
        {
            "question": question,
            "kind": "multiple",
            "max_choices": "",
            "opens_at": "2026-01-01 09:00",
            "closes_at": "",
            "results_shown": "after_voting",
            "options": inline_formset(items),
        }
    ) | {"areas": [str(area.pk)]}


def test_poll_texts_are_shown_as_text_in_the_article_the_topic_and_the_results(
    reader, editor, admin_page, csp_errors
):
    """Editors make two polls in the admin with the corpus as question and options; readers see
    them in an article and on a topic page, vote, and see the results; editors see the results."""
    from mmhub.content.models import AreaOfInterest
    from mmhub.polls.demo import grant_editors
    from mmhub.polls.models import MAX_OPTIONS, Poll

    grant_editors()  # the migration's grant is gone once an earlier test flushed the database
    page = reader
    area = AreaOfInterest.objects.get(slug="maintenance")
    polls = []
    for options in batches(CORPUS, MAX_OPTIONS):
        question = " ".join(options[:3])
        response = editor.post(
            "/admin/snippets/polls/poll/add/", poll_form_data(question, options, area)
        )
        assert response.status_code == 302, response.context["form"].errors
        poll = Poll.objects.get(question=question)
        polls.append((poll, question, options))
    publish_with_blocks(FLAGSHIP_SLUG, [("poll", polls[0][0].pk)])

    for path, in_page in ((FLAGSHIP_PATH, polls[:1]), (MAINTENANCE_AREA, polls[1:])):
        page.goto(path)
        for poll, question, options in in_page:
            section = page.locator(f"#poll-{poll.pk}")
            print(
                page.url, page.locator("section.poll").evaluate_all("s => s.map(e => e.outerHTML)")
            )
            assert_shows(section.locator("legend"), question)
            assert_shows(section.locator(".poll__options"), *options)
            assert_nothing_ran(page, csp_errors)
            for box in section.get_by_role("checkbox").all():
                box.check()
            with page.expect_response(lambda response: "/polls/" in response.url):
                section.get_by_role("button", name="Vote", exact=True).click()
            section.locator(".poll-results").wait_for()
            assert_shows(section.locator(".poll__question"), question)
            assert_shows(section.locator(".poll-results"), *options)
            assert_nothing_ran(page, csp_errors)

    page.reload()  # the topic page shows both polls, both voted in, rendered by the server
    for poll, question, options in polls:
        assert_shows(page.locator(f"#poll-{poll.pk}"), question, *options)
    assert_nothing_ran(page, csp_errors)

    admin_page.goto("/admin/snippets/polls/poll/")
    assert_shows(admin_page.locator("main"), *(question for _, question, _ in polls))
    assert_nothing_ran(admin_page, csp_errors)
    for poll, question, options in polls:
        admin_page.goto(f"/admin/snippets/polls/poll/results/{poll.pk}/")
        assert_shows(admin_page.locator("main"), question, *options)
        assert_nothing_ran(admin_page, csp_errors)


# 4. Newsletter preferences ----------------------------------------------------------------------


def send_tampered_choices(page, payload, email=None):
    """Submit the newsletter form with the payload as the chosen frequency and area, as a
    hand-made request would (the browser only offers the listed values)."""
    page.locator("input[name=frequency]").first.evaluate("(input, v) => input.value = v", payload)
    page.locator("input[name=frequency]").first.check()
    page.locator("input[name=areas]").first.evaluate("(input, v) => input.value = v", payload)
    page.locator("input[name=areas]").first.check()
    if email is not None:
        page.locator("input[name=email]").fill(email)
    with page.expect_navigation():
        page.locator("form.form--newsletter button[type=submit]").first.click()


def test_newsletter_preferences_and_addresses_are_shown_as_text(reader, csp_errors, mailoutbox):
    """The sign-up and preferences forms refuse a frequency or area that is not on offer, and say
    which value they refused; an address with the payload as its quoted local part is valid, and
    is shown on every page and in the digest."""
    from mmhub.newsletter import digests, emails
    from mmhub.newsletter.models import Subscriber

    page = reader
    page.goto("/newsletter/")
    for payload in CORPUS:  # each time on the form sent back with the last one's errors
        send_tampered_choices(page, payload, email=payload)
        errors = page.locator(".form-errors")
        assert_shows(errors, payload)
        assert page.locator("input[name=email]").get_attribute("value") == payload.strip()
        assert_nothing_ran(page, csp_errors)

    assert EMAIL_PAYLOADS, "no payload makes a valid address"
    for address in EMAIL_PAYLOADS:
        page.goto("/newsletter/")
        page.locator("input[name=email]").fill(address)
        page.locator("input[name=areas]").first.check()
        page.locator("input[name=consent]").check()
        page.get_by_role("button", name="Subscribe").click()
        page.wait_for_url("**/newsletter/thanks/")
        assert_shows(page.locator("main"), address)
        assert_nothing_ran(page, csp_errors)

        confirm_link = next(
            line for line in mailoutbox[-1].body.split() if "/newsletter/confirm/" in line
        )
        page.goto(urlsplit(confirm_link).path)
        assert_shows(page.locator("main"), address)
        assert_nothing_ran(page, csp_errors)
        page.get_by_role("button", name="Confirm my subscription").click()
        page.wait_for_load_state("load")
        assert_shows(page.locator("main"), address)
        assert_nothing_ran(page, csp_errors)

        subscriber = Subscriber.objects.get(email=address.lower())
        page.goto(f"/newsletter/manage/{subscriber.token}/")
        assert_shows(page.locator("main"), address)
        assert_nothing_ran(page, csp_errors)
        for payload in CORPUS[:4] if address == EMAIL_PAYLOADS[0] else []:
            send_tampered_choices(page, payload)
            assert_shows(page.locator(".form-errors"), payload)
            assert_nothing_ran(page, csp_errors)

        # The digest as it would be mailed, opened as a mail client's web view would open it:
        # no CSP there, so only escaping protects it.
        digest = digests.preview(subscriber, [])
        _, _, html = emails.render_digest(digest, {})
        mail_view = new_watched_page(page.context)
        mail_view.set_content(html)
        assert_shows(mail_view.locator("body"), address)
        assert_nothing_ran(mail_view, csp_errors, where=f"the digest for {address}")
        mail_view.close()


# 5. Patient-level data labels -------------------------------------------------------------------


def patient_data_csv(arms):
    """A small two-arm file: ten subjects per arm, events and censorings in both."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["subject", "arm", "time", "event"])
    for a, arm in enumerate(arms):
        for n in range(10):
            writer.writerow([f"s{a}-{n}", arm, 30 * (n + 1) + 7 * a, 1 if n % 3 else 0])
    return out.getvalue().encode()


def test_patient_data_labels_are_shown_as_text_in_the_figures_and_tables(
    reader, editor, admin_page, csp_errors
):
    """Editors import patient-level files whose arm labels are the corpus (and whose source
    names a payload too); the article's Kaplan–Meier figures, their legends and tables show
    them as text."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mmhub.evidence.models import PatientDataSet

    page = reader
    blocks = []
    for number, arms in enumerate(batches(CORPUS, 2)):
        response = editor.post(
            "/admin/snippets/evidence/patientdataset/add/",
            {
                "name": f"XSS corpus {number}",
                "description": arms[0],
                "source": arms[1],
                "time_unit": "days",
                "upload": SimpleUploadedFile("data.csv", patient_data_csv(arms), "text/csv"),
                "paramcd": "",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        dataset = PatientDataSet.objects.get(name=f"XSS corpus {number}")
        assert dataset.arms == arms
        blocks.append(
            (
                "kaplan_meier",
                {
                    "dataset": dataset.pk,
                    "title": f"Survival by arm, file {number}",
                    "reference_arm": arms[0],
                    "endpoint_label": "Overall survival",
                    "display_unit": "months",
                    "risk_interval": 3,
                    "x_max": None,
                    "confidence_interval": "log",
                    "show_ci": False,
                    "caption": "",
                },
            )
        )
    publish_with_blocks(KM_SLUG, blocks)

    page.goto(KM_ARTICLE)
    figures = page.locator(".km-plot")
    assert figures.count() == len(blocks) + 1  # the article's own figure, then ours
    for number, arms in enumerate(batches(CORPUS, 2)):
        figure = figures.nth(number + 1)
        assert_shows(figure.locator(".km-summary"), *arms)
        assert_shows(figure.locator("figcaption"), arms[1])
        legend = squash(" ".join(figure.locator("svg text").all_text_contents()))
        for arm in arms:
            assert squash(arm) in legend, f"{arm!r} is not in the figure's legend"
        assert_shows(figure.locator(".km-plot__tests"), *arms)
    page.locator(".km-plot details summary").last.click()
    assert_nothing_ran(page, csp_errors)

    admin_page.goto("/admin/snippets/evidence/patientdataset/")
    assert_nothing_ran(admin_page, csp_errors)


# 6. Machine-translation output ------------------------------------------------------------------


def test_machine_translation_output_is_sanitised_before_readers_see_it(
    reader, libretranslate, csp_errors
):
    """A provider answers every segment with a marker and a payload; the translated flagship
    shows every marker (the answers reached the page) and runs none of the payloads."""
    answers = []

    def hostile_answer(payload):
        libretranslate.requests.append(payload)
        texts = payload["q"] if isinstance(payload["q"], list) else [payload["q"]]
        out = []
        for text in texts:
            marker = f"MT{len(answers)}"
            answers.append(marker)
            out.append(f"{marker} {text} {CORPUS[len(answers) % len(CORPUS)]}")
        return 200, {"translatedText": out if isinstance(payload["q"], list) else out[0]}

    libretranslate.answer = hostile_answer
    page = reader
    page.goto("/es" + FLAGSHIP_PATH)
    assert page.locator("aside.mt-notice").is_visible()
    assert len(answers) > len(CORPUS), "the provider was not asked for the whole page"
    # All of the page's text, the closed <details> and the <head> (title, description) included.
    text = squash(
        page.evaluate(
            "document.documentElement.textContent + ' ' + "
            "[...document.querySelectorAll('meta[content]')].map(m => m.content).join(' ')"
        )
    )
    missing = [marker for marker in answers if f"{marker} " not in text + " "]
    assert missing == [], f"translations missing from the page: {missing}"
    # What the sanitiser keeps is text: the entity-encoded script, the template syntax, the
    # javascript: words outside any link.
    for kept in ("<script>window.__xss=1</script>", "{{7*7}}", "javascript:window.__xss=1"):
        assert kept in text, f"{kept!r} is not on the page as text"
    assert_nothing_ran(page, csp_errors)
