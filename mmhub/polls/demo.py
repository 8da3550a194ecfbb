"""Demo polls on the demo articles and topic pages, with seeded votes so results show.

Creates what is missing and never touches what exists, so a second run changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from mmhub.content.models import AreaOfInterest, ArticlePage

from .models import Poll, PollKind, PollOption, ResultsShown, Vote, VoteChoice
from .services import visitor_key

ACTIONS = ("add", "change", "delete", "view")


@dataclass(frozen=True)
class DemoPoll:
    question: str
    kind: str
    options: list  # (text, relative weight of demo votes)
    article_slug: str
    area_slugs: list
    opens_days_ago: int
    closes_in_days: int | None
    accounts_only: bool = True
    results_shown: str = ResultsShown.AFTER_VOTING
    max_choices: int | None = None
    visitor_votes: int = 0


DEMO_POLLS = [
    DemoPoll(
        question="How long do you continue lenalidomide maintenance in standard-risk patients?",
        kind=PollKind.SINGLE,
        options=[
            ("Until disease progression or intolerance", 9),
            ("For a fixed period of about 2 years", 4),
            ("For a fixed period of about 3 years", 3),
            ("Until sustained MRD negativity, then I consider stopping", 3),
            ("I do not usually give lenalidomide maintenance", 1),
        ],
        article_slug="myeloma-xi-lenalidomide-maintenance",
        area_slugs=["maintenance"],
        opens_days_ago=20,
        closes_in_days=70,
        accounts_only=False,
        visitor_votes=42,
    ),
    DemoPoll(
        question="Which tests do you use to assess cytogenetic risk at diagnosis?",
        kind=PollKind.MULTIPLE,
        options=[
            ("FISH on CD138-selected plasma cells", 10),
            ("Conventional karyotype", 3),
            ("SNP array or other copy-number assay", 3),
            ("Next-generation sequencing panel", 2),
            ("None routinely", 1),
        ],
        article_slug="high-risk-cytogenetics-defining-and-acting-on-risk",
        area_slugs=["diagnosis-and-staging"],
        opens_days_ago=12,
        closes_in_days=90,
        max_choices=3,
    ),
    DemoPoll(
        question="Do you use MRD results to guide treatment decisions outside clinical trials?",
        kind=PollKind.SINGLE,
        options=[
            ("Yes, for most patients", 3),
            ("Yes, in selected patients only", 6),
            ("No, only within clinical trials", 5),
            ("MRD testing is not available to me", 2),
        ],
        article_slug="myeloma-xi-mrd-after-asct-lenalidomide",
        area_slugs=[],
        opens_days_ago=60,
        closes_in_days=-5,
        results_shown=ResultsShown.AFTER_CLOSING,
    ),
]


@transaction.atomic
def load_demo_polls(seed=2026):
    """Returns the questions of the polls created (empty when all existed)."""
    grant_editors()
    rng = random.Random(seed)
    readers = list(
        get_user_model()
        .objects.filter(email__startswith="demo.reader", email__endswith="@mmhub.example")
        .order_by("email")
    )
    created = []
    for spec in DEMO_POLLS:
        if Poll.objects.filter(question=spec.question).exists():
            continue
        poll = _create_poll(spec)
        _place_in_article(poll, spec.article_slug)
        _add_demo_votes(poll, spec, readers, rng)
        created.append(spec.question)
    return created


def grant_editors():
    """The demo Editors group manages polls (a flushed database loses the migration's grant)."""
    permissions = Permission.objects.filter(
        content_type__app_label="polls", codename__in=[f"{a}_poll" for a in ACTIONS]
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


def _create_poll(spec):
    now = timezone.now()
    poll = Poll(
        question=spec.question,
        kind=spec.kind,
        max_choices=spec.max_choices,
        opens_at=now - timedelta(days=spec.opens_days_ago),
        closes_at=now + timedelta(days=spec.closes_in_days) if spec.closes_in_days else None,
        results_shown=spec.results_shown,
        accounts_only=spec.accounts_only,
    )
    poll.options = [PollOption(text=text, sort_order=i) for i, (text, _) in enumerate(spec.options)]
    poll.areas = list(AreaOfInterest.objects.filter(slug__in=spec.area_slugs))
    poll.full_clean()
    poll.save()
    return poll


def _place_in_article(poll, slug):
    """Add the poll after the article's last text block, before its references."""
    page = ArticlePage.objects.filter(
        slug=slug, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    if page is None:
        return
    page = page.get_latest_revision_as_object()
    if any(block.block_type == "poll" for block in page.body):
        return
    blocks = [(block.block_type, block.value) for block in page.body]
    position = next((i for i, (kind, _) in enumerate(blocks) if kind == "references"), len(blocks))
    blocks.insert(position, ("poll", poll))
    page.body = blocks
    page.save_revision().publish()


def _add_demo_votes(poll, spec, readers, rng):
    options = list(poll.options.order_by("sort_order"))
    weights = [weight for _, weight in spec.options]
    voters = [(reader, None) for reader in readers if rng.random() < 0.85]
    voters += [
        (None, visitor_key(f"demo-visitor-{poll.pk}-{n}")) for n in range(spec.visitor_votes)
    ]
    ends = min(timezone.now(), poll.closes_at or timezone.now())
    hours = (ends - poll.opens_at).total_seconds() / 3600
    for user, key in voters:
        cast_at = poll.opens_at + timedelta(hours=rng.uniform(0.5, hours - 0.5))
        vote = Vote.objects.create(poll=poll, user=user, visitor_key=key, cast_at=cast_at)
        if poll.is_multiple:
            chosen = {option.pk for option in rng.choices(options, weights, k=rng.randint(1, 3))}
        else:
            chosen = {rng.choices(options, weights)[0].pk}
        VoteChoice.objects.bulk_create([VoteChoice(vote=vote, option_id=pk) for pk in chosen])
