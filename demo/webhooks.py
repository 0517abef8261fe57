"""Riverside's sample webhook endpoint: a receiver on this machine, disabled until someone
starts one (docs/integrations/webhooks.md has a twenty-line receiver). Its secret is fixed
and published there, so the sample receiver verifies out of the box: demo data only.

Written as a row, not through `endpoint_create`: a local URL passes the SSRF rule only
under WEBHOOKS_ALLOW_PRIVATE_URLS, which the settings seed_demo runs with may not set.
"""

import base64

from demo.districts import DemoDistrict
from webhooks.models import Endpoint

DEMO_URL = "http://127.0.0.1:9009/lodestar-webhooks"
DEMO_SECRET = "whsec_" + base64.b64encode(b"lodestar-demo-webhook-secret-32b").decode()


def seed_webhooks(spec: DemoDistrict) -> dict[str, int]:
    if spec.slug != "riverside" or Endpoint.objects.filter(url=DEMO_URL).exists():
        return {"webhook endpoints": 0}
    Endpoint.objects.create(
        url=DEMO_URL,
        description="Sample receiver (docs/integrations/webhooks.md)",
        secret=DEMO_SECRET,
        enabled=False,
        disabled_reason="Start the sample receiver on port 9009, then enable this endpoint.",
    )
    return {"webhook endpoints": 1}
