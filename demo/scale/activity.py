"""`seed_scale_activity`: months of activity for the schools `seed_demo --scale` added."""

from collections import defaultdict

from django.db import connection, transaction
from tqdm import tqdm

from demo.scale.facts import DistrictFacts
from demo.scale.school import SchoolActivity
from demo.scale.tables import Tables
from pathways.models import Review, Reviewer
from schools.models import Membership, School, Supervision

ADDED_SCHOOL = r"^S[0-9]{4}$"  # the codes DemoBuilder gives the schools --scale adds
# How the counts read in seed_demo's summary (the same words as the base demo's, so they add up).
LABELS = {
    "self_assessments": "self-assessments",
    "focus": "focus competencies",
    "cycles": "coaching cycles",
    "check_ins": "check-ins",
    "progress": "progress updates",
    "reminders": "check-in reminders",
    "evidence": "evidence items",
    "submissions": "credential attempts",
    "scores": "requirement scores",
    "enrollments": "pathway enrollments",
    "completions": "activity completions",
}


def _schools_to_do():
    """The schools --scale added whose staff have no self-assessment yet."""
    added = School.objects.filter(code__regex=ADDED_SCHOOL)
    done = set(
        Membership.objects.filter(school__in=added, user__self_assessments__isnull=False).values_list(
            "school_id", flat=True
        )
    )
    return [school for school in added.order_by("code") if school.pk not in done]


@transaction.atomic
def seed_scale_activity(spec, scale: int, *, progress: bool = False) -> dict[str, int]:
    """Fifteen months of activity for the schools --scale added that have none yet."""
    if scale <= 1:
        return {}
    schools = _schools_to_do()
    if not schools:
        return {}
    facts = DistrictFacts(spec)
    if not facts.ready:
        return {}
    staff = defaultdict(list)
    for user_id, school_id, role, position in (
        Membership.objects.current()
        .filter(school__in=schools)
        .order_by("school_id", "id")
        .values_list("user_id", "school_id", "role", "position")
    ):
        staff[school_id].append((user_id, role, position))
    # Who a person's check-ins escalate to: their current supervisor with the lowest id,
    # as the dispatcher picks.
    supervisor_of = {}
    for supervisor, supervisee in (
        Supervision.objects.current()
        .filter(supervisee__memberships__school__in=schools)
        .order_by("supervisee_id", "supervisor_id")
        .values_list("supervisor_id", "supervisee_id")
    ):
        supervisor_of.setdefault(supervisee, supervisor)

    tables = Tables()
    for school in tqdm(schools, desc=f"{spec.slug} activity", unit="school", disable=not progress):
        members = staff.get(school.pk, [])
        if not any(position == "Principal" for _, _, position in members):
            continue
        activity = SchoolActivity(facts, tables, school, members, supervisor_of, spec.slug)
        activity.self_assessments()
        activity.goals()
        activity.coaching()
        activity.credentials()

    counts = {}
    written = tqdm(tables.all().items(), desc=f"{spec.slug} writing", unit="table", disable=not progress)
    for name, table in written:
        counts[LABELS.get(name, name.replace("_", " "))] = table.copy()
    with connection.cursor() as cursor:
        # Reviewers' turn ("in turn" means whoever waited longest) follows what they were given.
        cursor.execute(
            f"""
            UPDATE {Reviewer._meta.db_table} r SET last_assigned_at = m.last
            FROM (SELECT reviewer_id, max(assigned_at) AS last FROM {Review._meta.db_table}
                  GROUP BY reviewer_id) m
            WHERE r.person_id = m.reviewer_id
              AND (r.last_assigned_at IS NULL OR r.last_assigned_at < m.last)
            """
        )
        for table in tables.all().values():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")
    return {what: n for what, n in counts.items() if n}
