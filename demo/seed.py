"""`seed_demo`: the platform operator and each demo district, with its activity.

Each builder adds only what is missing, so running again adds nothing.
"""

from django_tenants.utils import schema_context, tenant_context

from accounts.models import User
from assessments.frameworks.shipped import district_add_missing_shipped_frameworks
from demo.assessments import seed_assessment_activity
from demo.clients import seed_integration_clients
from demo.coaching import seed_coaching_activity
from demo.dashboards import seed_dashboard_activity
from demo.districts import DEMO_DISTRICTS, DEMO_PASSWORD, DemoBuilder, DemoDistrict
from demo.pathways import seed_pathways_activity
from demo.roster import seed_roster_sample
from demo.scale.activity import seed_scale_activity
from demo.webhooks import seed_webhooks
from district.models import District
from district.services import district_create, district_ensure_public

OPERATOR_EMAIL = "operator@lodestar.localhost"


def seed_operator() -> bool:
    with schema_context("public"):
        if User.objects.filter(email=OPERATOR_EMAIL).exists():
            return False
        User.objects.create_superuser(
            OPERATOR_EMAIL, DEMO_PASSWORD, first_name="Platform", last_name="Operator"
        )
        return True


def seed_district(spec: DemoDistrict, *, scale: int = 1, progress: bool = False, log=print) -> District:
    district = District.objects.filter(schema_name=spec.slug).first()
    if district is None:
        result = district_create(slug=spec.slug, name=spec.name, domain=spec.domain, timezone=spec.timezone)
        district = result.district
        log(f"Created district {spec.slug} in {result.seconds:.2f} s")
    builder = DemoBuilder(spec, scale=scale, progress=progress)
    builder.plan()
    with tenant_context(district):
        counts = builder.write()
        counts["frameworks"] = district_add_missing_shipped_frameworks()
        counts.update(seed_assessment_activity(spec))
        counts.update(seed_coaching_activity(spec))
        counts.update(seed_pathways_activity(spec))
        counts.update(seed_roster_sample(spec))
        counts.update(seed_integration_clients(spec))
        if scale > 1:
            for what, n in seed_scale_activity(spec, scale, progress=progress).items():
                counts[what] = counts.get(what, 0) + n
        # Last: it back-fills a year of dashboard snapshots, each date once, so everything
        # the trends should show must be in place before it.
        counts.update(seed_dashboard_activity(spec))
        counts.update(seed_webhooks(spec))
    added = ", ".join(f"{n} {what}" for what, n in counts.items())
    log(f"{spec.slug}: added {added}" if any(counts.values()) else f"{spec.slug}: already complete")
    return district


def seed_demo(
    *, scale: int = 1, progress: bool = False, log=print, only: str | None = None
) -> list[District]:
    """The demo districts, or with `only` the one with that slug."""
    district_ensure_public()
    if seed_operator():
        log(
            f"Created platform operator {OPERATOR_EMAIL}; the admin asks for a code: set up an "
            f"authenticator app with `manage.py operator_totp --email {OPERATOR_EMAIL}`"
        )
    specs = [spec for spec in DEMO_DISTRICTS if only in (None, spec.slug)]
    return [seed_district(spec, scale=scale, progress=progress, log=log) for spec in specs]
