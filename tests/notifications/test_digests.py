"""The daily digest and the principals' weekly summary: content, timing, exactly once, bulk."""

import datetime
import decimal
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import CheckIn, CheckInStatus, Feedback, Goal, GoalHealth, GoalKind, GoalStatus
from core.links import district_url
from core.roles import Role
from district.selectors import district_list_ready
from notifications.digests import daily_digest_send, weekly_digest_send
from notifications.models import Delivery, DigestRun, Kind, Notification, Preference
from notifications.services import Draft, notify_many
from notifications.tasks import send_daily_digests, send_weekly_digests
from tests.factories import MembershipFactory, SchoolFactory, SupervisionFactory, person

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")  # riverside's and lakeview's time zone in tests


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CHICAGO)


def this_monday() -> datetime.date:
    today = timezone.localdate(timezone=CHICAGO)
    return today - datetime.timedelta(days=today.weekday())


TODAY = timezone.localdate(timezone=CHICAGO)


def daily(recipient, count=1, *, kind=Kind.CHECK_IN_OPENED, title="Check-in open"):
    return notify_many(
        [
            Draft(recipient_id=recipient.pk, kind=kind, title=f"{title} {i}", body="Due Friday.", url="/x/")
            for i in range(count)
        ]
    )


# --- Daily digest --------------------------------------------------------------------


def test_nothing_goes_out_before_seven_in_the_districts_morning(mailoutbox):
    daily(person(Role.TEACHER))
    assert daily_digest_send(now=local(TODAY, 6, 59)) == 0
    assert mailoutbox == [] and not DigestRun.objects.exists()
    # 06:59 in Chicago is already past noon in UTC: the district's own clock decides.
    assert local(TODAY, 6, 59).astimezone(datetime.UTC).hour >= 11


def test_each_person_gets_one_digest_listing_their_daily_notifications(mailoutbox):
    ana, ben = person(Role.TEACHER, first_name="Ana"), person(Role.COACH, first_name="Ben")
    anas = daily(ana, 3)
    daily(ben, 1, kind=Kind.OBSERVATION_RECORDED, title="Observation")
    (at_once,) = notify_many([Draft(recipient_id=ana.pk, kind=Kind.FEEDBACK_RECEIVED, title="Feedback")])
    Preference.objects.create(person=ana, kind=Kind.CYCLE_STARTED, delivery=Delivery.OFF)
    (silent,) = notify_many([Draft(recipient_id=ana.pk, kind=Kind.CYCLE_STARTED, title="Cycle")])

    assert daily_digest_send(now=local(TODAY, 7, 5)) == 2

    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {ana.email, ben.email}
    to_ana = by_person[ana.email]
    assert to_ana.subject.startswith("Your Lodestar digest for ") and to_ana.subject.endswith(
        ": 3 notifications"
    )
    assert "Hello Ana," in to_ana.body
    assert [line for line in to_ana.body.splitlines() if line.startswith("- ")] == [
        "- Check-in open 0",
        "- Check-in open 1",
        "- Check-in open 2",
    ]
    assert "  Due Friday." in to_ana.body and "http://riverside.localhost/x/" in to_ana.body
    assert "Feedback" not in to_ana.body and "Cycle" not in to_ana.body
    assert "http://riverside.localhost/inbox/preferences/" in to_ana.body
    assert by_person[ben.email].subject.endswith(": 1 notification")
    assert all(n.emailed_at for n in Notification.objects.filter(pk__in=[n.pk for n in anas]))
    at_once.refresh_from_db()
    silent.refresh_from_db()
    assert at_once.emailed_at is None and silent.emailed_at is None, "not the digest's to send"
    assert DigestRun.objects.filter(sort=DigestRun.Sort.DAILY, period=TODAY).count() == 2


