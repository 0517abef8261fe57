import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["riverside.localhost", "localhost", "10.0.0.7", "unknown.example.com"])
def test_healthz_answers_on_any_host(client, host):
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_is_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz", HTTP_HOST="riverside.localhost")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert response.json()["redis"] != "ok"
