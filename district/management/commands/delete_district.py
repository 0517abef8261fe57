from django.core.management.base import BaseCommand, CommandError

from district.models import District
from district.services import district_delete


class Command(BaseCommand):
    help = "Drop a district: its schema, every record in it, and its domains. Irreversible."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--yes-delete-everything", action="store_true", help="Confirm; without it nothing happens."
        )

    def handle(self, *args, slug, yes_delete_everything, **options):
        district = District.objects.filter(schema_name=slug).exclude(schema_name="public").first()
        if district is None:
            raise CommandError(f'No district with the slug "{slug}".')
        if not yes_delete_everything:
            raise CommandError(
                f"This drops {district.name} ({slug}) and all its data for good. "
                "Run again with --yes-delete-everything to confirm."
            )
        district_delete(district=district)
        self.stdout.write(self.style.SUCCESS(f"Deleted district {slug} and its schema."))
