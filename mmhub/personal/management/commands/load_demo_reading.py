"""manage.py load_demo_reading: demo readers who bookmark and read, so recommendations have signal.

Creates (or resets) 30 fictional readers with unusable passwords, in five professions, each
reading and saving a few demo articles over the last 10 days, mostly in two areas they follow.
Seeded, so every demo shows the same recommendations. Never use it in production.
"""

import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from mmhub.accounts.models import HcpProfile
from mmhub.content.models import AreaOfInterest, ArticlePage
from mmhub.personal.models import ArticleRead, Bookmark, FollowedArea

READERS = 30
PROFILES = [
    ("physician", "Haematology"),
    ("physician", "Haematology"),
    ("physician", "Medical oncology"),
    ("nurse", "Haemato-oncology nursing"),
    ("pharmacist", "Oncology pharmacy"),
]


class Command(BaseCommand):
    help = "Create demo readers with bookmarks and reading history (for the local demo only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)

    @transaction.atomic
    def handle(self, *args, seed, **options):
        rng = random.Random(seed)
        articles = list(ArticlePage.objects.live().filter(verified_only=False).order_by("pk"))
        areas = list(AreaOfInterest.objects.order_by("pk"))
        if not articles:
            self.stdout.write("No demo articles: run load_demo_content first.")
            return
        by_area = {area.pk: [] for area in areas}
        for link in ArticlePage.areas.through.objects.filter(articlepage__in=articles):
            by_area[link.areaofinterest_id].append(link.articlepage_id)
        now = timezone.now()
        User = get_user_model()
        events = 0
        for number in range(1, READERS + 1):
            email = f"demo.reader{number:02d}@mmhub.example"
            user = User.objects.filter(email=email).first() or User(
                username=email.split("@")[0], email=email
            )
            user.set_unusable_password()
            user.save()
            profession, specialty = PROFILES[number % len(PROFILES)]
            HcpProfile.objects.update_or_create(
                user=user, defaults={"profession": profession, "specialty": specialty}
            )
            Bookmark.objects.filter(user=user).delete()
            ArticleRead.objects.filter(user=user).delete()
            FollowedArea.objects.filter(user=user).delete()
            liked = rng.sample([area for area in areas if by_area[area.pk]], 2)
            FollowedArea.objects.bulk_create([FollowedArea(user=user, area=a) for a in liked])
            pool = sorted({pk for area in liked for pk in by_area[area.pk]})
            others = [article.pk for article in articles if article.pk not in pool]
            chosen = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
            chosen += rng.sample(others, min(len(others), rng.randint(0, 2)))
            for page_id in chosen:
                when = now - timezone.timedelta(days=rng.uniform(0, 10))
                ArticleRead.objects.create(
                    user=user,
                    page_id=page_id,
                    first_read_at=when,
                    last_read_at=when,
                    times_read=rng.randint(1, 3),
                )
                events += 1
                if rng.random() < 0.4:
                    Bookmark.objects.create(user=user, page_id=page_id, created_at=when)
                    events += 1
        self.stdout.write(f"Demo reading: {READERS} readers, {events} reads and bookmarks.")
