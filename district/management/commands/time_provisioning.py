"""Measure how long creating a district takes on this machine, three ways in one run: from a
spare schema (the pool is filled first, untimed), by cloning the template (the fallback when
no spare is ready), and by running every migration. Throwaway districts are dropped."""

import statistics

from django.core.management.base import BaseCommand, CommandError

from district.bench import timed_create, timed_create_by_migrations
from district.models import District
from district.services import TemplateNotReadyError, template_ready_or_raise
from district.spares import spares_ready_count, spares_refill


class Command(BaseCommand):
    help = "Time district creation from a spare, by cloning the template and by running migrations."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, runs, **options):
        try:
            template_ready_or_raise()
        except TemplateNotReadyError as error:
            raise CommandError(str(error)) from None
        spares_before = spares_ready_count()
        spares_refill(target=runs)
        spared = [timed_create()[0] for _ in range(runs)]
        spares_refill(target=0)
        cloned = []
        for _ in range(runs):
            seconds, from_spare = timed_create()
            cloned.append(seconds)
            if from_spare:
                raise CommandError("A spare appeared while timing the clone: is a refill running?")
        migrated = [timed_create_by_migrations() for _ in range(runs)]
        spares_refill(target=spares_before)
        assert not District.objects.filter(schema_name__startswith="bench_new_").exists()
        for label, samples in (
            ("from a spare", spared),
            ("cloned from template", cloned),
            ("running migrations", migrated),
        ):
            self.stdout.write(
                f"{label:>22}: median {statistics.median(samples):.2f} s "
                f"(min {min(samples):.2f}, max {max(samples):.2f}, {runs} runs)"
            )
        spare = statistics.median(spared)
        self.stdout.write(
            f"a spare is {statistics.median(migrated) / spare:.0f}x faster than migrations, "
            f"{statistics.median(cloned) / spare:.0f}x faster than cloning"
        )
