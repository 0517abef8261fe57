"""Only the districts section of `make bench` (district/bench.py): provisioning and no-op
migrate at several numbers of synthetic districts, printed."""

from django.core.management.base import BaseCommand

from district.bench import measure, report


class Command(BaseCommand):
    help = "Time district creation and a no-op migrate_schemas at 1, 100 and 1,000 synthetic districts."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1,100,1000", help="Numbers of districts, comma-separated.")
        parser.add_argument("--runs", type=int, default=5, help="Creations from a spare timed at each size.")

    def handle(self, *args, sizes, runs, **options):
        rows = measure([int(size) for size in sizes.split(",")], runs=runs, log=self.stderr.write)
        self.stdout.write("\n".join(report(rows, runs=runs)))
