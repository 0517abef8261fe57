"""getCredentials answers in a fixed number of queries whatever the page holds: a wallet pulls
a teacher's whole record at once, and a count that grew per credential would make that slow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pathways.factories import earned_credential
from tests.support import assert_queries

pytestmark = pytest.mark.django_db

# Two search-path switches and the domain lookup (the host), the access token with its app and
# holder (the toolkit), the COUNT and the page, the prefetches of the requirements and of the
# answers with their requirements, the district's signing key, its primary domain (for the
# documents' addresses) = 10.
EXPECTED = 10


@pytest.mark.parametrize(
    ("proof_format", "member"), [("jwt", "compactJwsString"), ("data-integrity", "credential")]
)
@pytest.mark.parametrize("credentials", [1, 50])
def test_get_credentials_query_count_does_not_grow_with_credentials(
    credentials, proof_format, member, holder_token, as_holder_app, teacher
):
    for _ in range(credentials):
        earned_credential(teacher)
    body, _app = holder_token(teacher)
    holder = as_holder_app(body["access_token"])
    asked = {"proofFormat": proof_format}
    holder.get("/ims/ob/v3p0/credentials", {"limit": 1, **asked})  # the signing key is made on first use
    with CaptureQueriesContext(connection) as captured:
        response = holder.get("/ims/ob/v3p0/credentials", {"limit": 100, **asked})
    assert response.status_code == 200, response.content
    assert len(response.json()[member]) == credentials
    why = f"GET /ims/ob/v3p0/credentials?proofFormat={proof_format} with {credentials} credentials"
    assert_queries(captured, EXPECTED, why)
