"""manage.py load_demo_polls: three demo polls with seeded votes (for the local demo only)."""

from django.core.management.base import BaseCommand

from mmhub.polls.demo import load_demo_polls


class Command(BaseCommand):
    help = "Create the demo polls, place them in demo articles and topic pages, add demo votes."

    def handle(self, *args, **options):
        created = load_demo_polls()
        if created:
            for question in created:
                self.stdout.write(f"Created poll: {question}")
        else:
            self.stdout.write("The demo polls exist already; nothing changed.")
