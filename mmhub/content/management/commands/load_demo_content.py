"""manage.py load_demo_content: the demo site, safe to run any number of times."""

from django.core.management.base import BaseCommand

from mmhub.content.demo.loader import load_demo_content


class Command(BaseCommand):
    help = "Create the demo site (areas, sponsors, pages, articles). Existing content is left as it is."

    def handle(self, *args, **options):
        report = load_demo_content()
        for label in report.created:
            self.stdout.write(f"  created {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(report.created)} item(s) created, {report.kept} already present."
            )
        )
