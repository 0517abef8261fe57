"""The coach's calendar: planning observations and meetings from the cycle page, the
week and month lists, and the .ics subscription link that holds exactly her events."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from coaching.calendar.services import calendar_feed_issue, coaching_event_schedule
from coaching.cycles.services.lifecycle import cycle_start, cycle_transition
from coaching.models import CalendarFeed, CoachingEvent
from core.models import AuditEvent
from core.roles import Role
from core.time import district_timezone, district_today
from tests.coaching.cycles.test_cycles import live_indicators
from tests.factories import SchoolFactory, person
from tests.support import get, post

pytestmark = pytest.mark.django_db


def open_cycle(coach, coachee, title="Questioning"):
    today = district_today()
    return cycle_start(
        actor=coach,
        coachee=coachee,
        title=title,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=42),
        cadence="weekly",
        focus_indicator_ids=[i.pk for i in live_indicators(n=1)],
    )


def tomorrow_at(hour=9):
    day = district_today() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=district_timezone())


def plan(coach, cycle, kind="observation", starts_at=None, minutes=45):
    return coaching_event_schedule(
        actor=coach, cycle=cycle, kind=kind, starts_at=starts_at or tomorrow_at(), minutes=minutes
    )


def feed_events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(b"".join(response) if response.streaming else response.content)
    return list(parsed.walk("VEVENT"))


def test_the_coach_plans_an_observation_from_the_cycle_page_and_sees_it_on_her_calendar(client, world):
    cycle = open_cycle(world.coach, world.teacher)
    client.force_login(world.coach)
    when = tomorrow_at(10)
    response = post(
        client,
        f"/coaching/cycles/{cycle.pk}/events/",
        {
            "kind": "observation",
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 30,
        },
    )
    assert response.status_code == 302
    event = CoachingEvent.objects.get(cycle=cycle)
    assert event.starts_at == when and event.ends_at == when + datetime.timedelta(minutes=30)
    assert AuditEvent.objects.filter(action="coaching_event.scheduled", target_id=str(event.pk)).exists()
    day = when.date().isoformat()  # tomorrow may be in next week or next month
    week = get(client, f"/coaching/calendar/?view=week&start={day}").content.decode()
    month = get(client, f"/coaching/calendar/?view=month&start={day}").content.decode()
    for page in (week, month):
        assert f"Planned observation with\n        {world.teacher.full_name}" in page or (
            "Planned observation" in page and world.teacher.full_name in page
        )
    assert "Questioning" in week


def test_an_empty_week_points_to_the_next_planned_event(client, world):
    cycle = open_cycle(world.coach, world.teacher)
    later = tomorrow_at(10) + datetime.timedelta(days=14)
    plan(world.coach, cycle, kind="meeting", starts_at=later)
    client.force_login(world.coach)
    last_week = district_today() - datetime.timedelta(days=7)
    page = get(client, f"/coaching/calendar/?view=week&start={last_week.isoformat()}").content.decode()
    assert "Nothing planned in this week." in page
    assert f"Next: coaching meeting with {world.teacher.full_name} on" in page
    assert f'?view=week&amp;start={later.date().isoformat()}"' in page


def test_planning_is_refused_in_the_past_for_others_and_in_closed_cycles(world):
    cycle = open_cycle(world.coach, world.teacher)
    with pytest.raises(ValidationError) as past:
        plan(world.coach, cycle, starts_at=timezone.now() - datetime.timedelta(hours=1))
    assert "starts_at" in past.value.message_dict
    with pytest.raises(ValidationError) as long:
        plan(world.coach, cycle, minutes=9 * 60)
    assert "minutes" in long.value.message_dict
    with pytest.raises(PermissionDenied):
        plan(world.teacher, cycle)
    cycle_transition(actor=world.coach, cycle=cycle, to="observing")
    for step, extra in (("feedback", {}), ("reflecting", {}), ("closed", {"summary": "Done"})):
        cycle_transition(actor=world.coach, cycle=cycle, to=step, **extra)
    with pytest.raises(ValidationError) as closed:
        plan(world.coach, cycle)
    assert "cycle" in closed.value.message_dict


def test_a_bad_calendar_view_is_a_400_naming_it(client, world):
    client.force_login(world.coach)
    response = get(client, "/coaching/calendar/?view=year")
    assert response.status_code == 400 and "Choose week or month." in response.content.decode()
    assert get(client, "/coaching/calendar/?start=tomorrow").status_code == 400


def test_the_feed_holds_exactly_the_coachs_events(client, world, lakeview, in_district):
    mine = plan(world.coach, open_cycle(world.coach, world.teacher, title="Mine"))
    meeting = plan(world.coach, open_cycle(world.coach, world.colleague, title="Also mine"), kind="meeting")
    elsewhere_teacher = person(Role.TEACHER, world.elsewhere)
    theirs = plan(world.other_coach, open_cycle(world.other_coach, elsewhere_teacher, title="Theirs"))
    with in_district(lakeview):
        school = SchoolFactory()
        far_coach, far_teacher = person(Role.COACH, school), person(Role.TEACHER, school)
        plan(far_coach, open_cycle(far_coach, far_teacher, title="Lakeview's"))
        far_token = calendar_feed_issue(actor=far_coach)

    client.force_login(world.coach)
    page = post(client, "/coaching/calendar/link/", {"action": "issue"}).content.decode()
    token = CalendarFeed.objects.get(owner=world.coach)
    assert token.token_hash not in page, "only the link is shown, never what is stored"
    link = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = link.split("riverside.localhost", 1)[1]
    client.logout()

    events = feed_events(get(client, path))
    uids = {str(e["UID"]) for e in events}
    assert uids == {f"{mine.uid}@lodestar", f"{meeting.uid}@lodestar"}
    assert f"{theirs.uid}@lodestar" not in uids
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == sorted(
        [
            f"Planned observation with {world.teacher.full_name} — Mine",
            f"Coaching meeting with {world.colleague.full_name} — Also mine",
        ]
    )
    assert all(e["DTSTART"].dt == mine.starts_at for e in events if str(e["UID"]) == f"{mine.uid}@lodestar")
    assert get(client, f"/coaching/calendar/feed/{far_token}.ics").status_code == 404, (
        "another district's link"
    )


def test_a_new_link_ends_the_old_one_and_revoking_ends_both(client, world):
    plan(world.coach, open_cycle(world.coach, world.teacher))
    first = calendar_feed_issue(actor=world.coach)
    assert len(feed_events(get(client, f"/coaching/calendar/feed/{first}.ics"))) == 1
    second = calendar_feed_issue(actor=world.coach)
    assert get(client, f"/coaching/calendar/feed/{first}.ics").status_code == 404
    assert get(client, f"/coaching/calendar/feed/{second}.ics").status_code == 200
    client.force_login(world.coach)
    assert post(client, "/coaching/calendar/link/", {"action": "revoke"}).status_code == 302
    client.logout()
    assert get(client, f"/coaching/calendar/feed/{second}.ics").status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.revoked").exists()


def test_a_deactivated_persons_link_stops_working(client, world):
    token = calendar_feed_issue(actor=world.coach)
    world.coach.is_active = False
    world.coach.save(update_fields=["is_active"])
    assert get(client, f"/coaching/calendar/feed/{token}.ics").status_code == 404
