"""Sign-in limits an attacker would meet (accounts/sign_in/): per client, per account from a
client, per account from everywhere, each counted before the password is checked."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from core.models import AuditEvent
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db
HOST = "riverside.localhost"
PASSWORD = "correct-horse-battery"


def sign_in(client, email, password=PASSWORD, address="198.51.100.7"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, HTTP_HOST=HOST, REMOTE_ADDR=address
    )


def refused(response) -> bool:
    return response.status_code == 200 and "Too many failed attempts" in response.content.decode()


def test_one_guess_at_each_of_forty_accounts_from_one_client_is_limited(client, settings):
    """Password spraying: one common password tried once on each of 40 accounts."""
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 30
    accounts = [User.objects.create_user(f"sprayed{i}@example.org", PASSWORD) for i in range(40)]
    answers = [sign_in(client, user.email, "Summer2026!", address="203.0.113.9") for user in accounts]

    assert not any(refused(answer) for answer in answers[:30]), "30 failures are allowed from one client"
    assert all(refused(answer) for answer in answers[30:]), "then the client is refused"
    assert refused(sign_in(client, accounts[0].email, PASSWORD, address="203.0.113.9")), "even the right one"
    assert sign_in(client, accounts[0].email, PASSWORD, address="192.0.2.44").status_code == 302, (
        "another client is not affected"
    )
    limited = AuditEvent.objects.filter(action="sign_in.limited", data__limit="client")
    assert [(e.target_type, e.target_id) for e in limited] == [("client", "203.0.113.9")]


def test_an_ipv6_client_is_counted_by_its_64_network(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 3
    for host in range(1, 5):
        answer = sign_in(client, f"v6-{host}@example.org", "guess", address=f"2001:db8:1:2::{host}")
    assert refused(answer), "four addresses of one /64 are one client"


def test_successful_sign_ins_from_one_school_network_do_not_add_up(client, settings):
    """A school signs its staff in from one address: only failures count against it."""
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 3
    staff = [person(Role.TEACHER) for _ in range(6)]
    for teacher in staff:
        assert sign_in(client, teacher.email, address="192.0.2.10").status_code == 302
        client.post("/accounts/logout/", HTTP_HOST=HOST)


def test_failures_past_the_limit_on_one_account_are_audited_once(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    target = person(Role.TEACHER, email="target@example.org")
    for _ in range(6):
        sign_in(client, "target@example.org", "guess")

    (event,) = AuditEvent.objects.filter(action="sign_in.limited")
    assert (event.target_type, event.target_id) == ("accounts.user", str(target.pk))
    assert event.data | {"window_seconds": 0} == {
        "limit": "pair", "allowed": 3, "window_seconds": 0, "client": "198.51.100.7", "email": "target@example.org",
    }  # fmt: skip


@pytest.fixture
def owner_and_strangers(client, settings):
    """The owner has signed in once in `client`'s browser; then strangers at six addresses
    guess the owner's password once each, past the account-wide limit of five."""
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 5
    owner = person(Role.TEACHER, email="owner@example.org", first_name="Olu")
    assert sign_in(client, owner.email, address="192.0.2.1").status_code == 302
    client.post("/accounts/logout/", HTTP_HOST=HOST)
    answers = [sign_in(Client(), owner.email, "guess", address=f"203.0.113.{i}") for i in range(6)]
    assert refused(answers[-1]) and not any(refused(a) for a in answers[:-1])
    return owner


def test_strangers_past_the_account_limit_do_not_shut_the_owner_out_of_their_browser(
    client, owner_and_strangers
):
    assert sign_in(client, "owner@example.org", address="192.0.2.1").status_code == 302
    assert sign_in(Client(), "owner@example.org", "guess", address="203.0.113.99").status_code == 200
    elsewhere = sign_in(Client(), "owner@example.org", address="198.51.100.200")
    assert refused(elsewhere), "a browser the owner never used waits, or resets by email"
    assert "reset your password by email" in elsewhere.content.decode()
    assert AuditEvent.objects.filter(action="sign_in.limited", data__limit="account").count() == 1


def test_completing_a_password_reset_lifts_the_account_limit(owner_and_strangers):
    new_browser = Client()
    assert refused(sign_in(new_browser, "owner@example.org", address="198.51.100.200"))
    new_browser.post("/accounts/password-reset/", {"email": "owner@example.org"}, HTTP_HOST=HOST)
    link = re.search(r"http://riverside\.localhost(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    set_url = new_browser.get(link, HTTP_HOST=HOST, follow=True).redirect_chain[-1][0]
    new_browser.post(
        set_url, {"new_password1": "Blue-lantern-42", "new_password2": "Blue-lantern-42"}, HTTP_HOST=HOST
    )
    assert (
        sign_in(new_browser, "owner@example.org", "Blue-lantern-42", address="198.51.100.200").status_code
        == 302
    )


def test_counters_whose_window_has_ended_are_purged(client, settings):
    import datetime

    from django.utils import timezone

    from accounts.models import SignInCounter
    from accounts.tasks import purge_sign_in_counters_in_district

    sign_in(client, "someone@example.org", "guess")
    assert SignInCounter.objects.count() == 3, "the client, the account and the pair"
    SignInCounter.objects.filter(key__startswith="client:").update(
        window_started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert purge_sign_in_counters_in_district() == 1
    assert not SignInCounter.objects.filter(key__startswith="client:").exists()
