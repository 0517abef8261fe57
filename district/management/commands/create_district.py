from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from district.services import TemplateNotReadyError, district_create, district_url


class Command(BaseCommand):
    help = (
        "Provision a district: its schema (a spare clone of the template, renamed), domain and "
        "first administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Schema name, e.g. riverside")
        parser.add_argument("--name", required=True, help='Display name, e.g. "Riverside Unified"')
        parser.add_argument("--domain", required=True, help="Host name, e.g. riverside.localhost")
        parser.add_argument("--timezone", default="America/New_York")
        parser.add_argument("--admin-email", help="The first district administrator's email")
        parser.add_argument("--admin-password", help="Set this password instead of printing a one-time link")

    def handle(self, *args, **options):
        if options["admin_password"] and not options["admin_email"]:
            raise CommandError("--admin-password needs --admin-email.")
        try:
            result = district_create(
                slug=options["slug"],
                name=options["name"],
                domain=options["domain"],
                timezone=options["timezone"],
                admin_email=options["admin_email"],
                admin_password=options["admin_password"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
            ) from None
        except TemplateNotReadyError as error:
            raise CommandError(str(error)) from None

        district = result.district
        self.stdout.write(
            self.style.SUCCESS(
                f"Created district {district.schema_name} ({district.name}) in {result.seconds:.2f} s: "
                f"{district_url(district)}"
            )
        )
        if not result.from_spare:
            self.stdout.write(
                self.style.WARNING(
                    "No spare schema was ready, so the template was cloned now (slower with many "
                    "districts). Keep the pool filled: `manage.py spare_schemas --fill` or the "
                    "refill task on a Celery worker."
                )
            )
        if result.admin:
            self.stdout.write(f"District administrator: {result.admin.email}")
        if result.admin_setup_link:
            self.stdout.write(f"One-time link to set their password: {result.admin_setup_link}")
