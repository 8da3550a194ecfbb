from django.core.management.base import BaseCommand

from mmhub.personal import recommend


class Command(BaseCommand):
    help = (
        "Refit the recommender from all live articles and recent bookmarks and reads "
        "(run nightly, e.g. from cron: 15 3 * * * manage.py refresh_recommendations)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--encoder",
            choices=["tfidf", "minilm"],
            help="Text encoder (default: the RECOMMENDER_ENCODER setting)",
        )

    def handle(self, *args, **options):
        snapshot = recommend.rebuild(encoder=options["encoder"])
        if snapshot is None:
            self.stdout.write("No live articles yet: nothing to recommend.")
            return
        self.stdout.write(
            f"Recommender refreshed: {snapshot.items} articles, {snapshot.users} readers, "
            f"{snapshot.interactions} interactions, {snapshot.build_seconds:.1f} s "
            f"({snapshot.encoder})."
        )
