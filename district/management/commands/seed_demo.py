from django.core.management.base import BaseCommand, CommandError

from district.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo districts riverside.localhost and lakeview.localhost with realistic "
        "schools, people and supervision. Safe to run again: it adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the number of schools and people (benchmarks)."
        )

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        seed_demo(scale=scale, progress=scale > 1, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo login's password is {DEMO_PASSWORD!r}.")
        )
