from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from district.models import District
from pathways.credentials.signing import signing_key_rotate


class Command(BaseCommand):
    help = (
        "Retire a district's Open Badges signing keys and make new ones. The old keys stay "
        "published (/issuer/keys/, /.well-known/jwks.json, the issuer profile), so credentials "
        "they signed still verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="The district's slug.")

    def handle(self, *args, district, **options):
        found = District.objects.filter(schema_name=district).first()
        if found is None:
            raise CommandError(f"No district {district!r}. `manage.py list_districts` shows them.")
        with tenant_context(found):
            key = signing_key_rotate()
        self.stdout.write(f"{district}: new signing key {key.kid} ({key.algorithm}); old keys stay.")
