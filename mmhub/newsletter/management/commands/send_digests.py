"""Send the newsletter digests that are due: once (from cron), or round after round with --loop."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mmhub.newsletter import delivery


class Command(BaseCommand):
    help = (
        "Plan the digests that are due (one per subscriber and period) and hand them to the task "
        "workers in batches. Safe to run as often as you like, from several machines at once: "
        "each digest is sent once. Use --loop to keep running (healthchecks' sendreports pattern)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, one round every --interval seconds"
        )
        parser.add_argument(
            "--interval", type=int, default=300, help="Seconds between rounds with --loop"
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Send the batches in this process instead of handing them to the task workers",
        )

    def handle(self, *args, loop=False, interval=300, in_process=False, **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second, e.g. --interval 300.")
        while True:
            report = delivery.run_round(run_here=in_process)
            stamp = timezone.now().isoformat(timespec="seconds")
            self.stdout.write(f"{stamp} {report.summary()}")
            if not loop:
                return
            time.sleep(interval)
