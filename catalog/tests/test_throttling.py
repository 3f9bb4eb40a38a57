"""Catalog endpoints keep the project's anon/user request rates, counted with one cache increment a request."""

import pytest
from rest_framework.test import APIClient

from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        current = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {**current, "DEFAULT_THROTTLE_RATES": {**current["DEFAULT_THROTTLE_RATES"], **rates}}

    return set_rates


def uncached_reads(client, n: int, **extra) -> list[int]:
    # A new page size each time: an anonymous repeat would be answered by the response cache, before DRF.
    return [client.get(LIST, {"page_size": size}, **extra).status_code for size in range(1, n + 1)]


def test_anonymous_callers_get_the_anon_rate_per_ip(api_client, categories, rates):
    ProductFactory(category=categories["shoes"])
    rates(anon="3/min", user="100/min")
    assert uncached_reads(api_client, 4) == [200, 200, 200, 429]
    response = api_client.get(LIST, {"page_size": 9})
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address has its own budget.
    assert uncached_reads(APIClient(), 1, REMOTE_ADDR="10.0.0.9") == [200]


def test_signed_in_callers_get_the_user_rate(bearer_customer, categories, rates):
    ProductFactory(category=categories["shoes"])
    rates(anon="1/min", user="3/min")
    assert uncached_reads(bearer_customer, 4) == [200, 200, 200, 429]


def test_no_rate_means_no_limit(api_client, categories, settings):
    ProductFactory(category=categories["shoes"])
    current = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {**current, "DEFAULT_THROTTLE_RATES": {}}
    assert set(uncached_reads(api_client, 5)) == {200}
