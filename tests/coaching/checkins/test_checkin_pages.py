"""Pages: my check-ins (owed first, then recent answers) and the check-in form."""

import re
from decimal import Decimal

import pytest

from coaching.models import CheckIn, CheckInStatus, ProgressUpdate
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from tests.coaching.checkins.test_checkin_dispatch import active_goal, coaching_cycle
from tests.factories import SupervisionFactory, person
from tests.support import days, get, page_queries, post, signed_in

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


@pytest.fixture
def goal(teacher):
    return active_goal(teacher, anchor=days(-60), statement="Every student reads daily")


def test_my_check_ins_list_overdue_then_open_then_recent_answers(client, teacher, goal):
    cycle = coaching_cycle(person(Role.COACH), teacher, anchor=days(-30), title="Questioning cycle")
    open_soon = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
    overdue = CheckIn.objects.create(
        cycle=cycle, owner=teacher, due_on=days(-5), status=CheckInStatus.OVERDUE
    )
    answered = CheckIn.objects.create(
        goal=goal, owner=teacher, due_on=days(-12), status=CheckInStatus.COMPLETED, progress_rating=4,
        completed_at="2026-01-01T12:00:00Z",
    )  # fmt: skip
    someone_elses = CheckIn.objects.create(
        goal=active_goal(person(Role.TEACHER), anchor=days(-60), statement="Not mine"),
        owner=person(Role.TEACHER),
        due_on=days(1),
    )

    response = get(signed_in(client, teacher), "/check-ins/")

    assert response.status_code == 200
    assert response.context["owed"] == [overdue, open_soon]
    assert response.context["answered"] == [answered]
    page = text_of(response)
    assert page.index("Questioning cycle") < page.index("Every student reads daily")
    assert "Overdue" in page and "4/5" in page and "Not mine" not in page
    assert f"/check-ins/{someone_elses.pk}/" not in response.content.decode()


