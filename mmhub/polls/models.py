""" "Your opinion matters" polls: the question and its options, and the votes cast.

Totals are never stored: they are counted from the vote rows, so concurrent votes cannot lose
an update, and the database's unique constraints keep one vote per account and per visitor.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from mmhub.content.models import AreaOfInterest

MIN_OPTIONS = 2
MAX_OPTIONS = 8


class PollKind(models.TextChoices):
    SINGLE = "single", "Single choice: one answer"
    MULTIPLE = "multiple", "Multiple choice: several answers"


class ResultsShown(models.TextChoices):
    AFTER_VOTING = "after_voting", "To each reader after they vote"
    AFTER_CLOSING = "after_closing", "Only after the poll closes"


class PollStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Poll(ClusterableModel):
    question = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=PollKind.choices, default=PollKind.SINGLE)
    max_choices = models.PositiveSmallIntegerField(
        "most answers a reader may choose",
        null=True,
        blank=True,
        help_text="Multiple choice only. Leave empty to allow any number of answers.",
    )
    opens_at = models.DateTimeField("opens", default=timezone.now)
    closes_at = models.DateTimeField(
        "closes",
        null=True,
        blank=True,
        help_text="Leave empty to keep the poll open until you set a closing date.",
    )
    results_shown = models.CharField(
        "show results",
        max_length=16,
        choices=ResultsShown.choices,
        default=ResultsShown.AFTER_VOTING,
        help_text="Once the poll closes, everyone sees the results either way.",
    )
    accounts_only = models.BooleanField(
        "only account holders may vote",
        default=True,
        help_text="Untick to let declared HCPs without an account vote too, once per browser "
        "session. Account votes are one per person; session votes are easier to repeat.",
    )
    areas = ParentalManyToManyField(
        AreaOfInterest,
        blank=True,
        related_name="polls",
        verbose_name="show on these topic pages",
        help_text="The poll appears on the page of each area chosen. To place it in an article, "
        "add a Poll block to the article's body.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("question"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("max_choices")])],
            heading="Answers readers may give",
        ),
        InlinePanel(
            "options",
            heading="Options",
            label="Option",
            min_num=MIN_OPTIONS,
            max_num=MAX_OPTIONS,
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("results_shown"),
                FieldPanel("accounts_only"),
            ],
            heading="When and who",
        ),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="poll_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.question

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The poll must close after it opens; choose a later date."
        if self.kind == PollKind.SINGLE and self.max_choices:
            errors["max_choices"] = (
                "A single-choice poll takes one answer; leave this empty or choose multiple choice."
            )
        if self.max_choices is not None and self.max_choices < 1:
            errors["max_choices"] = "Allow at least one answer, or leave this empty."
        if errors:
            raise ValidationError(errors)

    @property
    def is_multiple(self):
        return self.kind == PollKind.MULTIPLE

    def status(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return PollStatus.SCHEDULED
        if self.closes_at is not None and now >= self.closes_at:
            return PollStatus.CLOSED
        return PollStatus.OPEN

    def status_label(self):
        return PollStatus(self.status()).label

    status_label.short_description = "Status"


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=200)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class Vote(models.Model):
    """One reader's vote in one poll: an account's, or a session visitor's, or anonymised.

    `visitor_key` is a hash of a random token kept in the visitor's session, never the session
    key itself. When an account is deleted both links are cleared and the vote still counts.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poll_votes",
    )
    # NULL, not "", for accounts: the one-vote-per-visitor constraint only covers set keys.
    visitor_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=models.Q(user__isnull=False),
                name="one_vote_per_account",
            ),
            models.UniqueConstraint(
                fields=["poll", "visitor_key"],
                condition=models.Q(visitor_key__isnull=False),
                name="one_vote_per_visitor",
            ),
        ]

    def __str__(self):
        return f"Vote {self.pk} in poll {self.poll_id}"


class VoteChoice(models.Model):
    """An option chosen in a vote (several for a multiple-choice poll)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    # An option with votes cannot be removed on its own (the poll form refuses it); it goes
    # only with its poll.
    option = models.ForeignKey(PollOption, on_delete=models.RESTRICT, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "option"], name="one_choice_per_option"),
        ]

    def __str__(self):
        return f"{self.option} (vote {self.vote_id})"
