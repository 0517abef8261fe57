"""Nightly snapshots of the dashboard figures, from which trends are drawn.

One row per date for the district as a whole (no school) and one per school. The unique
constraint is what makes the nightly job write each date once, however often it runs.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class Snapshot(models.Model):
    taken_on = models.DateField(help_text="The date the figures describe, in the district's time zone.")
    school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="snapshots",
        help_text="Empty for the district as a whole.",
    )
    figures = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="The figures of dashboards.figures.school_figures on that date."
    )
    backfilled = models.BooleanField(
        default=False, help_text="Computed later from history (management command), not on the night."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "school_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["taken_on", "school"], nulls_distinct=False, name="one_snapshot_per_school_and_date"
            )
        ]
        indexes = [models.Index(fields=["school", "taken_on"], name="snapshot_school_date")]

    def __str__(self):
        return f"Snapshot of {self.school or 'the district'} on {self.taken_on}"
