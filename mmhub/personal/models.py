"""What a reader chose (bookmarks, followed areas, the personalisation switch) and read.

Every model here holds personal data and is registered in the privacy export (sections.py);
each row goes with its account (database cascade).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Bookmark(models.Model):
    """An article saved for later. One per (account, article): double clicks cannot duplicate it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    page = models.ForeignKey("content.ArticlePage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="personal_one_bookmark_per_page")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.user} saved page {self.page_id}"


class FollowedArea(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_areas"
    )
    area = models.ForeignKey("content.AreaOfInterest", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__sort_order", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="personal_follow_area_once")
        ]

    def __str__(self):
        return f"{self.user} follows area {self.area_id}"


class ArticleRead(models.Model):
    """Reading history: one row per (account, article), updated on each later visit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_reads"
    )
    page = models.ForeignKey("content.ArticlePage", on_delete=models.CASCADE, related_name="+")
    first_read_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(default=timezone.now)
    times_read = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-last_read_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="personal_one_read_row_per_page")
        ]
        indexes = [models.Index(fields=["last_read_at"])]

    def __str__(self):
        return f"{self.user} read page {self.page_id}"


class PersonalSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="personal_settings",
    )
    personalised = models.BooleanField(
        default=True,
        help_text="Off: no reading history is kept and recommendations use nothing about you",
    )
    onboarded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader chose (or skipped) areas of interest"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "personal settings"

    def __str__(self):
        return f"Personal settings of {self.user}"


class ContentVector(models.Model):
    """An article's position in the recommender's content space, refreshed when it is published."""

    page = models.OneToOneField(
        "content.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    vector = models.BinaryField(help_text="float32 values, little-endian")
    encoder = models.CharField(max_length=40)
    snapshot = models.ForeignKey(
        "RecommenderSnapshot", on_delete=models.CASCADE, related_name="content_vectors"
    )
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Content vector of page {self.page_id}"


class RecommenderSnapshot(models.Model):
    """A fitted recommender (text encoder, collaborative factors, popularity), without pickle."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    model = models.BinaryField()
    encoder = models.CharField(max_length=40)
    items = models.PositiveIntegerField()
    users = models.PositiveIntegerField()
    interactions = models.PositiveIntegerField()
    build_seconds = models.FloatField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"Recommender of {self.created_at:%Y-%m-%d %H:%M} ({self.items} articles)"
