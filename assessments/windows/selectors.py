"""Reads about assessment windows: who a window asks, completion, the windows one sees."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import User
from assessments.models import AssessmentWindow, SelfAssessment, SelfAssessmentStatus
from assessments.windows.rules import COMPLETION_REFUSAL, completion_scope
from core.api import get_or_404
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from core.time import district_today
from schools.models import Membership, School
from schools.selectors import school_list_for_actor

SMALL_GROUP = 5  # aggregates describing fewer people are suppressed (PRODUCT.md)


def window_people(window: AssessmentWindow) -> QuerySet[User]:
    """Everyone the window asks: a current membership in one of its roles, at one of its
    schools when it names schools."""
    memberships = Membership.objects.current().filter(role__in=window.roles)
    school_ids = list(window.schools.values_list("pk", flat=True))
    if school_ids:
        memberships = memberships.filter(school_id__in=school_ids)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))


def rounds_submitted_in(window: AssessmentWindow) -> QuerySet[SelfAssessment]:
    """The submitted rounds of the person in the outer query (`OuterRef("pk")`) that count
    for the window: on its framework, submitted while it was open."""
    return SelfAssessment.objects.filter(
        person=OuterRef("pk"),
        framework=window.framework_id,
        status=SelfAssessmentStatus.SUBMITTED,
        submitted_at__date__gte=window.opens_on,
        submitted_at__date__lte=window.closes_on,
    )


def window_completion(*, actor: User, window: AssessmentWindow) -> list[dict]:
    """Completion per school, in SQL. A school with fewer than five people in scope shows
    no numbers. Principals see only their own schools."""
    scope = completion_scope(actor=actor)
    if scope == Scope.NONE:
        raise PermissionDenied(COMPLETION_REFUSAL)
    people = window_people(window).annotate(done=Exists(rounds_submitted_in(window)))
    rows = (
        Membership.objects.current()
        .filter(role__in=window.roles, user__in=people.values("pk"), school__isnull=False)
        .values("school_id", "school__name")
        .annotate(
            in_scope=Count("user", distinct=True),
            submitted=Count("user", distinct=True, filter=Q(user__in=people.filter(done=True).values("pk"))),
        )
        .order_by("school__name")
    )
    if scope == Scope.SCHOOL:
        mine = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        rows = rows.filter(school_id__in=mine)
    result = []
    for row in rows:
        suppressed = row["in_scope"] < SMALL_GROUP
        result.append(
            {
                "school": row["school_id"],
                "school_name": row["school__name"],
                "suppressed": suppressed,
                "in_scope": None if suppressed else row["in_scope"],
                "submitted": None if suppressed else row["submitted"],
                "rate": None if suppressed else round(row["submitted"] / row["in_scope"], 3),
            }
        )
    return result


def window_list_for_actor(*, actor: User) -> QuerySet[AssessmentWindow]:
    """The central office sees every window; others the windows that ask them."""
    windows = AssessmentWindow.objects.select_related("framework").prefetch_related("schools")
    if scope_for(actor_roles(actor), "window.manage") == Scope.DISTRICT:
        return windows
    if scope_for(actor_roles(actor), "window.completion") == Scope.DISTRICT:  # integration clients
        return windows
    roles = actor_roles(actor)
    my_schools = Membership.objects.current().filter(user=actor, school__isnull=False).values("school_id")
    asks_me = Q(roles__has_any_keys=sorted(roles)) & (Q(schools__isnull=True) | Q(schools__in=my_schools))
    if Role.SCHOOL_LEADER in roles:
        # A principal follows every window that covers their school, whoever it asks.
        led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        asks_me |= Q(schools__isnull=True) | Q(schools__in=led)
    return windows.filter(asks_me).distinct() if roles else windows.none()


def window_pending_for(*, actor: User) -> list[AssessmentWindow]:
    """Open windows that ask the actor and that they have not submitted for yet."""
    today = district_today()
    candidates = window_list_for_actor(actor=actor).filter(opens_on__lte=today, closes_on__gte=today)
    return [
        w
        for w in candidates
        if window_people(w).filter(pk=actor.pk).exclude(Exists(rounds_submitted_in(w))).exists()
    ]


def window_list_pending_for_actor(*, actor: User) -> QuerySet[AssessmentWindow]:
    """The windows of window_pending_for, as a queryset of the windows the actor sees."""
    pending = [w.pk for w in window_pending_for(actor=actor)]
    return window_list_for_actor(actor=actor).filter(pk__in=pending)


def window_get_for_actor(*, actor: User, window_id) -> AssessmentWindow:
    return get_or_404(window_list_for_actor(actor=actor), window_id)


def window_school_names(*, window: AssessmentWindow) -> list[str]:
    """The names of the schools a window names (none: it asks every school), from the
    schools window_list_for_actor prefetches."""
    return [school.name for school in window.schools.all()]


def window_school_choices_for_actor(*, actor: User) -> QuerySet[School]:
    """The active schools a window opened by the actor can name."""
    return school_list_for_actor(actor=actor).filter(is_active=True)
