"""Thirty wrong guesses sent at once, each on its own thread and database connection: the
limit holds because every attempt is counted before its password is checked.

The person is committed (the threads' connections cannot see a test's open transaction) in
riverside and deleted afterwards, with the counters and audit rows the guesses left."""

import threading

import pytest
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import SignInCounter, User
from accounts.sign_in.services import account_digest
from core.models import AuditEvent

GUESSES = 30
EMAIL = "parallel.target@example.org"


@pytest.fixture
def committed_person(django_db_blocker, riverside):
    with django_db_blocker.unblock():
        with tenant_context(riverside):
            user = User.objects.create_user(EMAIL, "correct-horse-battery", first_name="P", last_name="T")
        yield user
        with tenant_context(riverside):
            AuditEvent.objects.filter(action="sign_in.limited", data__email=EMAIL).delete()
            SignInCounter.objects.filter(key__contains=account_digest(EMAIL)).delete()
            SignInCounter.objects.filter(key="client:198.51.100.77").delete()
            user.delete()
        connection.set_schema_to_public()


def test_thirty_parallel_wrong_guesses_get_at_most_ten_password_checks(committed_person, settings):
    settings.LOGIN_FAILURE_LIMIT = 10
    checks, answers, lock = [], [], threading.Lock()
    start = threading.Barrier(GUESSES)

    def counted(sender, credentials, **kwargs):  # sent by authenticate() after a failed check
        with lock:
            checks.append(credentials["username"])

    def guess():
        client = Client(HTTP_HOST="riverside.localhost", REMOTE_ADDR="198.51.100.77")
        try:
            start.wait()
            response = client.post("/accounts/login/", {"username": EMAIL, "password": "wrong-guess"})
            with lock:
                answers.append(response.content.decode())
        finally:
            connection.close()

    user_login_failed.connect(counted)
    try:
        threads = [threading.Thread(target=guess) for _ in range(GUESSES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        user_login_failed.disconnect(counted)

    assert len(answers) == GUESSES
    assert len(checks) == 10, f"{len(checks)} passwords checked against a limit of 10"
    assert sum("Too many failed attempts" in answer for answer in answers) == GUESSES - 10
