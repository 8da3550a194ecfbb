"""manage.py reconstruct_ipd: pseudo-patient data from a digitised Kaplan–Meier figure."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mmhub.evidence.reconstruction import ReconstructionError, reconstruct_dataset


class Command(BaseCommand):
    help = (
        "Rebuild patient-level data from a published KM figure (Guyot 2012) and store it as a "
        "data set flagged 'reconstructed'. CURVE: CSV arm,time,survival (proportion 0-1) read off "
        "the figure; AT_RISK: CSV arm,time,n from the table under it."
    )

    def add_arguments(self, parser):
        parser.add_argument("curve", type=Path)
        parser.add_argument("at_risk", type=Path)
        parser.add_argument("--name", required=True)
        parser.add_argument("--source", required=True, help="The publication and figure")
        parser.add_argument(
            "--time-unit", default="months", choices=["days", "weeks", "months", "years"]
        )
        parser.add_argument(
            "--events",
            action="append",
            default=[],
            metavar="ARM=N",
            help="Total events reported for an arm (repeat per arm); improves the tail",
        )

    def handle(self, *args, **options):
        total_events = {}
        for item in options["events"]:
            arm, _, count = item.rpartition("=")
            if not arm or not count.isdigit():
                raise CommandError(f"--events takes ARM=N, e.g. 'Lenalidomide=112'; got {item!r}")
            total_events[arm] = int(count)
        try:
            dataset = reconstruct_dataset(
                name=options["name"],
                source=options["source"],
                time_unit=options["time_unit"],
                points_csv=options["curve"].read_text(encoding="utf-8"),
                at_risk_csv=options["at_risk"].read_text(encoding="utf-8"),
                total_events=total_events,
            )
        except (OSError, ReconstructionError, ValidationError) as error:
            raise CommandError(f"Nothing was stored: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored '{dataset.name}': {dataset.subject_count} pseudo-patients in arms "
                f"{', '.join(dataset.arms)}. Use it in a Kaplan–Meier block; it is labelled as "
                "reconstructed."
            )
        )
