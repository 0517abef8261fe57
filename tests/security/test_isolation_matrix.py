"""The isolation matrix, generated from the OpenAPI document: every operation with an id in
its path, asked for a real record of one district on the other district's host with that
district's own administrator's token, answers a 404 that says nothing of the record and
changes nothing; and a district's token on the other district's host is a 401.

A new endpoint is covered as soon as it is in the document; an id of a kind this file does
not know yet fails `test_every_id_in_the_document_has_a_record_kind`, so nobody has to
remember to add it. See docs/security/api-schema.md."""

import json
import re

import pytest
from django.db import connection, models
from django_tenants.utils import tenant_context

from accounts.models import ApiToken, User
from assessments.models import (
    AssessmentWindow,
    Framework,
    Item,
    ItemKind,
    PerceptionSurvey,
    SelfAssessment,
    Theme,
)
from coaching.models import (
    Attachment,
    CheckIn,
    CoachingCycle,
    CycleNote,
    Feedback,
    Goal,
    Milestone,
    Observation,
)
from demo.districts import LAKEVIEW, RIVERSIDE
from identity.models import IdentityProvider
from integrations.models import IntegrationClient
from notifications.models import Notification
from pathways.models import (
    Credential,
    Enrollment,
    MicroCredential,
    Pathway,
    Requirement,
    Review,
    Reviewer,
    Submission,
)
from rostering.models import RoleMapping, RosterImport
from schools.models import Membership, RoadmapMilestone, RoadmapPhase, School, Supervision
from tests.conftest import DistrictClient
from tests.factories import token_for
from tests.security.api_schema import openapi_document, operations, rolled_back, seed_demo_district
from tests.support import settle_constraints
from webhooks.models import Delivery, Endpoint, Event

PATH_ID = re.compile(r"([^/{}]+)/\{([^}]+)\}")


def first(model, **filters):
    record = model.objects.filter(**filters).order_by("-pk").first()
    assert record is not None, (
        f"the demo district has no {model.__name__}: give the registry a factory for it"
    )
    return record


def _admin():
    return User.objects.filter(email__startswith="admin@").get()


def _integration_client(found):
    from integrations.services import integration_client_create

    return (
        IntegrationClient.objects.order_by("-pk").first()
        or integration_client_create(actor=_admin(), name="Isolation client", scopes=["roster:read"]).client
    )


def _endpoint(found):
    from webhooks.services import endpoint_create

    endpoint = Endpoint.objects.filter(deliveries__isnull=False).order_by("-pk").first()
    if endpoint is None:
        endpoint = endpoint_create(actor=_admin(), url="https://hooks.isolation.example.org/lodestar")
        Delivery.objects.create(event=Event.objects.create(type="goal.created", data={}), endpoint=endpoint)
    return endpoint


def _roster_import(found):
    return RosterImport.objects.order_by("-pk").first() or RosterImport.objects.create(
        filename="isolation-roster.zip", created_by=_admin()
    )


def _framework(found):
    """A district's own framework (the shipped ones have the same ids in every district),
    with a competency and an indicator."""
    from assessments.frameworks.services import framework_create, item_create

    framework = framework_create(actor=None, title="Isolation framework", audience="educators")
    Theme.objects.create(framework=framework, title="Isolation theme")
    competency = item_create(
        actor=None, framework=framework, kind=ItemKind.COMPETENCY, statement="Isolation competency"
    )
    item_create(
        actor=None,
        framework=framework,
        kind=ItemKind.INDICATOR,
        statement="Isolation indicator",
        parent=competency,
    )
    return framework


def _framework_item(kind):
    def make(found):
        framework = Framework.objects.filter(title="Isolation framework").first() or _framework(found)
        return framework if kind is None else Item.objects.get(framework=framework, kind=kind)

    return make


def _delivery(found):
    endpoint = found["webhook-endpoints"]
    return Delivery.objects.filter(endpoint=endpoint).order_by("-pk").first() or Delivery.objects.create(
        event=Event.objects.create(type="goal.created", data={}), endpoint=endpoint
    )


def _role_mapping(found):
    # Both districts start with the same mappings (same ids): a district's own one is new.
    return RoleMapping.objects.create(oneroster_role="isolation-aide", at_school="teacher")


def _attachment(found):
    observation = found["observations"]
    return Attachment.objects.filter(observation=observation).first() or Attachment.objects.create(
        observation=observation,
        file="attachments/isolation.pdf",
        original_name="isolation-secret-plan.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=observation.observer,
    )


