"""The credential list endpoint and the My credentials page answer in a fixed number of
queries, whatever they hold: a career's worth of credentials must not mean a query each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from pathways.models import Credential
from tests.factories import person
from tests.pathways.factories import earned_credential, micro_credential

pytestmark = pytest.mark.django_db

# Every API request: two search-path switches, the domain, the token, stamping the
# token's last use and the actor's roles = 6. The list then COUNTs and reads the page
# (person, micro-credential with its competency, pathway joined in) = 2, and the first
# verification URL looks up the district's primary domain once for the whole page = 1.
API_LIST = 9
# The page: two search-path switches, the domain, the session and the user = 5; the
# credentials with their micro-credential, competency and pathway joined in = 1; the
# navigation's roles and the inbox's unread count = 2.
PAGE = 8


def credentials_for(holder, n):
    mc = micro_credential()
    for _ in range(n):
        earned_credential(holder, mc, answers=False)
    assert Credential.objects.filter(person=holder).count() == n


def count(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("n", [1, 50])
def test_list_endpoint_query_count(api, n):
    holder = person(Role.TEACHER)
    credentials_for(holder, n)
    client = api(holder)
    queries, response = count(client, "/api/v1/credentials/", {"page_size": 50})
    assert len(response.json()["results"]) == n
    assert queries == API_LIST, f"{queries} queries for {n} credentials"


@pytest.mark.parametrize("n", [1, 50])
def test_my_credentials_page_query_count(api, n):
    holder = person(Role.TEACHER)
    credentials_for(holder, n)
    client = api(holder, session=True)
    queries, response = count(client, "/my/credentials/")
    assert response.content.decode().count("openbadge.json") == n
    assert queries == PAGE, f"{queries} queries for {n} credentials"
