from django.core.management.base import BaseCommand, CommandError

from demo.districts import DEMO_DISTRICTS, DEMO_PASSWORD
from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo districts riverside.localhost and lakeview.localhost with realistic "
        "schools, people and supervision. Safe to run again: it adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the number of schools and people, and give the added schools months of "
            "activity (benchmarks: --scale 19 is about 150 schools and 6,000 people).",
        )
        parser.add_argument(
            "--district",
            choices=[spec.slug for spec in DEMO_DISTRICTS],
            help="Seed only this demo district.",
        )

    def handle(self, *args, scale, district, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        seed_demo(scale=scale, progress=scale > 1, log=self.stdout.write, only=district)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo login's password is {DEMO_PASSWORD!r}.")
        )