def test_the_digest_goes_once_a_day_however_often_it_runs(mailoutbox):
    teacher = person(Role.TEACHER)
    daily(teacher, 2)
    assert daily_digest_send(now=local(TODAY, 7, 5)) == 1
    assert daily_digest_send(now=local(TODAY, 8, 5)) == 0
    later = daily(teacher, 1, title="Later")  # arrives after today's digest: waits for tomorrow
    assert daily_digest_send(now=local(TODAY, 22, 0)) == 0
    assert len(mailoutbox) == 1

    tomorrow = TODAY + datetime.timedelta(days=1)
    assert daily_digest_send(now=local(tomorrow, 6, 0)) == 0
    assert daily_digest_send(now=local(tomorrow, 7, 0)) == 1
    assert (
        len(mailoutbox) == 2
        and "- Later 0" in mailoutbox[1].body
        and "Check-in open" not in mailoutbox[1].body
    )
    later[0].refresh_from_db()
    assert later[0].emailed_at is not None


def test_a_digest_another_worker_recorded_is_not_sent_again(mailoutbox):
    first, second = person(Role.TEACHER), person(Role.TEACHER)
    daily(first)
    daily(second)
    DigestRun.objects.create(person=first, sort=DigestRun.Sort.DAILY, period=TODAY)  # the other worker's row

    assert daily_digest_send(now=local(TODAY, 9, 0)) == 1
    assert [m.to for m in mailoutbox] == [[second.email]]


def test_a_failed_digest_records_nothing_and_the_next_run_sends_it(settings, mailoutbox):
    import socket

    teacher = person(Role.TEACHER)
    (note,) = daily(teacher)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5

    with pytest.raises(OSError):
        daily_digest_send(now=local(TODAY, 7, 30))
    note.refresh_from_db()
    assert note.emailed_at is None and not DigestRun.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert daily_digest_send(now=local(TODAY, 8, 30)) == 1
    assert [m.to for m in mailoutbox] == [[teacher.email]]


def test_a_refused_digest_is_taken_back_and_tried_again_next_hour(settings):
    from tests.notifications.smtp import SmtpServer

    good = person(Role.TEACHER, email="good@example.org")
    bad = person(Role.TEACHER, email="refused@example.org")
    daily(good)
    (waiting,) = daily(bad)
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", smtp.port, False

        assert daily_digest_send(now=local(TODAY, 7, 0)) == 1
        assert [to for to, _ in smtp.accepted] == [["good@example.org"]]
        assert list(DigestRun.objects.values_list("person_id", flat=True)) == [good.pk]
        waiting.refresh_from_db()
        assert waiting.emailed_at is None

        bad.email = "fixed@example.org"
        bad.save(update_fields=["email"])
        assert daily_digest_send(now=local(TODAY, 8, 0)) == 1
        assert smtp.accepted[-1][0] == ["fixed@example.org"]


def test_deactivated_people_get_no_digest(mailoutbox):
    teacher = person(Role.TEACHER)
    daily(teacher)
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    assert daily_digest_send(now=local(TODAY, 9, 0)) == 0 and mailoutbox == []


def test_a_district_digest_covers_only_that_district(mailoutbox, lakeview, in_district):
    here = person(Role.TEACHER)
    daily(here)
    with in_district(lakeview):
        there = person(Role.TEACHER)
        daily(there, 2)
    assert daily_digest_send(now=local(TODAY, 9, 0)) == 1
    assert [m.to for m in mailoutbox] == [[here.email]]
    with in_district(lakeview):
        assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
        assert daily_digest_send(now=local(TODAY, 9, 0)) == 1
    assert mailoutbox[1].to == [there.email] and "http://lakeview.localhost/x/" in mailoutbox[1].body


