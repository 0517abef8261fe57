"""Send a reminder: delivered to the inbox, once in 24 hours, only by those who may see
the overdue check-in, never across districts."""

import datetime

import pytest
from django.utils import timezone

from coaching.models import CheckIn, CheckInStatus
from core.models import AuditEvent
from core.roles import Role
from notifications.models import Kind, Notification, Nudge
from tests.factories import person
from tests.support import days, post

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def inbox(who):
    return list(Notification.objects.filter(recipient=who, kind=Kind.NUDGE))


def error_of(response, field="check_ins"):
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"][field][0]


def test_the_supervisors_reminder_lands_in_the_inbox(client, world):
    client.force_login(world.principal)
    response = post(client, "/nudges/", {"check_in": world.overdue.pk}, **HTMX)
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()
    assert "Reminder sent to Theo Park." in response.content.decode()
    [notification] = inbox(world.teacher)
    assert notification.title.startswith("Paula Prince reminds you of your check-in due")
    assert notification.url == f"/check-ins/{world.overdue.pk}/"
    nudge = Nudge.objects.get()
    assert (nudge.sender, nudge.recipient, nudge.record_id) == (
        world.principal,
        world.teacher,
        world.overdue.pk,
    )
    assert AuditEvent.objects.filter(actor=world.principal, action="check_in.nudged").count() == 1


def test_a_second_reminder_within_24_hours_is_refused_and_says_when(api, world):
    client = api(world.principal)
    assert client.post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json").status_code == 201
    refused = client.post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json")
    message = error_of(refused)
    assert message.startswith("Theo Park was already reminded of this in the last 24 hours.")
    assert "You can send another reminder after" in message
    assert len(inbox(world.teacher)) == 1

    Nudge.objects.update(sent_at=timezone.now() - datetime.timedelta(hours=25))
    assert client.post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json").status_code == 201
    assert len(inbox(world.teacher)) == 2


def test_the_window_holds_whoever_sends(api, world):
    """The coach of the open cycle may see the cycle's check-in; the principal reminded first."""
    world.cycle.goals.add(world.goal)
    api(world.principal).post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json")
    refused = api(world.coach).post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json")
    assert "already reminded" in error_of(refused)


def test_reminding_a_person_covers_each_overdue_check_in_in_one_notification(api, world):
    body = api(world.principal).post("/api/v1/nudges/", {"people": [world.teacher.pk]}, format="json").json()
    # The principal sees the goal's check-ins, not the cycle's (the coaching firewall).
    assert [row["check_in"] for row in body["sent"]] == [world.overdue.pk]
    extra = CheckIn.objects.create(goal=world.goal, owner=world.teacher, due_on=days(-9), status="overdue")
    Nudge.objects.all().delete()
    body = api(world.coach).post("/api/v1/nudges/", {"people": [world.teacher.pk]}, format="json").json()
    assert body["message"] == "Reminder sent to Theo Park."
    assert [row["check_in"] for row in body["sent"]] == [world.cycle_overdue.pk]
    assert extra.status == CheckInStatus.OVERDUE
    titles = [n.title for n in inbox(world.teacher)]
    assert len(titles) == 2


def test_only_those_who_may_see_the_check_in_may_remind(api, world):
    central = person(Role.CENTRAL_OFFICE)
    for outsider in (world.colleague, central):
        refused = api(outsider).post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json")
        assert error_of(refused) == "There is no overdue check-in of theirs that you can remind them of."
    world.close_cycle()
    refused = api(world.coach).post("/api/v1/nudges/", {"check_ins": [world.cycle_overdue.pk]}, format="json")
    assert refused.status_code == 400
    assert inbox(world.teacher) == [] and not Nudge.objects.exists()


def test_an_answered_check_in_needs_no_reminder(api, world):
    refused = api(world.principal).post("/api/v1/nudges/", {"check_ins": [world.answered.pk]}, format="json")
    assert refused.status_code == 400
    assert error_of(api(world.principal).post("/api/v1/nudges/", {}, format="json"), "people")


def test_bad_ids_are_a_400_naming_the_field(api, world):
    refused = api(world.principal).post("/api/v1/nudges/", {"check_ins": ["x"]}, format="json")
    assert "check_ins" in refused.json()["error"]["fields"]


def test_a_lakeview_administrator_cannot_remind_riverside(api, world, lakeview, in_district):
    with in_district(lakeview):
        outsider = person(Role.DISTRICT_ADMIN)
    refused = api(outsider, district=lakeview).post(
        "/api/v1/nudges/", {"check_ins": [world.overdue.pk], "people": [world.teacher.pk]}, format="json"
    )
    assert refused.status_code == 400
    assert inbox(world.teacher) == []


def test_the_page_without_htmx_goes_back_with_a_message(client, world):
    client.force_login(world.principal)
    response = post(client, "/nudges/", {"person": world.teacher.pk, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    again = post(
        client, "/nudges/", {"person": world.teacher.pk, "next": f"/people/{world.teacher.pk}/profile/"}
    )
    assert again["Location"] == f"/people/{world.teacher.pk}/profile/"
    assert len(inbox(world.teacher)) == 1


def test_answering_the_check_in_marks_the_reminder_read(api, world):
    from coaching.checkins.services import check_in_complete

    api(world.principal).post("/api/v1/nudges/", {"check_ins": [world.overdue.pk]}, format="json")
    check_in_complete(actor=world.teacher, check_in=world.overdue, progress_rating=3)
    [reminder] = inbox(world.teacher)
    assert reminder.read_at is not None
