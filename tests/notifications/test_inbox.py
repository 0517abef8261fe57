"""The inbox: your own notifications only, read marks, the unread count, cursor pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.roles import Role
from notifications.models import Delivery, Kind, Notification
from notifications.services import Draft, notify_many
from tests.factories import person, token_for
from tests.support import get, post

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def deliver(recipient, count=1, *, kind=Kind.FEEDBACK_RECEIVED, title="Note", url="/", **fields):
    """`count` notifications for `recipient`, written as the services write them."""
    return notify_many(
        [
            Draft(recipient_id=recipient.pk, kind=kind, title=f"{title} {i}", url=url, **fields)
            for i in range(count)
        ]
    )


def spread(notifications):
    """Give the notifications distinct creation times, oldest first, a minute apart."""
    start = timezone.now() - datetime.timedelta(hours=2)
    for i, notification in enumerate(notifications):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=start + datetime.timedelta(minutes=i)
        )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- API -----------------------------------------------------------------------------


def test_inbox_lists_only_your_own_notifications_newest_first(api):
    me, other = person(Role.TEACHER), person(Role.TEACHER)
    mine = deliver(me, 3)
    spread(mine)
    deliver(other, 2)

    response = api(me).get("/api/v1/notifications/")

    assert ids(response) == [n.pk for n in reversed(mine)]
    first = response.json()["results"][0]
    assert (
        first["title"] == "Note 2" and first["is_read"] is False and first["kind"] == Kind.FEEDBACK_RECEIVED
    )
    assert first["kind_label"] == "You received feedback"


def test_someone_elses_notification_answers_404_like_a_missing_one(api):
    me, other = person(Role.TEACHER), person(Role.DISTRICT_ADMIN)
    (theirs,) = deliver(me)
    client = api(other)  # even a district administrator does not read another inbox

    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    response = client.post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.post("/api/v1/notifications/not-a-number/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_one_and_all_changes_the_unread_count(api):
    me = person(Role.TEACHER)
    first, *rest = deliver(me, 4)
    client = api(me)
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 4}

    response = client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    read_at = response.json()["read_at"]
    again = client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert again.json()["read_at"] == read_at, "marking it again keeps the first read time"
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    assert ids(client.get("/api/v1/notifications/", {"unread": "true"})) == sorted(
        (n.pk for n in rest), reverse=True
    )
    assert ids(client.get("/api/v1/notifications/", {"unread": "false"})) == [first.pk]

    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 3, "unread": 0}
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 0, "unread": 0}
    assert ids(client.get("/api/v1/notifications/", {"unread": "true"})) == []


def test_mark_all_read_leaves_other_peoples_inboxes_alone(api):
    me, other = person(Role.TEACHER), person(Role.TEACHER)
    deliver(me, 2)
    deliver(other, 2)
    api(me).post("/api/v1/notifications/read-all/")
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2


def test_cursor_pages_walk_every_notification_once_in_order(api):
    me = person(Role.TEACHER)
    made = deliver(me, 45)
    spread(made[:30])  # the last fifteen share one creation time: the id breaks the tie
    client = api(me)

    seen, url = [], "/api/v1/notifications/?page_size=20"
    while url:
        body = client.get(url).json()
        assert "count" not in body, "cursor pages never COUNT the whole inbox"
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(n.pk for n in made) and len(seen) == len(set(seen)) == 45
    expected = [
        n.pk for n in sorted(Notification.objects.filter(recipient=me), key=lambda n: (n.created_at, n.pk))
    ]
    assert seen == list(reversed(expected))


def test_a_notification_arriving_between_pages_does_not_shift_them(api):
    me = person(Role.TEACHER)
    made = deliver(me, 6)
    spread(made)
    client = api(me)
    first = client.get("/api/v1/notifications/", {"page_size": 3}).json()
    deliver(me, 1, title="Late")
    second = client.get(first["next"]).json()
    assert [row["id"] for row in first["results"] + second["results"]] == [n.pk for n in reversed(made)]


def test_a_tampered_cursor_is_a_404_not_a_500(api):
    me = person(Role.TEACHER)
    response = api(me).get("/api/v1/notifications/", {"cursor": "garbage"})
    assert response.status_code == 404


def test_inbox_needs_a_signed_in_person(api):
    assert api().get("/api/v1/notifications/").status_code == 401
    assert api().post("/api/v1/notifications/read-all/").status_code == 401


def test_a_person_without_any_role_still_has_an_inbox(api):
    nobody = person()
    deliver(nobody, 2)
    assert len(ids(api(nobody).get("/api/v1/notifications/"))) == 2


# Every request: the search path twice (public for the host, then the district), the
# domain with its district, the token with its owner; then one page of rows. No COUNT:
# cursor pages, and no role lookup: an inbox needs none.
LIST_QUERIES = 5


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow_with_notifications(rows, api):
    me = person(Role.TEACHER)
    deliver(me, rows)
    client = api(me)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/notifications/", {"page_size": 100})
    assert len(ids(response)) == rows
    assert len(captured) == LIST_QUERIES, (
        f"GET /api/v1/notifications/ with {rows} rows took {len(captured)} queries; a count that grows "
        "with the inbox is an N+1:\n" + "\n".join(q["sql"] for q in captured)
    )


def test_inboxes_are_separate_between_districts(api, lakeview, in_district):
    me = person(Role.TEACHER)
    (here,) = deliver(me)
    with in_district(lakeview):
        them = person(Role.TEACHER)
        (there,) = deliver(them)
        deliver(them, 2)
    client = api(them, district=lakeview)

    assert here.pk not in ids(client.get("/api/v1/notifications/"))
    assert len(ids(client.get("/api/v1/notifications/"))) == 3
    with in_district(lakeview):
        assert Notification.objects.filter(pk=there.pk, recipient=them).exists()
    # A riverside token is unknown on lakeview's host.
    assert api(district=lakeview, token=token_for(me)).get("/api/v1/notifications/").status_code == 401


# --- Pages ---------------------------------------------------------------------------


@pytest.fixture
def me(client):
    user = person(Role.TEACHER)
    client.force_login(user)
    client.user = user
    return client


def test_inbox_page_shows_your_notifications_with_links(me):
    (note,) = deliver(me.user, title="Feedback from Ana", url="/coaching/cycles/7/", body="Two strengths.")
    deliver(person(Role.TEACHER), title="Not yours")
    response = get(me, "/inbox/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/coaching/cycles/7/">Feedback from Ana 0</a>' in html
    assert "Two strengths." in html and "Not yours" not in html
    assert f'hx-post="/inbox/{note.pk}/read/"' in html


def test_a_link_that_leaves_lodestar_is_not_offered(me):
    deliver(me.user, title="Odd", url="//elsewhere.example/")
    deliver(me.user, title="Odder", url="javascript:alert(1)")
    html = get(me, "/inbox/").content.decode()
    assert "elsewhere.example" not in html and "javascript:" not in html


def test_unread_count_shows_in_the_navigation_of_every_page(me):
    deliver(me.user, 3)
    for path in ("/", "/inbox/", "/accounts/tokens/"):
        html = get(me, path).content.decode()
        assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in html, path
    Notification.objects.filter(recipient=me.user).update(read_at=timezone.now())
    assert 'id="inbox-unread"></span>' in get(me, "/").content.decode()


def test_htmx_mark_read_returns_the_row_and_the_new_count(me):
    first, _ = deliver(me.user, 2)
    response = post(me, f"/inbox/{first.pk}/read/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="notification-{first.pk}"' in html and "Mark read" not in html
    assert 'id="inbox-unread" hx-swap-oob="true"' in html and ">1<" in html
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_read_without_htmx_goes_back_to_the_inbox(me):
    (note,) = deliver(me.user)
    response = post(me, f"/inbox/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/inbox/"


def test_marking_someone_elses_notification_read_on_the_page_is_404(me):
    (theirs,) = deliver(person(Role.TEACHER))
    assert post(me, f"/inbox/{theirs.pk}/read/", **HTMX).status_code == 404
    assert get(me, f"/inbox/{theirs.pk}/read/").status_code == 405


def test_mark_all_read_page_button(me):
    deliver(me.user, 2)
    response = post(me, "/inbox/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=me.user, read_at__isnull=True).exists()
    assert "Marked 2 notifications read." in get(me, "/inbox/").content.decode()


def test_unread_filter_and_older_pages_on_the_page(me):
    made = deliver(me.user, 55)
    spread(made)
    Notification.objects.filter(pk=made[-1].pk).update(read_at=timezone.now())
    page = get(me, "/inbox/")
    assert len(page.context["notifications"]) == 50 and page.context["older"]
    older = get(me, page.context["older"])
    assert [n.pk for n in older.context["notifications"]] == [n.pk for n in reversed(made[:5])]
    unread = get(me, "/inbox/?unread=true")
    assert made[-1].pk not in [n.pk for n in unread.context["notifications"]]
    assert get(me, "/inbox/?cursor=garbage").status_code == 404


def test_inbox_page_needs_signing_in(client):
    response = get(client, "/inbox/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# The tenant middleware's three, session, user, the user's roles (navigation), one page of
# notifications, and the navigation's unread count.
PAGE_QUERIES = 8


@pytest.mark.parametrize("rows", [1, 50])
def test_inbox_page_query_count_does_not_grow(rows, me):
    deliver(me.user, rows)
    get(me, "/inbox/")
    with CaptureQueriesContext(connection) as captured:
        response = get(me, "/inbox/")
    assert len(response.context["notifications"]) == rows
    assert len(captured) == PAGE_QUERIES, "\n".join(q["sql"] for q in captured)


def test_delivery_is_fixed_when_the_notification_is_written():
    teacher = person(Role.TEACHER)
    (opened,) = deliver(teacher, kind=Kind.CHECK_IN_OPENED)
    (feedback,) = deliver(teacher, kind=Kind.FEEDBACK_RECEIVED)
    assert (opened.email, feedback.email) == (Delivery.DAILY, Delivery.IMMEDIATE)
