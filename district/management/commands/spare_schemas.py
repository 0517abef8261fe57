"""Show or refill the pool of spare district schemas (district/spares.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from district.migration_state import code_migration_state
from district.models import SchemaState
from district.spares import spares_ready_count, spares_refill


class Command(BaseCommand):
    help = "Show the spare district schemas, or --fill the pool (discarding stale spares)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fill", action="store_true", help="Discard stale spares and clone up to the target."
        )
        parser.add_argument(
            "--target", type=int, default=None, help="Spares to keep (default: DISTRICT_SPARE_SCHEMAS)."
        )

    def handle(self, *args, fill, target, **options):
        if fill:
            discarded, cloned = spares_refill(target=target)
            self.stdout.write(f"Discarded {discarded} stale spare(s), cloned {cloned}.")
        stale = SchemaState.objects.filter(kind=SchemaState.SPARE).exclude(
            migration_state=code_migration_state()
        )
        self.stdout.write(
            f"Spare schemas ready: {spares_ready_count()} (target {settings.DISTRICT_SPARE_SCHEMAS}); "
            f"stale: {stale.count()}."
        )
