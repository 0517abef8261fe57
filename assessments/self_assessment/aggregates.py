"""Self-assessment results in aggregate, for the central office.

Each person counts once, with their latest submitted round on the framework. Sums and
counts come from SQL per school and indicator; they are rolled up to domains (or to
competencies when a framework has no domains) in Python over that small result. A group
describing fewer than five people is suppressed.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Subquery, Sum

from accounts.models import User
from assessments.models import Framework, Item, ItemKind, Rating, SelfAssessment, SelfAssessmentStatus
from assessments.self_assessment.rules import SUMMARY_REFUSAL, may_see_summary
from assessments.windows.selectors import SMALL_GROUP
from schools.models import Membership, School


def _two(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def self_assessment_summary(*, actor: User, framework: Framework) -> dict:
    """Mean level per school and domain (or competency) for the central office
    (`self_assessment.aggregate`); anyone else is refused."""
    if not may_see_summary(actor=actor):
        raise PermissionDenied(SUMMARY_REFUSAL)
    latest = (
        SelfAssessment.objects.filter(
            framework=framework, status=SelfAssessmentStatus.SUBMITTED, person=OuterRef("person")
        )
        .order_by("-submitted_at")
        .values("pk")[:1]
    )
    school_of = (
        Membership.objects.current()
        .filter(user=OuterRef("self_assessment__person"), school__isnull=False)
        .order_by("school_id")
        .values("school_id")[:1]
    )
    rounds = SelfAssessment.objects.filter(pk=Subquery(latest), framework=framework)
    rows = (
        Rating.objects.filter(self_assessment__in=rounds.values("pk"), level__isnull=False)
        .annotate(school=Subquery(school_of))
        .filter(school__isnull=False)
        .values("school", "indicator")
        .annotate(
            total=Sum(F("level__value")), answers=Count("id"), people=Count("self_assessment", distinct=True)
        )
        # An indicator rated by fewer than five people at a school (the others marking it
        # not applicable) would show those few people's ratings: it is left out.
        .filter(people__gte=SMALL_GROUP)
    )
    people_per_school = (
        rounds.annotate(
            school=Subquery(
                Membership.objects.current()
                .filter(user=OuterRef("person"), school__isnull=False)
                .order_by("school_id")
                .values("school_id")[:1]
            )
        )
        .filter(school__isnull=False)
        .values("school")
        .annotate(people=Count("person", distinct=True))
    )
    people = {row["school"]: row["people"] for row in people_per_school}
    items = {i.pk: i for i in Item.objects.filter(framework=framework, is_retired=False)}

    def group_of(indicator_id):
        item = items.get(indicator_id)
        while item and item.parent_id:
            parent = items[item.parent_id]
            if parent.kind == ItemKind.DOMAIN or (
                parent.parent_id is None and parent.kind == ItemKind.COMPETENCY
            ):
                return parent
            item = parent
        return None

    sums = defaultdict(lambda: [Decimal(0), 0])
    for row in rows:
        group = group_of(row["indicator"])
        if group is not None:
            sums[(row["school"], group.pk)][0] += row["total"]
            sums[(row["school"], group.pk)][1] += row["answers"]
    groups = sorted(
        {g for _, g in sums}, key=lambda pk: (items[pk].sequence is None, items[pk].sequence or 0, pk)
    )
    schools = []
    for school in School.objects.filter(pk__in=people).order_by("name"):
        count = people[school.pk]
        suppressed = count < SMALL_GROUP
        schools.append(
            {
                "school": school.pk,
                "school_name": school.name,
                "people": None if suppressed else count,
                "suppressed": suppressed,
                "means": {}
                if suppressed
                else {
                    # Decimals travel as strings, as everywhere in the API.
                    items[g].code or str(g): str(_two(sums[(school.pk, g)][0] / sums[(school.pk, g)][1]))
                    for g in groups
                    if sums[(school.pk, g)][1]
                },
            }
        )
    return {
        "framework": framework.pk,
        "groups": [{"key": items[g].code or str(g), "label": items[g].label} for g in groups],
        "schools": schools,
    }