def test_the_check_in_form_asks_a_rating_as_radio_buttons_and_a_progress_value_for_goals(
    client, teacher, goal
):
    check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))

    response = get(signed_in(client, teacher), f"/check-ins/{check_in.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('type="radio" name="progress_rating"') == 5
    assert '<label for="id_progress_rating_0">' in html and "How is it going?" in html
    assert 'name="progress_value"' in html and 'inputmode="decimal"' in html
    assert '<label for="id_note">' in html and '<label for="id_blockers">' in html


def test_a_cycle_check_in_form_has_no_progress_value(client, teacher):
    cycle = coaching_cycle(person(Role.COACH), teacher, anchor=days(-30))
    check_in = CheckIn.objects.create(cycle=cycle, owner=teacher, due_on=days(2))
    html = get(signed_in(client, teacher), f"/check-ins/{check_in.pk}/").content.decode()
    assert 'name="progress_rating"' in html and 'name="progress_value"' not in html


def test_answering_on_the_page_completes_the_check_in_and_records_progress(client, teacher, goal):
    check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
    signed_in(client, teacher)

    response = post(
        client,
        f"/check-ins/{check_in.pk}/",
        {"progress_rating": "3", "note": "Library visits started", "blockers": "", "progress_value": "62"},
    )

    assert response.status_code == 302 and response.url == "/check-ins/"
    check_in.refresh_from_db()
    assert (check_in.status, check_in.progress_rating, check_in.note) == (
        "completed",
        3,
        "Library visits started",
    )
    assert ProgressUpdate.objects.get(check_in=check_in).value == Decimal("62")
    goal.refresh_from_db()
    assert goal.current_value == Decimal("62") and goal.health
    listed = get(client, "/check-ins/")
    assert "is in" in text_of(listed)
    shown = text_of(get(client, f"/check-ins/{check_in.pk}/"))
    assert "3 out of 5" in shown and "Library visits started" in shown and "62" in shown


@pytest.mark.parametrize("rating", ["", "0", "6", "three"])
def test_a_missing_or_impossible_rating_is_shown_next_to_the_rating(rating, client, teacher, goal):
    check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
    response = post(signed_in(client, teacher), f"/check-ins/{check_in.pk}/", {"progress_rating": rating})
    assert response.status_code == 400
    assert 'id="id_progress_rating_error"' in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.OPEN


def test_a_bad_progress_value_is_shown_next_to_it(client, teacher, goal):
    check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
    response = post(
        signed_in(client, teacher),
        f"/check-ins/{check_in.pk}/",
        {"progress_rating": "3", "progress_value": "lots"},
    )
    assert response.status_code == 400 and 'id="id_progress_value_error"' in response.content.decode()


def test_answering_twice_on_the_page_is_refused(client, teacher, goal):
    check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
    signed_in(client, teacher)
    assert post(client, f"/check-ins/{check_in.pk}/", {"progress_rating": "4"}).status_code == 302

    again = post(client, f"/check-ins/{check_in.pk}/", {"progress_rating": "1"})

    assert again.status_code == 400 and "already been answered" in text_of(again)
    check_in.refresh_from_db()
    assert check_in.progress_rating == 4


def test_a_coach_reads_the_check_in_without_a_form_audited_and_cannot_answer_it(client, teacher):
    coach = person(Role.COACH)
    cycle = coaching_cycle(coach, teacher, anchor=days(-30))
    check_in = CheckIn.objects.create(cycle=cycle, owner=teacher, due_on=days(2))
    signed_in(client, coach)

    response = get(client, f"/check-ins/{check_in.pk}/")

    assert response.status_code == 200 and 'name="progress_rating"' not in response.content.decode()
    assert "Not answered yet" in text_of(response) and teacher.full_name in text_of(response)
    assert AuditEvent.objects.filter(actor=coach, action="check_in.read", target_id=str(check_in.pk)).exists()
    assert post(client, f"/check-ins/{check_in.pk}/", {"progress_rating": "5"}).status_code == 403
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.OPEN


def test_a_supervisor_reads_a_submitted_goal_check_in(client, teacher, goal):
    principal = person(Role.SCHOOL_LEADER)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    check_in = CheckIn.objects.create(
        goal=goal, owner=teacher, due_on=days(-2), status=CheckInStatus.COMPLETED, progress_rating=2,
        blockers="No library time", completed_at="2026-01-01T12:00:00Z",
    )  # fmt: skip
    shown = text_of(get(signed_in(client, principal), f"/check-ins/{check_in.pk}/"))
    assert "2 out of 5" in shown and "No library time" in shown


def test_someone_elses_check_in_is_a_404_and_anonymous_people_are_sent_to_sign_in(client, teacher, goal):
    check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
    assert get(client, "/check-ins/").status_code == 302
    assert get(client, f"/check-ins/{check_in.pk}/").status_code == 302
    signed_in(client, person(Role.TEACHER))
    assert get(client, f"/check-ins/{check_in.pk}/").status_code == 404
    assert post(client, f"/check-ins/{check_in.pk}/", {"progress_rating": "5"}).status_code == 404
    assert get(client, "/check-ins/99999999/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_my_check_ins_page_takes_a_fixed_number_of_queries(rows, client, teacher, goal):
    cycle = coaching_cycle(person(Role.COACH), teacher, anchor=days(-400), ends_on=days(400))
    CheckIn.objects.bulk_create(
        [CheckIn(goal=goal, owner=teacher, due_on=days(-7 * n), status=CheckInStatus.COMPLETED, progress_rating=3,
                 completed_at="2026-01-01T12:00:00Z") for n in range(rows)]
        + [CheckIn(cycle=cycle, owner=teacher, due_on=days(-7 * n), status=CheckInStatus.OVERDUE)
           for n in range(rows)]
    )  # fmt: skip
    signed_in(client, teacher)
    get(client, "/check-ins/")

    count, captured = page_queries(client, "/check-ins/")

    # The host (two search paths and the domain), session, user, what is owed, recent
    # answers, then the navigation's roles and unread count: 9, the same at any size.
    assert count == 9, f"{count} queries for {rows} rows:\n" + "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("kind", ["goal", "cycle"])
def test_the_check_in_form_takes_a_fixed_number_of_queries(kind, client, teacher, goal):
    if kind == "goal":
        check_in = CheckIn.objects.create(goal=goal, owner=teacher, due_on=district_today())
    else:
        cycle = coaching_cycle(person(Role.COACH), teacher, anchor=days(-30))
        check_in = CheckIn.objects.create(cycle=cycle, owner=teacher, due_on=district_today())
    signed_in(client, teacher)

    count, captured = page_queries(client, f"/check-ins/{check_in.pk}/")

    # The host (three), session, user, roles, the check-in with its subject and people in
    # one query, the navigation's unread count: 8, for a goal's check-in and a cycle's alike.
    assert count == 8, "\n".join(q["sql"] for q in captured)
