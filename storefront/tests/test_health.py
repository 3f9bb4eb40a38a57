import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: a real, unreachable dependency rather than a mock.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_health_is_ok_when_every_dependency_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
)
def test_health_is_503_when_the_cache_is_down(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "cache": "error", "broker": "ok"}}


def test_health_is_503_when_the_broker_is_down(client, broker_down):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "error"}


def test_health_is_not_redirected_to_https(client, settings):
    # Load balancers probe over plain HTTP even when the site forces HTTPS.
    assert r"^health/$" in settings.SECURE_REDIRECT_EXEMPT
