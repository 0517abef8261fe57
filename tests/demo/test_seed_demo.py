"""`seed_demo`: the demo districts, complete after one run and unchanged by the next; with
`--scale`, a larger district of realistic schools, with months of activity for the schools it
adds, written once."""

import hashlib
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from core.time import district_today
from demo.districts import LAKEVIEW, RIVERSIDE, DemoBuilder
from schools.models import GradeBand, Membership, School, Supervision

# The scale-1 demo as it was before --scale learnt realistic school sizes: every name,
# email, role and supervision. Faker is pinned (requirements/base.txt); if it is upgraded
# on purpose, the demo's names change and these are updated deliberately.
SCALE_ONE = {
    "riverside": "8d47afd2c6f1a78e14b8e5fb32c492cc5c65e1f5a2219f279d8933c940d8d9c8",
    "lakeview": "a1bd749c8512c9737a0169c61f3b202ff14fe16a96fbc36facf45e9d43515a6a",
}
TEACHERS_BY_BAND = {GradeBand.ELEMENTARY: (23, 31), GradeBand.MIDDLE: (38, 50), GradeBand.HIGH: (52, 68)}


def planned(spec, scale):
    builder = DemoBuilder(spec, scale=scale, progress=False)
    builder.plan()
    return builder


def digest(builder) -> str:
    data = {
        "people": [[e, p.first_name, p.last_name, p.title] for e, p in builder.people.items()],
        "memberships": [list(m) for m in builder.memberships],
        "supervisions": [list(s) for s in builder.supervisions],
        "schools": [list(s) for s in builder.schools],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("spec", [RIVERSIDE, LAKEVIEW], ids=lambda spec: spec.slug)
def test_scale_one_plans_exactly_the_demo_it_always_did(spec):
    assert digest(planned(spec, 1)) == SCALE_ONE[spec.slug], (
        "the scale-1 demo changed: tests and the demo script depend on its people"
    )


@pytest.mark.parametrize(("smaller", "larger"), [(1, 2), (2, 3)])
def test_a_larger_scale_plans_a_superset_of_a_smaller_one(smaller, larger):
    small, large = planned(RIVERSIDE, smaller), planned(RIVERSIDE, larger)
    for email, person in small.people.items():
        assert (large.people[email].first_name, large.people[email].last_name) == (
            person.first_name,
            person.last_name,
        ), "seeding a larger scale over a smaller one adds schools, never a second staff"
    assert set(small.schools) < set(large.schools)
    assert set(small.memberships) < set(large.memberships)
    assert set(small.supervisions) < set(large.supervisions)


def test_scale_nineteen_plans_about_six_thousand_people_in_schools_of_realistic_size():
    large = planned(RIVERSIDE, 19)

    assert len(large.schools) == 152
    assert 5_700 <= len(large.people) <= 6_300, "about 6,000 people at --scale 19"
    teachers = Counter(code for _, code, role, _ in large.memberships if role == "teacher")
    for code, _name, band, _stage in large.schools[len(RIVERSIDE.schools) :]:
        low, high = TEACHERS_BY_BAND[band]
        assert low <= teachers[code] <= high, f"{code} ({band}) has {teachers[code]} teachers"


def run(*args) -> str:
    out = io.StringIO()
    connection.set_schema_to_public()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_is_idempotent(riverside):
    run("seed_demo")
    with tenant_context(riverside):
        first = [m.objects.count() for m in (School, User, Membership, Supervision)]
        assert first[0] >= 8 and first[1] >= 120, "about 8 schools and 120 people"
        principal = User.objects.get(email="principal@riverside.example.org")
        assert principal.supervisions_received.exists() and principal.supervisions_given.count() > 5
        assert principal.check_password("lodestar-demo")
        from assessments.models import PerceptionSurvey, SelfAssessment
        from assessments.perception.selectors import perception_report

        assert SelfAssessment.objects.filter(person=principal, status="submitted").count() == 2
        assert perception_report(survey=PerceptionSurvey.objects.get(leader=principal), include_self=True)[
            "available"
        ]
        rounds = SelfAssessment.objects.count()
        from pathways.models import Credential, Submission

        teacher = User.objects.get(email="teacher@riverside.example.org")
        attempts = list(Submission.objects.filter(person=teacher).values_list("attempt", "status"))
        assert sorted(attempts) == [(1, "not_yet"), (2, "earned")], "the demo teacher's journey"
        assert Credential.objects.filter(person=teacher, revoked_at__isnull=True).count() == 1
        submissions = Submission.objects.count()
        from coaching.calendar.selectors import coaching_event_list_for_actor

        coach = User.objects.get(email="coach@riverside.example.org")
        planned = coaching_event_list_for_actor(actor=coach)
        assert sorted(planned.values_list("kind", flat=True)) == ["meeting", "observation"], "her week ahead"
        events = planned.count()
    output = run("seed_demo")
    assert "riverside: already complete" in output
    with tenant_context(riverside):
        assert [m.objects.count() for m in (School, User, Membership, Supervision)] == first
        assert SelfAssessment.objects.count() == rounds
        assert Submission.objects.count() == submissions
        assert coaching_event_list_for_actor(actor=coach).count() == events


def activity_counts():
    from assessments.models import Rating, SelfAssessment
    from coaching.models import CheckIn, CoachingCycle, Feedback, Goal, Observation, ProgressUpdate
    from pathways.models import Credential, Enrollment, Review, Submission

    models = [
        School, User, Membership, SelfAssessment, Rating, Goal, ProgressUpdate, CheckIn, CoachingCycle,
        Observation, Feedback, Submission, Review, Credential, Enrollment,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seed_demo_at_scale_two_gives_the_added_schools_months_of_activity_once(riverside, lakeview):
    from assessments.models import AssessmentWindow, Rating, SelfAssessment
    from coaching.models import CheckIn, Goal
    from pathways.models import Credential, Submission

    with tenant_context(lakeview):
        lakeview_people = User.objects.count()
    run("seed_demo", "--district", "riverside")
    with tenant_context(riverside):
        before = activity_counts()

    output = run("seed_demo", "--scale", "2", "--district", "riverside")
    assert "riverside: added" in output and "lakeview" not in output
    with tenant_context(lakeview):
        assert User.objects.count() == lakeview_people, "--district seeds only that district"
    with tenant_context(riverside), connection.cursor() as cursor:
        # Foreign keys are checked at commit, which a test never reaches: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        after = activity_counts()
        assert after["School"] == before["School"] + 8
        added = Membership.objects.filter(school__code__regex=r"^S[0-9]{4}$")
        educators = added.filter(role__in=["teacher", "coach"]).count()
        assert educators > 200

        # Realistic proportions per educator in the added schools: two or three rounds of
        # 36 indicators, a year of check-ins, a few micro-credential attempts.
        new = {name: after[name] - before[name] for name in after}
        assert 50 <= new["Rating"] / educators <= 110, new
        assert 12 <= new["CheckIn"] / educators <= 40, new
        assert 2 <= new["Submission"] / educators <= 6, new
        for name in ("Goal", "ProgressUpdate", "CoachingCycle", "Observation", "Feedback", "Review",
                     "Credential", "Enrollment"):  # fmt: skip
            assert new[name] > 0, f"no {name} added"

        people = added.values("user_id")
        statuses = Counter(CheckIn.objects.filter(owner__in=people).values_list("status", flat=True))
        assert set(statuses) == {"open", "completed", "overdue"}
        assert statuses["completed"] > 2 * statuses["overdue"], "most check-ins are answered"
        months = CheckIn.objects.filter(owner__in=people).dates("due_on", "month")
        assert len(months) >= 10, "check-ins fall due in every month of a school year"
        assert set(
            Goal.objects.filter(owner__in=people, status="active").values_list("health", flat=True)
        ) == {"on_track", "at_risk", "off_track"}
        earned = Submission.objects.filter(person__in=people, status="earned").count()
        assert Credential.objects.filter(person__in=people, kind="micro_credential").count() == earned
        submitted = SelfAssessment.objects.filter(person__in=people, status="submitted")
        assert len(submitted.dates("submitted_at", "month")) >= 8, "rounds spread over the months"
        assert Rating.objects.filter(self_assessment__in=submitted, not_applicable=True).exists()

        windows = AssessmentWindow.objects.filter(framework__audience="educators")
        today = district_today()
        assert windows.filter(closes_on__lt=today).count() >= 2, "windows closed earlier"
        assert windows.filter(opens_on__lte=today, closes_on__gte=today).exists(), "a window open now"

        # The base demo's hand-made data is untouched.
        principal = User.objects.get(email="principal@riverside.example.org")
        assert SelfAssessment.objects.filter(person=principal).count() == 2

    output = run("seed_demo", "--scale", "2", "--district", "riverside")
    assert "riverside: already complete" in output
    with tenant_context(riverside):
        assert activity_counts() == after, "running again adds nothing"
