"""Editors make polls in the Wagtail admin, place them in articles, see results and export CSV."""

import csv
import io

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from mmhub.content.models import AreaOfInterest, ArticlePage
from mmhub.polls.models import Poll, PollKind
from mmhub.polls.services import Voter, cast_vote
from tests.accounts.conftest import make_account
from tests.conftest import declare
from tests.polls.conftest import make_poll, option_ids

ADD_URL = "/admin/snippets/polls/poll/add/"
INDEX_URL = "/admin/snippets/polls/poll/"


def poll_form(options, existing=(), **fields):
    """The add/edit form as the admin submits it; `existing` are (pk, text, deleted) options."""
    items = [
        {"id": pk, "text": text, "ORDER": i, "DELETE": "1" if deleted else ""}
        for i, (pk, text, deleted) in enumerate(existing)
    ]
    items += [
        {"id": "", "text": text, "ORDER": len(items) + i, "DELETE": ""}
        for i, text in enumerate(options)
    ]
    data = {
        "question": "Do you re-biopsy at relapse?",
        "kind": PollKind.SINGLE,
        "max_choices": "",
        "opens_at": "2026-11-01 09:00",
        "closes_at": "2027-01-31 18:00",
        "results_shown": "after_voting",
        "accounts_only": "on",
        "options": inline_formset(items, initial=len(existing)),
    } | fields
    return nested_form_data({k: v for k, v in data.items() if v is not None})


def test_an_editor_creates_a_poll_shown_on_a_topic_page(editor):
    area = AreaOfInterest.objects.get(slug="relapsed-refractory")
    data = poll_form(["Always", "Sometimes", "Never"]) | {"areas": [str(area.pk)]}
    response = editor.post(ADD_URL, data)
    assert response.status_code == 302, response.context["form"].errors
    poll = Poll.objects.get(question="Do you re-biopsy at relapse?")
    assert [o.text for o in poll.options.all()] == ["Always", "Sometimes", "Never"]
    assert poll.accounts_only and list(poll.areas.all()) == [area]


@pytest.mark.parametrize(
    ("options", "fields", "message"),
    [
        (["Only one"], {}, "A poll needs at least 2 options; add another."),
        ([f"Option {n}" for n in range(9)], {}, "A poll has at most 8 options; remove one."),
        (["A", "B"], {"closes_at": "2026-10-01 09:00"}, "The poll must close after it opens"),
        (["A", "B"], {"kind": "multiple", "max_choices": "3"}, "There are only 2 options"),
        (["A", "B"], {"max_choices": "2"}, "A single-choice poll takes one answer"),
    ],
)
def test_the_admin_refuses_a_poll_that_breaks_the_rules(editor, options, fields, message):
    response = editor.post(ADD_URL, poll_form(options, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Poll.objects.exists()


def test_an_option_with_votes_cannot_be_removed_and_the_kind_cannot_change(editor):
    poll = make_poll(options=["Yes", "No"])
    voter = make_account("voted@example.org")
    cast_vote(poll, option_ids(poll, "Yes"), Voter(user=voter))
    existing = [(o.pk, o.text, o.text == "Yes") for o in poll.options.all()]
    edit_url = f"/admin/snippets/polls/poll/edit/{poll.pk}/"

    removed = editor.post(edit_url, poll_form(["Maybe"], existing=existing))
    assert "The option “Yes” has votes, so it cannot be removed." in removed.content.decode()
    switched = editor.post(
        edit_url,
        poll_form([], existing=[(pk, text, False) for pk, text, _ in existing], kind="multiple"),
    )
    assert "cannot switch between single and multiple choice" in switched.content.decode()
    poll.refresh_from_db()
    assert poll.kind == PollKind.SINGLE
    assert [o.text for o in poll.options.all()] == ["Yes", "No"]

    # Rewording an option and adding one is fine.
    reworded = [(pk, "Yes, always" if text == "Yes" else text, False) for pk, text, _ in existing]
    assert editor.post(edit_url, poll_form(["Sometimes"], existing=reworded)).status_code == 302
    assert [o.text for o in poll.options.all()] == ["Yes, always", "No", "Sometimes"]
    assert poll.votes.get().choices.get().option.text == "Yes, always"


def test_the_listing_shows_status_respondents_and_a_results_link(editor):
    poll = make_poll(options=["Yes", "No"], accounts_only=False)
    for n in range(3):
        cast_vote(poll, option_ids(poll, "Yes"), Voter(visitor_key=f"{n:064d}"))
    html = editor.get(INDEX_URL).content.decode()
    assert poll.question in html
    assert "Open" in html
    assert f"/admin/snippets/polls/poll/results/{poll.pk}/" in html
    # Dates as dates: a relative "just now" would read wrongly for a closing date ahead.
    assert poll.closes_at.strftime("%-d %b %Y") in html
    make_poll(question="Open-ended?", closes=None)
    assert "No closing date" in editor.get(INDEX_URL).content.decode()


def test_results_page_and_csv_export(editor):
    poll = make_poll(
        options=["FISH", "Karyotype", "NGS"],
        kind=PollKind.MULTIPLE,
        question="Which tests?",
        accounts_only=False,
    )
    cast_vote(poll, option_ids(poll, "FISH", "NGS"), Voter(visitor_key="a" * 64))
    cast_vote(poll, option_ids(poll, "FISH"), Voter(visitor_key="b" * 64))
    results = editor.get(f"/admin/snippets/polls/poll/results/{poll.pk}/")
    html = results.content.decode()
    assert results.status_code == 200
    assert "2</strong> respondents" in html
    assert "percentages can add up to more than 100" in html

    export = editor.get(f"/admin/snippets/polls/poll/results/{poll.pk}/csv/")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="poll-{poll.pk}-which-tests.csv"' in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["poll", "question", "status", "respondents", "option", "votes", "percent"]
    assert [row[4:] for row in rows[1:4]] == [
        ["FISH", "2", "100"],
        ["Karyotype", "0", "0"],
        ["NGS", "1", "50"],
    ]
    assert all(row[3] == "2" for row in rows[1:4])
    assert rows[5][0] == "exported_at"


def test_results_need_admin_permission(client, demo_site):
    poll = make_poll()
    make_account("reader@example.org")
    client.login(username="reader", password="lenalidomide-maintenance-2019")
    response = client.get(f"/admin/snippets/polls/poll/results/{poll.pk}/csv/")
    assert response.status_code in (302, 403)
    assert b"poll,question" not in response.content


def test_an_editor_places_a_poll_in_an_article_body(editor):
    poll = make_poll(question="Placed by an editor?")
    article = ArticlePage.objects.get(slug="myeloma-xi-lenalidomide-maintenance")
    edit = editor.get(f"/admin/pages/{article.pk}/edit/")
    assert edit.status_code == 200
    assert "Poll (Your opinion matters)" in edit.content.decode()
    article.body = [(block.block_type, block.value) for block in article.body] + [("poll", poll)]
    article.save_revision().publish()
    declare(editor)
    html = editor.get(article.url).content.decode()
    assert "Placed by an editor?" in html
    assert f'action="/polls/{poll.pk}/vote/"' in html
