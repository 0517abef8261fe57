"""Measure how long creating a district takes: cloned from the template, and the slow way
(running every migration), on this machine, in one run. Throwaway districts are dropped."""

import statistics
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from district.models import District
from district.services import (
    TemplateNotReadyError,
    district_create,
    district_delete,
    template_ready_or_raise,
)


class Command(BaseCommand):
    help = "Time district creation by cloning the template versus running migrations."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)

    def _create(self) -> float:
        slug = f"timing_{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        result = district_create(slug=slug, name="Timing", domain=f"{slug.replace('_', '-')}.invalid")
        seconds = time.perf_counter() - started
        district_delete(district=result.district)
        return seconds

    def handle(self, *args, runs, **options):
        try:
            template_ready_or_raise()
        except TemplateNotReadyError as error:
            raise CommandError(str(error)) from None
        cloned = [self._create() for _ in range(runs)]
        with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
            migrated = [self._create() for _ in range(runs)]
        assert not District.objects.filter(schema_name__startswith="timing_").exists()
        for label, samples in (("cloned from template", cloned), ("running migrations", migrated)):
            self.stdout.write(
                f"{label:>22}: median {statistics.median(samples):.2f} s "
                f"(min {min(samples):.2f}, max {max(samples):.2f}, {runs} runs)"
            )
        self.stdout.write(f"cloning is {statistics.median(migrated) / statistics.median(cloned):.1f}x faster")