@pytest.mark.parametrize("people", [1, 50])
def test_daily_digest_query_count_does_not_grow_with_people(people, mailoutbox):
    for _ in range(people):
        daily(person(Role.TEACHER), 2)
    district_url("/")  # the district's host is looked up once per process, then remembered
    with CaptureQueriesContext(connection) as captured:
        assert daily_digest_send(now=local(TODAY, 9, 0)) == people
    # A savepoint, who is waiting, the INSERT ... RETURNING of the digest runs, their
    # notifications (locked), the UPDATE marking them emailed, and the release: six.
    assert len(captured) == 6, "\n".join(q["sql"] for q in captured)
    assert len(mailoutbox) == people


def test_the_daily_dispatcher_reaches_every_ready_district(riverside):
    assert send_daily_digests.delay().get() == len(district_list_ready())
    connection.set_tenant(riverside)


# --- Weekly summary ------------------------------------------------------------------


def goal(
    owner,
    *,
    kind=GoalKind.PERSONAL,
    school=None,
    health=GoalHealth.AT_RISK,
    status=GoalStatus.ACTIVE,
    **fields,
):
    return Goal.objects.create(
        kind=kind,
        owner=owner,
        school=school,
        statement=fields.pop("statement", "Read more with students"),
        measure="Minutes a week",
        baseline=decimal.Decimal("10"),
        target=decimal.Decimal("60"),
        starts_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2027, 6, 1),
        status=status,
        health=health,
        **fields,
    )


def overdue_check_ins(owner, count):
    subject = goal(owner, health=GoalHealth.ON_TRACK)
    for i in range(count):
        CheckIn.objects.create(
            goal=subject, owner=owner, due_on=datetime.date(2026, 1, 9) + datetime.timedelta(days=7 * i),
            status=CheckInStatus.OVERDUE,
        )  # fmt: skip
    CheckIn.objects.create(
        goal=subject, owner=owner, due_on=datetime.date(2025, 12, 1), status=CheckInStatus.COMPLETED
    )


def feedback(author, recipient, *, days_old, acknowledged=False):
    given = Feedback.objects.create(
        author=author,
        recipient=recipient,
        strengths="SECRET-STRENGTH: the warm-up was brilliant",
        next_steps="SECRET-NEXT-STEP: wait longer for answers",
        acknowledged_at=timezone.now() if acknowledged else None,
    )
    Feedback.objects.filter(pk=given.pk).update(created_at=MONDAY_8AM - datetime.timedelta(days=days_old))
    return given


MONDAY = this_monday()
MONDAY_8AM = local(MONDAY, 8)


@pytest.fixture
def school_week():
    """A principal at Maple with supervisees, colleagues and a second school nearby."""
    maple, birch = SchoolFactory(name="Maple Elementary"), SchoolFactory(name="Birch Middle")
    principal = person(Role.SCHOOL_LEADER, school=maple, first_name="Paula", last_name="Prince")
    coach = person(Role.COACH, school=maple)
    ana = person(Role.TEACHER, school=maple, first_name="Ana", last_name="Diaz")
    ben = person(Role.TEACHER, school=maple, first_name="Ben", last_name="Ito")
    cho = person(Role.TEACHER, school=maple, first_name="Cho", last_name="Kim")
    elsewhere = person(Role.TEACHER, school=birch)
    SupervisionFactory(supervisor=principal, supervisee=ana)
    SupervisionFactory(supervisor=principal, supervisee=cho)
    birch_principal = person(Role.SCHOOL_LEADER, school=birch)
    SupervisionFactory(supervisor=birch_principal, supervisee=ben)

    overdue_check_ins(ana, 2)
    overdue_check_ins(ben, 1)  # on the staff, not the principal's supervisee
    overdue_check_ins(elsewhere, 4)  # another school
    goal(cho, health=GoalHealth.OFF_TRACK)
    goal(ben, health=GoalHealth.AT_RISK)  # not the principal's supervisee: no name
    goal(principal, kind=GoalKind.SCHOOL, school=maple, statement="Attendance at 95% by June")
    goal(principal, kind=GoalKind.SCHOOL, school=maple, health=GoalHealth.ON_TRACK, statement="On track one")
    goal(principal, kind=GoalKind.SCHOOL, school=maple, status=GoalStatus.MET, statement="Met one")
    goal(birch_principal, kind=GoalKind.SCHOOL, school=birch, statement="Birch goal")
    feedback(coach, ana, days_old=5)
    feedback(coach, cho, days_old=4)
    feedback(coach, ben, days_old=5, acknowledged=True)
    feedback(coach, ben, days_old=1)
    feedback(coach, elsewhere, days_old=9)
    return {"principal": principal, "maple": maple, "birch": birch}


