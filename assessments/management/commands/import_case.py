import json
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from assessments.case.importer import framework_import_case
from assessments.case.updates import framework_remember_source
from assessments.case.validation import CaseValidationError
from assessments.management.commands._district import district_or_template

STEPS = ("document", "themes", "items", "associations", "rubrics")


def read_package(source: str) -> dict:
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=30) as response:
                return json.load(response)
        return json.loads(Path(source).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"Could not read a CASE package from {source}: {error}") from None


class Command(BaseCommand):
    help = (
        "Import a CASE 1.0/1.1 package (file or URL) into a district, or into the template "
        "that new districts are cloned from. Re-importing updates the framework in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A JSON file or an http(s) URL")
        parser.add_argument("--district", help="District slug; default: the district template")
        parser.add_argument("--audience", choices=["leaders", "educators"])
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Leave out associations listed twice byte for byte and read whole numbers written as "
            'strings ("sequenceNumber": "1") as numbers, listing each repair; refused otherwise.',
        )

    def handle(self, *args, source, district, audience, repair, **options):
        package = read_package(source)
        with (
            district_or_template(district) as where,
            tqdm(total=len(STEPS), desc="import", unit="step") as bar,
        ):
            try:
                result = framework_import_case(
                    actor=None,
                    package=package,
                    audience=audience,
                    progress=lambda _: bar.update(1),
                    repair=repair,
                )
            except CaseValidationError as refused:
                raise CommandError(str(refused)) from None
            if source.startswith(("http://", "https://")):  # to check it for updates later
                framework_remember_source(actor=None, framework=result.framework, url=source)
        for repaired in result.repairs:
            self.stdout.write(self.style.WARNING(f"Repaired {repaired}"))
        verb = "Imported" if result.created else "Updated"
        counts = ", ".join(f"{n} {what}" for what, n in result.counts.items() if n)
        self.stdout.write(self.style.SUCCESS(f"{verb} {result.framework} into {where}: {counts}."))
