"""A notification that asks for something is marked read once that thing is done: the
inbox's unread count drops when a check-in is answered, feedback acknowledged, a review
completed or a goal decided, for everyone who was asked, and for nothing else."""

import pytest
from django.urls import reverse

from coaching.checkins.services import check_in_dispatch
from coaching.models import CheckIn
from core.roles import Role
from notifications.models import Kind, Notification
from notifications.services import Draft, notify_many
from pathways.reviews.services.assignment import review_assign
from pathways.reviews.services.scoring import review_complete
from schools.models import DistrictPolicy
from tests.coaching.checkins.test_checkin_dispatch import active_goal
from tests.coaching.conftest import world
from tests.coaching.cycles.test_cycles import advance, start
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import all_scores, make_reviewer, micro_credential, waiting_submission
from tests.support import days

__all__ = ["world"]
pytestmark = pytest.mark.django_db


def unread(client) -> int:
    response = client.get("/api/v1/notifications/unread-count/")
    assert response.status_code == 200, response.content
    return response.json()["unread"]


def unread_kinds(recipient) -> list[str]:
    return sorted(
        Notification.objects.filter(recipient=recipient, read_at__isnull=True).values_list("kind", flat=True)
    )


def test_answering_a_check_in_clears_its_reminders_and_its_escalation(api):
    teacher, principal = person(Role.TEACHER), person(Role.SCHOOL_LEADER)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    goal = active_goal(teacher, anchor=days(-5))
    other_goal = active_goal(teacher, anchor=days(-5), statement="Another goal, its check-in still owed")
    check_in_dispatch()
    answered, owed = CheckIn.objects.get(goal=goal), CheckIn.objects.get(goal=other_goal)
    url = reverse("coaching:check-in-detail", args=[answered.pk])
    notify_many(
        [
            Draft(recipient_id=teacher.pk, kind=Kind.CHECK_IN_OVERDUE, title="Overdue", url=url),
            Draft(recipient_id=principal.pk, kind=Kind.CHECK_IN_ESCALATED, title="Long overdue", url=url),
            Draft(
                recipient_id=teacher.pk, kind=Kind.NUDGE, title="Pat reminds you of your check-in", url=url
            ),
        ]
    )
    owner, boss = api(teacher), api(principal)
    assert unread(owner) == 4 and unread(boss) == 1

    response = owner.post(f"/api/v1/check-ins/{answered.pk}/complete/", {"progress_rating": 3}, format="json")

    assert response.status_code == 200, response.content
    assert unread(owner) == 1, "only the other check-in's notification is still unread"
    assert unread_kinds(teacher) == [Kind.CHECK_IN_OPENED]
    still = Notification.objects.get(recipient=teacher, read_at__isnull=True)
    assert still.url == reverse("coaching:check-in-detail", args=[owed.pk])
    assert unread(boss) == 0, "the escalation is settled too: there is nothing left to chase"


def test_a_refused_answer_leaves_the_notifications_unread(api):
    teacher = person(Role.TEACHER)
    active_goal(teacher, anchor=days(-5))
    check_in_dispatch()
    check_in = CheckIn.objects.get(owner=teacher)

    response = api(teacher).post(
        f"/api/v1/check-ins/{check_in.pk}/complete/", {"progress_rating": 9}, format="json"
    )

    assert response.status_code == 400
    assert unread(api(teacher)) == 1, "nothing was done, so nothing is settled"


def test_acknowledging_feedback_clears_the_feedback_notification(world, api):
    coach, teacher = api(world.coach), api(world.teacher)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "feedback")
    given = coach.post(
        "/api/v1/feedback/",
        {"cycle": cycle["id"], "strengths": "Clear goals.", "next_steps": "Wait longer."},
        format="json",
    ).json()
    unrelated = Notification.objects.create(
        recipient=world.teacher, kind=Kind.FEEDBACK_RECEIVED, title="Older", url="/feedback/999999/"
    )
    before = unread(teacher)
    assert Kind.FEEDBACK_RECEIVED in unread_kinds(world.teacher)

    acknowledged = teacher.post(
        f"/api/v1/feedback/{given['id']}/acknowledge/", {"reflection": "Yes."}, format="json"
    )

    assert acknowledged.status_code == 200, acknowledged.content
    assert unread(teacher) == before - 1
    received = Notification.objects.filter(recipient=world.teacher, kind=Kind.FEEDBACK_RECEIVED)
    assert [n.pk for n in received if n.read_at is None] == [unrelated.pk]


def test_completing_a_review_clears_the_assignment_and_its_reminders():
    reviewer, admin = person(Role.COACH), person(Role.DISTRICT_ADMIN)
    make_reviewer(reviewer)
    submission = waiting_submission(person(Role.TEACHER), micro_credential())
    review = review_assign(submission=submission)
    url = reverse("pathways:review-detail", args=[review.pk])
    notify_many(
        [
            Draft(recipient_id=reviewer.pk, kind=Kind.REVIEW_REMINDER, title="Waited 7 days", url=url),
            Draft(recipient_id=admin.pk, kind=Kind.REVIEW_REMINDER, title="Waited 14 days", url=url),
        ]
    )
    assert unread_kinds(reviewer) == [Kind.REVIEW_ASSIGNED, Kind.REVIEW_REMINDER]

    review_complete(actor=reviewer, review=review, scores=all_scores(submission))

    assert unread_kinds(reviewer) == [] and unread_kinds(admin) == []


def test_deciding_a_goal_clears_every_supervisors_approval_request(api):
    policy = DistrictPolicy.current()
    policy.goals_require_approval = True
    policy.save()
    teacher = person(Role.TEACHER)
    school = teacher.memberships.get().school
    principal, assistant = (
        person(Role.SCHOOL_LEADER, school=school),
        person(Role.SCHOOL_LEADER, school=school),
    )
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    SupervisionFactory(supervisor=assistant, supervisee=teacher)
    goal = active_goal(teacher, anchor=days(0), status="draft")
    assert api(teacher).post(f"/api/v1/goals/{goal.pk}/activate/").status_code == 200
    assert unread(api(principal)) == 1 and unread(api(assistant)) == 1

    assert api(principal).post(f"/api/v1/goals/{goal.pk}/approve/").status_code == 200

    assert unread(api(principal)) == 0
    assert unread(api(assistant)) == 0, "someone else decided: nothing is left for the assistant to do"