def test_the_weekly_summary_counts_what_needs_the_principals_attention(school_week, mailoutbox):
    principal = school_week["principal"]

    assert weekly_digest_send(now=MONDAY_8AM) == 2  # Paula at Maple, Birch's principal

    note = Notification.objects.get(recipient=principal, kind=Kind.WEEKLY_DIGEST)
    assert note.title == f"Weekly summary for Maple Elementary, week of {MONDAY:%B} {MONDAY.day}"
    assert note.body.splitlines() == [
        "Overdue check-ins among the staff: 3.",
        "Your supervisees with overdue check-ins: Ana Diaz (2).",
        "School goals at risk or off track: 1.",
        "- Attendance at 95% by June (at risk)",
        "Your supervisees' goals at risk or off track: Cho Kim (1).",
        "Feedback awaiting acknowledgement for more than 3 days: 2.",
    ]
    assert "SECRET" not in note.body and "SECRET" not in note.title
    assert DigestRun.objects.filter(person=principal, sort=DigestRun.Sort.WEEKLY, period=MONDAY).exists()
    others = Notification.objects.filter(kind=Kind.WEEKLY_DIGEST).exclude(recipient=principal)
    assert {n.title.split(",")[0] for n in others} == {"Weekly summary for Birch Middle"}


def test_the_weekly_summary_is_emailed_after_commit_without_feedback_text(
    school_week, mailoutbox, django_capture_on_commit_callbacks
):
    principal = school_week["principal"]
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest_send(now=MONDAY_8AM)
    (email,) = [m for m in mailoutbox if m.to == [principal.email]]
    assert email.subject.startswith("Weekly summary for Maple Elementary")
    assert "Overdue check-ins among the staff: 3." in email.body
    assert all("SECRET" not in m.body and "SECRET" not in m.subject for m in mailoutbox)


