"""The leader pipeline: who is on the leadership pathways, school by school.

A person counts at every school where they hold a current membership; central office
people (memberships without a school) under "Central office". People with no current
membership are not placed anywhere. Two queries: the counts, aggregated in SQL, and the
names behind them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q

from accounts.models import User
from pathways.models import Enrollment, EnrollmentStatus
from pathways.programs.rules import may_see_pipeline
from schools.models import Membership

CENTRAL_OFFICE = "Central office"
REFUSAL = "The leader pipeline is for the central office."


def _require_pipeline_view(actor: User) -> None:
    if not may_see_pipeline(actor=actor):
        raise PermissionDenied(REFUSAL)


def _counts_per_school():
    """Per school (by name; the central office last): how many people with a current
    membership there are enrolled in (active) and have completed a leadership pathway."""
    active, completed = EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED
    return (
        Membership.objects.current()
        .filter(
            user__enrollments__pathway__is_leadership=True,
            user__enrollments__status__in=[active, completed],
        )
        .values("school_id", "school__name")
        .annotate(
            enrolled=Count("user_id", filter=Q(user__enrollments__status=active), distinct=True),
            completed=Count("user_id", filter=Q(user__enrollments__status=completed), distinct=True),
        )
        .order_by(F("school__name").asc(nulls_last=True), "school_id")
    )


def leader_pipeline(*, actor: User) -> list[dict]:
    """Per school (by name; the central office last): enrolled (active) and completed
    counts of people on leadership pathways, and who they are (`pipeline.view`)."""
    _require_pipeline_view(actor)
    counts = _counts_per_school()
    current = Membership.objects.current()
    people = (
        Enrollment.objects.filter(
            pathway__is_leadership=True, status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED]
        )
        .filter(person__memberships__in=current)
        .values(
            "pk",
            "status",
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__email",
            "pathway_id",
            "pathway__title",
            school_id=F("person__memberships__school_id"),
        )
        .distinct()
        .order_by("person__last_name", "person__first_name", "person_id", "pathway__title", "pk")
    )
    rows = {
        row["school_id"]: {
            "school": {"id": row["school_id"], "name": row["school__name"]} if row["school_id"] else None,
            "label": row["school__name"] or CENTRAL_OFFICE,
            "enrolled_count": row["enrolled"],
            "completed_count": row["completed"],
            "enrolled": [],
            "completed": [],
        }
        for row in counts
    }
    for person in people:
        row = rows.get(person["school_id"])
        if row is None:
            continue
        name = (
            f"{person['person__first_name']} {person['person__last_name']}".strip() or person["person__email"]
        )
        entry = {
            "enrollment": person["pk"],
            "person": {"id": person["person_id"], "name": name},
            "pathway": {"id": person["pathway_id"], "title": person["pathway__title"]},
        }
        row["completed" if person["status"] == EnrollmentStatus.COMPLETED else "enrolled"].append(entry)
    return list(rows.values())


def leader_pipeline_summary(*, actor: User) -> dict:
    """The leader pipeline in numbers only (no names), for the district dashboard
    (`pipeline.view`): per
    school (by name; the central office last) how many people are enrolled in (active) and
    have completed a leadership pathway, and the district's totals, where each person
    counts once however many schools they work at. Two queries.

    Returns {"schools": [{"school": {id, name} or None, "label", "enrolled_count",
    "completed_count"}], "enrolled": n, "completed": n}.
    """
    _require_pipeline_view(actor)
    active, completed = EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED
    rows = _counts_per_school()
    totals = Enrollment.objects.filter(
        pathway__is_leadership=True, person__memberships__in=Membership.objects.current()
    ).aggregate(
        enrolled=Count("person_id", filter=Q(status=active), distinct=True),
        completed=Count("person_id", filter=Q(status=completed), distinct=True),
    )
    return {
        "schools": [
            {
                "school": {"id": row["school_id"], "name": row["school__name"]} if row["school_id"] else None,
                "label": row["school__name"] or CENTRAL_OFFICE,
                "enrolled_count": row["enrolled"],
                "completed_count": row["completed"],
            }
            for row in rows
        ],
        "enrolled": totals["enrolled"],
        "completed": totals["completed"],
    }
