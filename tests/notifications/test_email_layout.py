"""Emails people want to read: every kind has an HTML part and a plain-text part, names the
district and links to the task on the district's host; district administrators preview
each kind in the app."""

import re

import pytest
from django.core import mail
from django.db import connection

from accounts.services import user_send_invitation
from core.emails import email_preview_list
from core.roles import Role
from notifications.digests import daily_digest_send
from notifications.models import Kind
from notifications.services import Draft, notify_many, send_pending_emails
from tests.factories import person
from tests.support import get, post

pytestmark = pytest.mark.django_db

DISTRICT = "Riverside (test)"
HOST = "http://riverside.localhost"


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def assert_two_parts(message, link: str) -> None:
    html = html_of(message)
    assert DISTRICT in message.body and DISTRICT in html
    assert link in message.body, message.body
    assert f'href="{link}"' in html
    assert "<p" not in message.body and "href=" not in message.body, "the text part is plain text"


def test_every_kind_of_email_renders_both_parts_with_the_district_and_a_link(riverside):
    viewer = person(Role.DISTRICT_ADMIN, first_name="Ada")
    previews = email_preview_list()
    slugs = {p.slug for p in previews}
    assert {f"notification-{kind.value}" for kind in Kind} <= slugs
    assert {"daily-digest", "window-reminder", "invitation", "password-reset"} <= slugs

    for preview in previews:
        email = preview.build(viewer=viewer)
        assert email.subject and "\n" not in email.subject, preview.slug
        assert DISTRICT in email.text and DISTRICT in email.html, preview.slug
        assert "Hello Ada," in email.text and "Hello Ada," in email.html, preview.slug
        links = re.findall(r'href="(http://riverside\.localhost/[^"]*)"', email.html)
        assert links, f"{preview.slug}: the HTML part links to the district's host"
        assert links[0] in email.text, f"{preview.slug}: the text part has the same link"


def test_an_immediate_notification_email_has_both_parts(django_capture_on_commit_callbacks, mailoutbox):
    teacher = person(Role.TEACHER, first_name="Rosa")
    notify_many(
        [
            Draft(
                recipient_id=teacher.pk,
                kind=Kind.FEEDBACK_RECEIVED,
                title="Ana gave you <b>feedback</b>",
                body="Read it & acknowledge it.",
                url="/feedback/4/",
            )
        ]
    )
    assert send_pending_emails() == 1

    (message,) = mailoutbox
    assert_two_parts(message, f"{HOST}/feedback/4/")
    assert "Ana gave you <b>feedback</b>" in message.body and "Read it & acknowledge it." in message.body
    assert "Ana gave you &lt;b&gt;feedback&lt;/b&gt;" in html_of(message), (
        "the HTML part escapes what people wrote"
    )
    assert f"{HOST}/inbox/preferences/" in message.body


def test_the_daily_digest_has_both_parts(mailoutbox):
    teacher = person(Role.TEACHER)
    notify_many(
        [Draft(recipient_id=teacher.pk, kind=Kind.CHECK_IN_OPENED, title="Check-in", url="/check-ins/8/")]
    )

    assert daily_digest_send(now=_seven_thirty()) == 1

    (message,) = mailoutbox
    assert_two_parts(message, f"{HOST}/check-ins/8/")
    assert f"{HOST}/inbox/" in message.body, "the button opens the inbox"


def _seven_thirty():
    import datetime

    from django.utils import timezone

    from core.time import district_timezone

    today = timezone.localdate(timezone=district_timezone())
    return datetime.datetime.combine(today, datetime.time(7, 30), tzinfo=district_timezone())


def test_invitation_and_password_reset_have_both_parts(client):
    newcomer = person(Role.TEACHER, first_name="Nia")
    user_send_invitation(user=newcomer)
    (invitation,) = mail.outbox
    link = re.search(r"http://riverside\.localhost/accounts/reset/\S+/", invitation.body).group(0)
    assert_two_parts(invitation, link)
    assert invitation.subject == f"{DISTRICT} has added you to Lodestar"

    mail.outbox.clear()
    post(client, "/accounts/password-reset/", {"email": newcomer.email})
    (reset,) = mail.outbox
    link = re.search(r"http://riverside\.localhost/accounts/reset/\S+/", reset.body).group(0)
    assert_two_parts(reset, link)
    assert "Hello Nia," in reset.body


# --- The preview page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DISTRICT_ADMIN, 200),
        (Role.CENTRAL_OFFICE, 403),
        (Role.SCHOOL_LEADER, 403),
        (Role.COACH, 403),
        (Role.TEACHER, 403),
    ],
)
def test_only_district_administrators_preview_the_emails(client, role, status):
    client.force_login(person(role))
    assert get(client, "/emails/").status_code == status
    assert get(client, "/emails/notification-feedback_received/").status_code == status
    assert get(client, "/emails/notification-feedback_received/html/").status_code == status


def test_the_preview_shows_each_kind_with_its_html_and_text(client):
    admin = person(Role.DISTRICT_ADMIN, first_name="Ada")
    client.force_login(admin)
    listing = get(client, "/emails/").content.decode()
    for slug in ("notification-check_in_overdue", "daily-digest", "window-reminder", "invitation"):
        assert f'href="/emails/{slug}/"' in listing

    page = get(client, "/emails/window-reminder/").content.decode()
    assert (
        '<iframe title="The email\'s HTML part" sandbox class="email-frame" src="/emails/window-reminder/html/"'
        in page
    ), "the HTML part is shown in a sandboxed frame"
    assert page.count("<body") == 1, "the email's own document is not poured into the page"
    assert "Hello Ada," in page, "the plain-text part is on the page"

    framed = get(client, "/emails/window-reminder/html/")
    assert framed.content.decode().startswith("<!doctype html>")
    assert f"Lodestar for {DISTRICT}" in framed.content.decode() and "Hello Ada," in framed.content.decode()
    policy = framed["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy and "sandbox" in policy, (
        "the email's inline styles show, and nothing in it may run or fetch"
    )
    assert framed["X-Frame-Options"] == "SAMEORIGIN", "our own preview page may frame it, nobody else"
    assert get(client, "/emails/no-such-email/").status_code == 404
    assert get(client, "/emails/no-such-email/html/").status_code == 404
    assert connection.tenant.schema_name == "riverside"


def test_the_preview_needs_a_sign_in(client):
    response = get(client, "/emails/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_in_development_each_email_lands_in_the_mail_folder_as_eml_and_html(settings, tmp_path):
    settings.EMAIL_BACKEND = "core.mail_folder.FolderEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    teacher = person(Role.TEACHER, first_name="Rosa")
    notify_many([Draft(recipient_id=teacher.pk, kind=Kind.FEEDBACK_RECEIVED, title="Ana gave you feedback")])

    assert send_pending_emails() == 1

    (eml,) = (tmp_path / "mail").glob("*.eml")
    (html,) = (tmp_path / "mail").glob("*.html")
    assert "ana-gave-you-feedback" in eml.name and eml.stem == html.stem
    assert f"To: {teacher.email}" in eml.read_text() and "Hello Rosa," in html.read_text()
