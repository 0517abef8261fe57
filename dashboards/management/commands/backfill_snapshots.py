import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core.time import district_today
from dashboards.snapshots import snapshot_backfill
from district.models import District


class Command(BaseCommand):
    help = (
        "Compute the dashboard snapshots a district's history is missing, so that its trends "
        "reach back before the nightly job began. Dates already taken are kept. Goal health "
        "and work in progress have no history and stay empty in back-filled snapshots."
    )

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="The district's slug (schema name).")
        parser.add_argument("--since", required=True, type=_date, help="First date, YYYY-MM-DD.")
        parser.add_argument(
            "--until", type=_date, help="Last date, YYYY-MM-DD (default: yesterday in the district)."
        )
        parser.add_argument(
            "--every", type=int, default=1, help="Days between snapshots (7 for weekly; default 1)."
        )

    def handle(self, *args, district, since, until, every, **options):
        found = District.objects.filter(schema_name=district).first()
        if found is None:
            raise CommandError(f"No district {district!r}.")
        if every < 1:
            raise CommandError("--every must be 1 or more.")
        with tenant_context(found):
            last = until or district_today() - datetime.timedelta(days=1)
            if last >= district_today():
                raise CommandError("--until must be before today: today's snapshot is taken tonight.")
            if since > last:
                raise CommandError("--since must not be after --until.")
            written = snapshot_backfill(since=since, until=last, every_days=every)
        self.stdout.write(self.style.SUCCESS(f"{district}: {written} dates back-filled ({since} to {last})."))


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD).") from error
