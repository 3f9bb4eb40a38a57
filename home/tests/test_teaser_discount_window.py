"""A discount starting or ending reaches the product teasers of a page in the content API (anonymous, cached):
the cached answer lives no longer than the next discount window edge."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.tests.factories import DiscountFactory, ProductFactory
from home.tests.factories import make_home_page

pytestmark = pytest.mark.django_db

D = Decimal


def teaser(api_client, page) -> dict:
    response = api_client.get(f"/api/v2/pages/{page.id}/")
    assert response.status_code == 200, response.content
    return response.json()["body"][0]["value"]["products"][0]


def at(monkeypatch, moment) -> None:
    """Move this process's clock (pricing reads ``timezone.now``, cache expiry ``time.time``) to ``moment``."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    monkeypatch.setattr("catalog.cache.time.time", lambda: moment.timestamp())


@pytest.fixture
def lamp_page():
    lamp = ProductFactory(name="Lamp", price=D("20.00"))
    return make_home_page(body=[("featured_products", {"heading": "Picks", "products": [lamp]})])


def test_a_discount_start_reaches_a_teaser(api_client, lamp_page, monkeypatch, django_assert_num_queries):
    starts = timezone.now() + timedelta(seconds=30)
    DiscountFactory(value=D("25"), starts_at=starts)
    before = teaser(api_client, lamp_page)
    assert (before["price"], before["sale_price"]) == ("20.00", "20.00")
    with django_assert_num_queries(0):  # the cached answer, until the start
        assert teaser(api_client, lamp_page)["sale_price"] == "20.00"
    at(monkeypatch, starts + timedelta(seconds=1))
    after = teaser(api_client, lamp_page)
    assert (after["price"], after["sale_price"]) == ("20.00", "15.00")


def test_a_discount_end_reaches_a_teaser(api_client, lamp_page, monkeypatch, django_assert_num_queries):
    ends = timezone.now() + timedelta(seconds=30)
    DiscountFactory(value=D("25"), ends_at=ends)
    assert teaser(api_client, lamp_page)["sale_price"] == "15.00"
    with django_assert_num_queries(0):  # the cached answer, until the end
        assert teaser(api_client, lamp_page)["sale_price"] == "15.00"
    at(monkeypatch, ends + timedelta(seconds=1))
    assert teaser(api_client, lamp_page)["sale_price"] == "20.00"
