import json
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from assessments.case.exporter import framework_load_for_export, framework_to_case
from assessments.frameworks.selectors import framework_get_by_identifier
from assessments.management.commands._district import district_or_template


class Command(BaseCommand):
    help = "Export a framework, named by its CASE identifier, as a CASE package."

    def add_arguments(self, parser):
        parser.add_argument("framework", help="The framework's CASE identifier (CFDocument identifier)")
        parser.add_argument("--district", help="District slug; default: the district template")
        parser.add_argument("--case-version", choices=["1.0", "1.1"], default="1.1")
        parser.add_argument("--output", help="Write to this file instead of standard output")

    def handle(self, *args, framework, district, case_version, output, **options):
        try:
            identifier = uuid.UUID(framework)
        except ValueError:
            raise CommandError(f'"{framework}" is not a CASE identifier (a UUID).') from None
        with district_or_template(district) as where:
            found = framework_get_by_identifier(identifier=identifier)
            if found is None:
                raise CommandError(f"No framework {identifier} in {where}.")
            domain = getattr(connection.tenant, "get_primary_domain", lambda: None)()
            port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
            base = (
                f"{settings.SITE_SCHEME}://{domain.domain}{port}"
                if domain
                else "https://frameworks.lodestar.example"
            )
            package = framework_to_case(
                framework_load_for_export(framework_id=found.pk), case_version=case_version, base_uri=base
            )
        text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {found} (CASE {case_version}) to {output}.")
        else:
            self.stdout.write(text, ending="")
