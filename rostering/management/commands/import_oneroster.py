"""`manage.py import_oneroster <bundle.zip> --district <slug> [--dry-run]`

Runs the same import job as the page and the API (rostering.services.roster_import_run),
in this process, printing its progress; the import is kept in the district's history.
Exit status 1 when the bundle is refused or the import fails."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from district.models import District
from rostering.models import ImportSource, ImportStatus
from rostering.services import roster_import_create, roster_import_run


class Command(BaseCommand):
    help = "Import a OneRoster 1.1/1.2 CSV bundle (zip) into a district: staff, schools and roles."

    def add_arguments(self, parser):
        parser.add_argument("bundle", help="Path to the OneRoster CSV bundle (.zip).")
        parser.add_argument("--district", required=True, help="The district's slug, e.g. riverside.")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would change.")

    def handle(self, *args, bundle, district, dry_run, **options):
        found = District.objects.filter(schema_name=district).exclude(schema_name="public").first()
        if found is None:
            raise CommandError(f"No district {district!r}.")
        path = Path(bundle)
        if not path.is_file():
            raise CommandError(f"No file {bundle}.")
        with tenant_context(found), path.open("rb") as handle:
            try:
                roster_import = roster_import_create(
                    actor=None,
                    upload=File(handle, name=path.name),
                    dry_run=dry_run,
                    source=ImportSource.COMMAND,
                    queue=False,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            last = [""]

            def show(stage: str, percent: int) -> None:
                if stage != last[0]:
                    self.stdout.write(f"[{percent:3d}%] {stage}")
                    last[0] = stage

            roster_import = roster_import_run(roster_import_id=roster_import.pk, progress=show)
        self.stdout.write(f"Import #{roster_import.pk}: {roster_import.get_status_display()}")
        for error in roster_import.errors:
            self.stderr.write(error)
        if roster_import.failure:
            self.stderr.write(roster_import.failure)
        counts = roster_import.counts
        if counts and not roster_import.errors:
            verb = "Would" if roster_import.status == ImportStatus.PLANNED else "Did"
            self.stdout.write(
                f"{verb} create {counts['schools_created']} schools and {counts['people_created']} people; "
                f"change {counts['schools_changed']} schools and {counts['people_changed']} people; "
                f"deactivate {counts['schools_deactivated']} schools "
                f"and {counts['people_deactivated']} people; "
                f"add {counts['memberships_added']} roles and end {counts['memberships_ended']}; "
                f"skip {counts['people_skipped']} rows {counts['skipped_by_reason']}."
            )
        if roster_import.status in (ImportStatus.REFUSED, ImportStatus.FAILED):
            raise SystemExit(1)
