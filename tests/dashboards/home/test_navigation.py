"""The main menu by role: a handful of groups named by what the person does, every page a
role uses reachable from it, and every link in it opens for that role."""

import re

import pytest

from core.roles import Role
from tests.factories import person
from tests.support import HOST, get

pytestmark = pytest.mark.django_db

# What each role finds at the top of the menu, and the pages (each one that existed before
# the menu had groups) that must stay one click inside it.
MENU = {
    Role.TEACHER: ["Home", "Inbox", "My growth", "District"],
    Role.COACH: ["Home", "Inbox", "My growth", "Coaching", "District"],
    Role.SCHOOL_LEADER: ["Home", "Inbox", "My growth", "Coaching", "School", "District"],
    Role.CENTRAL_OFFICE: ["Home", "Inbox", "My growth", "District"],
    Role.DISTRICT_ADMIN: ["Home", "Inbox", "My growth", "District", "Admin"],
}
EVERYONE = [
    "/",
    "/inbox/",
    "/self-assessments/",
    "/goals/",
    "/check-ins/",
    "/coaching/",
    "/micro-credentials/",
    "/pathways/",
    "/perception/",
    "/roadmap/",
    "/frameworks/",
]
PAGES = {
    Role.TEACHER: EVERYONE,
    Role.COACH: [*EVERYONE, "/coaching/observe/", "/coaching/calendar/"],
    Role.SCHOOL_LEADER: [
        *EVERYONE,
        "/coaching/observe/",
        "/coaching/calendar/",
        "/dashboards/my-school/",
        "/windows/",
    ],
    Role.CENTRAL_OFFICE: [*EVERYONE, "/dashboards/district/", "/pathways/pipeline/", "/windows/"],
    Role.DISTRICT_ADMIN: [
        *EVERYONE,
        "/dashboards/district/",
        "/pathways/pipeline/",
        "/windows/",
        "/schools/",
        "/people/",
        "/settings/",
        "/reviewers/",
        "/emails/",
    ],
}
ACCOUNT = ["Notification settings", "API tokens", "Connected apps", "API docs"]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_finds_its_pages_in_a_few_groups_and_each_link_opens(client, role):
    user = person(role)
    client.force_login(user)
    response = get(client, "/")
    groups = response.context["nav_groups"]

    top = [group["label"] or group["links"][0][0] for group in groups]
    assert top == MENU[role]
    assert len(top) + 1 <= 7, "at most about seven entries with the account menu"
    urls = [url for _label, url, _current in response.context["nav_links"]]
    assert len(urls) == len(set(urls)), "each page sits in one group"
    missing = [path for path in PAGES[role] if path not in urls]
    assert not missing, f"{role}: {missing} not in the menu"
    offered = ["Two-factor sign-in"] if role == Role.DISTRICT_ADMIN else []
    assert [label for label, _url, _current in response.context["account_links"]] == ACCOUNT + offered
    for url in urls + [url for _label, url, _c in response.context["account_links"]]:
        assert client.get(url, HTTP_HOST=HOST, follow=True).status_code == 200, f"{role}: {url}"


def test_the_menu_marks_the_closest_link_and_its_group(client):
    client.force_login(person(Role.COACH))
    response = get(client, "/coaching/observe/")
    marked = [label for label, _url, current in response.context["nav_links"] if current]
    assert marked == ["Record an observation"]
    content = response.content.decode()
    assert re.search(r'<summary class="current">Coaching</summary>', content)


def test_every_page_has_a_skip_link_to_its_content_and_the_favicon(client):
    client.force_login(person(Role.TEACHER))
    content = get(client, "/").content.decode()
    assert '<a href="#content" class="skip-link">Skip to content</a>' in content
    assert 'id="content"' in content
    assert re.search(r'<link rel="icon" href="/static/favicon.svg" type="image/svg\+xml">', content)


def test_api_tokens_and_docs_are_under_the_account_menu_not_the_main_groups(client):
    client.force_login(person(Role.TEACHER))
    response = get(client, "/")
    labels = [label for label, _url, _current in response.context["nav_links"]]
    assert "API tokens" not in labels and "API docs" not in labels
    content = response.content.decode()
    account = content[content.index('class="dropdown nav-group account-menu"') :]
    assert "API tokens" in account and "API docs" in account and "Sign out" in account
