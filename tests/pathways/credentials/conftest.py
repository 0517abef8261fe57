import pytest
from django.db import connection

from district.models import District


@pytest.fixture
def signing_algorithm(riverside):
    """`signing_algorithm("RS256")`: riverside signs VC-JWT with that algorithm, in this
    test's transaction (what requests read) and on the shared tenant object (what code run
    in the test reads); back to the default afterwards."""
    before = riverside.credential_signing_algorithm

    def choose(algorithm: str) -> None:
        District.objects.filter(pk=riverside.pk).update(credential_signing_algorithm=algorithm)
        riverside.credential_signing_algorithm = algorithm
        connection.tenant.credential_signing_algorithm = algorithm

    yield choose
    riverside.credential_signing_algorithm = before
    if connection.tenant.pk == riverside.pk:
        connection.tenant.credential_signing_algorithm = before