def _note(found):
    cycle = found["coaching-cycles"]
    return CycleNote.objects.filter(cycle=cycle).first() or CycleNote.objects.create(
        cycle=cycle, author=cycle.coach, body="A private note no other district may read"
    )


def _milestone(found):
    goal = found["goals"]
    return Milestone.objects.filter(goal=goal).first() or Milestone.objects.create(
        goal=goal, title="Isolation milestone", due_on=goal.due_on
    )


def _identity_provider(found):
    return IdentityProvider.objects.first() or IdentityProvider.objects.create(
        kind="oidc",
        name="Isolation Login",
        slug="isolation-login",
        issuer="https://login.isolation.example.org",
        client_id="isolation-client",
        client_secret="isolation-secret",
        allowed_domains=["isolation.example.org"],
    )


def _token(found):
    return ApiToken.objects.filter(revoked_at__isnull=True).order_by("-pk").first()


# The record kind behind each id in the API's paths, by the path segment before the id. Each
# entry returns a real record of the active district (`found` holds the records for the ids
# earlier in the same path, for nested ids such as /goals/{id}/milestones/{milestone_id}/).
REGISTRY = {
    "assessment-windows": lambda found: first(AssessmentWindow),
    "check-ins": lambda found: first(CheckIn),
    "coaching-cycles": lambda found: first(CoachingCycle),
    "notes": _note,
    "competencies": _framework_item(ItemKind.COMPETENCY),
    "indicators": _framework_item(ItemKind.INDICATOR),
    "credentials": lambda found: first(Credential),
    "schools": lambda found: first(School),
    "enrollments": lambda found: first(Enrollment),
    "activities": lambda found: found["enrollments"].pathway.steps.order_by("-pk").first(),
    "feedback": lambda found: first(Feedback),
    "frameworks": _framework_item(None),
    "goals": lambda found: first(Goal),
    "milestones": _milestone,
    "identity-providers": _identity_provider,
    "integration-clients": _integration_client,
    "memberships": lambda found: first(Membership),
    "micro-credentials": lambda found: first(MicroCredential),
    "notifications": lambda found: first(Notification),
    "observations": lambda found: first(Observation),
    "attachments": _attachment,
    "pathways": lambda found: first(Pathway),
    "people": lambda found: first(User, email__startswith="admin@"),
    "perception-surveys": lambda found: first(PerceptionSurvey),
    "reviewers": lambda found: first(Reviewer),
    "reviews": lambda found: first(Review),
    "roadmap-milestones": lambda found: first(RoadmapMilestone),
    "roadmap-phases": lambda found: first(RoadmapPhase),
    "roster-imports": _roster_import,
    "roster-role-mappings": _role_mapping,
    "self-assessments": lambda found: first(SelfAssessment),
    "submissions": lambda found: first(Submission),
    "answers": lambda found: first(Requirement, micro_credential=found["submissions"].micro_credential),
    "supervisions": lambda found: first(Supervision),
    "themes": lambda found: Theme.objects.get(framework=_framework_item(None)(found)),
    "tokens": _token,
    "webhook-endpoints": _endpoint,
    "deliveries": _delivery,
}

OPERATIONS_WITH_IDS = [(method, path) for method, path, _ in operations(openapi_document()) if "{" in path]


def path_ids(path: str) -> list[tuple[str, str]]:
    """(segment, parameter) for each id of the path, outermost first."""
    return PATH_ID.findall(path)


def test_every_id_in_the_document_has_a_record_kind():
    unknown = sorted(
        {segment for _, path in OPERATIONS_WITH_IDS for segment, _ in path_ids(path)} - set(REGISTRY)
    )
    assert not unknown, f"Add these to REGISTRY so their endpoints join the isolation matrix: {unknown}"


