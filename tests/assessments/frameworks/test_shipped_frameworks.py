"""The shipped frameworks reach every new district through the template."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from assessments.frameworks.shipped import shipped_packages, template_load_shipped_frameworks
from assessments.models import Framework, Item, ItemKind, Level
from tests.assessments.case.test_case_exchange import export, normalized

pytestmark = pytest.mark.django_db

THEMES = {
    "Equity and Inclusion",
    "Risk-taking and Innovation",
    "Continuous Improvement",
    "Change Management",
    "Learner-Centered Approaches",
    "Coherence and Alignment",
}


def framework(title_start):
    return Framework.objects.get(title__startswith=title_start)


def live(fw, kind):
    return Item.objects.filter(framework=fw, kind=kind, is_retired=False)


def test_every_district_starts_with_the_three_shipped_frameworks():
    assert Framework.objects.count() >= 3
    b21 = framework("Building 21")
    assert list(live(b21, ItemKind.COMPETENCY).values_list("code", flat=True)) == [
        f"LC.{n}" for n in range(1, 7)
    ]
    assert live(b21, ItemKind.COMPETENCY).get(code="LC.3").statement == "Foster a Cohesive Vision"
    assert live(b21, ItemKind.INDICATOR).count() == 24 and b21.audience == "leaders"

    ccsso = framework("CCSSO/JFF")
    domains = list(live(ccsso, ItemKind.DOMAIN).values_list("statement", flat=True))
    assert domains[0] == "Vision, Values, and Culture" and len(domains) == 4
    assert set(ccsso.themes.values_list("title", flat=True)) == THEMES

    educators = Framework.objects.get(audience="educators")
    assert live(educators, ItemKind.DOMAIN).count() == 4
    for fw in (b21, ccsso, educators):
        assert fw.adoption_status == "adopted"
        assert list(Level.objects.filter(framework=fw).values_list("name", "is_proficient")) == [
            ("Emerging", False),
            ("Developing", False),
            ("Proficient", True),
            ("Advanced", True),
        ]
        indicators = live(fw, ItemKind.INDICATOR)
        described = indicators.filter(criteria__descriptors__level__isnull=False).distinct().count()
        assert described == indicators.count(), "every indicator has a descriptor at every level"


@pytest.mark.parametrize("path", shipped_packages(), ids=lambda p: p.stem)
def test_shipped_packages_export_back_exactly(path):
    package = json.loads(path.read_text())
    fw = Framework.objects.get(identifier=package["CFDocument"]["identifier"])
    assert normalized(export(fw)) == normalized(package)


def test_refreshing_the_template_is_idempotent():
    connection.set_schema_to_public()
    with schema_context(settings.TENANT_BASE_SCHEMA):
        before = (Framework.objects.count(), Item.objects.count())
    results = template_load_shipped_frameworks()
    assert results and not any(r.created for r in results)
    with schema_context(settings.TENANT_BASE_SCHEMA):
        assert (Framework.objects.count(), Item.objects.count()) == before