def test_a_principal_who_turned_the_summary_off_finds_it_in_the_inbox_only(
    school_week, mailoutbox, django_capture_on_commit_callbacks
):
    principal = school_week["principal"]
    Preference.objects.create(person=principal, kind=Kind.WEEKLY_DIGEST, delivery=Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest_send(now=MONDAY_8AM)
    assert Notification.objects.get(recipient=principal, kind=Kind.WEEKLY_DIGEST).email == Delivery.OFF
    assert principal.email not in [m.to[0] for m in mailoutbox]


def test_the_weekly_summary_goes_once_a_week_on_monday_mornings(school_week):
    principal = school_week["principal"]
    assert weekly_digest_send(now=local(MONDAY, 6, 59)) == 0
    for day in range(1, 7):  # Tuesday to Sunday, at any hour
        assert weekly_digest_send(now=local(MONDAY + datetime.timedelta(days=day), 9)) == 0
    assert weekly_digest_send(now=MONDAY_8AM) == 2  # Paula at Maple, Birch's principal
    assert weekly_digest_send(now=local(MONDAY, 9)) == 0
    assert weekly_digest_send(now=local(MONDAY, 23, 59)) == 0
    assert Notification.objects.filter(recipient=principal, kind=Kind.WEEKLY_DIGEST).count() == 1

    next_monday = MONDAY + datetime.timedelta(days=7)
    assert weekly_digest_send(now=local(next_monday, 7)) == 2
    assert Notification.objects.filter(recipient=principal, kind=Kind.WEEKLY_DIGEST).count() == 2


def test_a_principal_of_two_schools_gets_one_summary_for_each(school_week):
    principal = school_week["principal"]
    MembershipFactory(user=principal, role=Role.SCHOOL_LEADER, school=school_week["birch"])
    weekly_digest_send(now=MONDAY_8AM)
    titles = sorted(Notification.objects.filter(recipient=principal).values_list("title", flat=True))
    assert [t.split(",")[0] for t in titles] == [
        "Weekly summary for Birch Middle",
        "Weekly summary for Maple Elementary",
    ]
    birch = next(n for n in Notification.objects.filter(recipient=principal) if "Birch" in n.title)
    assert "Overdue check-ins among the staff: 4." in birch.body
    assert "Ana Diaz" not in birch.body, "a supervisee shows under the school where they work"


def test_a_quiet_week_says_so():
    principal = person(Role.SCHOOL_LEADER, school=SchoolFactory(name="Quiet School"))
    weekly_digest_send(now=MONDAY_8AM)
    assert Notification.objects.get(recipient=principal).body.startswith(
        "Nothing needs your attention this week"
    )


def test_a_summary_another_worker_recorded_is_not_written_again():
    principal = person(Role.SCHOOL_LEADER)
    DigestRun.objects.create(person=principal, sort=DigestRun.Sort.WEEKLY, period=MONDAY)
    assert weekly_digest_send(now=MONDAY_8AM) == 0
    assert not Notification.objects.filter(recipient=principal).exists()


def test_ended_and_deactivated_principals_get_no_summary():
    ended = person(Role.SCHOOL_LEADER)
    ended.memberships.update(end_date=MONDAY - datetime.timedelta(days=1))
    gone = person(Role.SCHOOL_LEADER)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert weekly_digest_send(now=MONDAY_8AM) == 0


def test_the_weekly_summary_counts_only_its_own_district(school_week, lakeview, in_district):
    with in_district(lakeview):
        school = SchoolFactory(name="Lake School")
        there = person(Role.SCHOOL_LEADER, school=school)
        teacher = person(Role.TEACHER, school=school)
        overdue_check_ins(teacher, 5)
    weekly_digest_send(now=MONDAY_8AM)
    maple = Notification.objects.get(recipient=school_week["principal"])
    assert "Overdue check-ins among the staff: 3." in maple.body
    with in_district(lakeview):
        assert not Notification.objects.exists()
        assert weekly_digest_send(now=MONDAY_8AM) == 1
        assert "Overdue check-ins among the staff: 5." in Notification.objects.get(recipient=there).body


@pytest.mark.parametrize("principals", [1, 50])
def test_weekly_summary_query_count_does_not_grow_with_principals(principals):
    for _ in range(principals):
        school = SchoolFactory()
        leader = person(Role.SCHOOL_LEADER, school=school)
        teacher = person(Role.TEACHER, school=school)
        SupervisionFactory(supervisor=leader, supervisee=teacher)
        overdue_check_ins(teacher, 1)
        goal(leader, kind=GoalKind.SCHOOL, school=school)
    with CaptureQueriesContext(connection) as captured:
        assert weekly_digest_send(now=MONDAY_8AM) == principals
    # A savepoint, the school leaders, the INSERT ... RETURNING of the runs, the staff's
    # counts (one aggregate), the schools' goals at risk, the leaders' supervisees, the
    # email preferences and the INSERT of the notifications, and the release: nine.
    assert len(captured) == 9, "\n".join(q["sql"] for q in captured)
    assert all(
        "Your supervisees with overdue check-ins" in body
        for body in Notification.objects.filter(kind=Kind.WEEKLY_DIGEST).values_list("body", flat=True)
    )


def test_the_weekly_dispatcher_reaches_every_ready_district(riverside):
    assert send_weekly_digests.delay().get() == len(district_list_ready())
    connection.set_tenant(riverside)