class Side:
    """One district with its demo data: its host, an administrator's token, and a record
    for each kind of id."""

    def __init__(self, district, spec, *, ids_after=None):
        self.district = district
        with tenant_context(district):
            if ids_after is not None:
                _ids_after(district.schema_name, ids_after.district.schema_name)
            seed_demo_district(spec, district)
            connection.set_tenant(district)
            self.token = token_for(User.objects.get(email=f"admin@{spec.email_domain}"))
        # Made now, in the module's transaction: a record made inside one test would be
        # rolled back with that test.
        self._records = {}
        for _, path in OPERATIONS_WITH_IDS:
            if set(segment for segment, _ in path_ids(path)) <= set(REGISTRY):
                self.records(path)

    def records(self, path):
        """The records for the ids of `path`, by parameter name, made in this district."""
        with tenant_context(self.district):
            found = {}
            for segment, _ in path_ids(path):
                key = (path.split(segment)[0], segment)
                if key not in self._records:
                    self._records[key] = REGISTRY[segment](found)
                found[segment] = self._records[key]
            return {param: found[segment] for segment, param in path_ids(path)}

    def state(self, records):
        """Every column of each record and the row count of its table, read in this district."""
        with tenant_context(self.district):
            return [
                (type(r).objects.count(), type(r).objects.filter(pk=r.pk).values().first())
                for r in records.values()
            ]


def _ids_after(schema, other):
    """Every id sequence of `schema` moved past `other`'s (never back), so that a record
    seeded in one district has an id no record of the other has: a 404 then means the
    district boundary held, not that the id happened to be free. Template rows that both
    districts are created with keep their shared ids; the registry makes its own for those."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = %s", [schema])
        for (name,) in cursor.fetchall():
            cursor.execute(
                "SELECT setval(%s, GREATEST(nextval(%s), (SELECT last_value FROM {}) + 1000000))".format(
                    connection.ops.quote_name(other) + "." + connection.ops.quote_name(name)
                ),
                [f'"{schema}"."{name}"', f'"{schema}"."{name}"'],
            )


@pytest.fixture(scope="module")
def sides(django_db_setup, django_db_blocker, riverside, lakeview):
    with rolled_back(django_db_blocker):
        first_side = Side(riverside, RIVERSIDE)
        both = {"riverside": first_side, "lakeview": Side(lakeview, LAKEVIEW, ids_after=first_side)}
        settle_constraints()
        yield both


class _Missing:
    pk = 2**62


def _texts(record) -> set[str]:
    """What a leaking answer would repeat: the record's words (names, titles, text)."""
    return {
        str(getattr(record, field.attname)).strip()
        for field in record._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and field.name not in ("status", "kind", "role", "email_delivery")
        and len(str(getattr(record, field.attname)).strip()) >= 6
    }


def _request(side, method, path, records, token):
    url = path
    for param, record in records.items():
        url = url.replace("{" + param + "}", str(record.pk))
    client = DistrictClient(side.district)
    client._return_to = connection.tenant
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.generic(
        method, url, data=json.dumps({}) if method != "GET" else "", content_type="application/json"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("owner,asker", [("riverside", "lakeview"), ("lakeview", "riverside")])
@pytest.mark.parametrize("method,path", OPERATIONS_WITH_IDS, ids=[f"{m} {p}" for m, p in OPERATIONS_WITH_IDS])
def test_another_districts_record_is_not_found_and_untouched(sides, owner, asker, method, path):
    owner, asker = sides[owner], sides[asker]
    records = owner.records(path)
    before = owner.state(records)

    for param, record in records.items():
        with tenant_context(asker.district):
            assert not type(record).objects.filter(pk=record.pk).exists(), (
                f"{param}: the asker has that id too"
            )

    response = _request(asker, method, path, records, asker.token)

    # Some actions read their body before the record (a 400 on a missing field): that answer
    # must then be exactly the one an id that exists nowhere gets, so it tells nothing.
    if response.status_code == 400:
        missing = _request(asker, method, path, {param: _Missing() for param in records}, asker.token)
        assert (missing.status_code, missing.json()) == (400, response.json())
    else:
        assert response.status_code == 404, (response.status_code, response.content[:300])
        assert response.json()["error"]["code"] == "not_found"
    body = response.content.decode()
    leaked = {text for record in records.values() for text in _texts(record) if text in body}
    assert not leaked, f"the 404 repeats the other district's record: {leaked}"
    assert owner.state(records) == before, "a request on another district's host changed the record"


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", OPERATIONS_WITH_IDS, ids=[f"{m} {p}" for m, p in OPERATIONS_WITH_IDS])
def test_a_districts_token_is_unknown_on_the_other_districts_host(sides, method, path):
    riverside, lakeview = sides["riverside"], sides["lakeview"]
    records = lakeview.records(path)
    before = lakeview.state(records)

    response = _request(lakeview, method, path, records, riverside.token)

    assert response.status_code == 401, (response.status_code, response.content[:300])
    assert response.json()["error"]["code"] in ("not_authenticated", "authentication_failed")
    assert lakeview.state(records) == before
