"""An order is priced from the discounts in the database, read inside its placement transaction, never from this
process's snapshot (``catalog.pricing``), which may not yet know of a change made on another instance.

Two instances share the database and Redis. This one trusts the catalog version it read for
CATALOG_CACHE_VERSION_CHECK seconds (60 here), so a discount ended, changed or started on the other one (the row
updated, the version bumped in Redis, this process's memo untouched) still prices its carts for up to that long:
carts and listings may lag; what charges money may not."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import pricing
from catalog.cache import clear_local_cache
from catalog.models import Discount, Product
from catalog.tests.factories import DiscountFactory
from catalog.version import VERSION_KEY
from commerce.models import Order
from commerce.tests.api_helpers import cart_with, error, place
from commerce.tests.factories import CouponFactory, stocked_product

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def _this_instance(settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "5.00", ""
    settings.CATALOG_CACHE_VERSION_CHECK = 60  # this process trusts the version it read for a minute
    clear_local_cache()
    pricing.forget_discounts()
    yield
    clear_local_cache()
    pricing.forget_discounts()


@pytest.fixture
def lamp():
    return stocked_product(quantity=5, price=D("50.00"), name="Lamp")


def warm(api_client, cart_id: str) -> dict:
    """Read the cart here: this process's snapshot (and its catalog version) is loaded and then trusted."""
    response = api_client.get(f"/api/v1/carts/{cart_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def elsewhere(discount: Discount, **fields) -> None:
    """The other instance changes ``discount``: the row, and the shared version in Redis, not this process's memo."""
    Discount.objects.filter(pk=discount.pk).update(**fields)  # a queryset update: no signal reaches this process
    cache.incr(VERSION_KEY)


def snapshot_sale_price(product) -> Decimal:
    return pricing.price_product(Product.objects.get(pk=product.pk)).sale_price


def test_a_discount_ended_on_another_instance_is_not_charged(api_client, lamp):
    discount = DiscountFactory(value=D("20"))
    cart_id = cart_with(api_client, (lamp, 2))
    assert warm(api_client, cart_id)["items"][0]["unit_price"] == "40.00"
    elsewhere(discount, ends_at=timezone.now() - timedelta(seconds=1))
    assert snapshot_sale_price(lamp) == D("40.00")  # this process still trusts its snapshot: the gap

    response = place(api_client, cart_id)
    assert response.status_code == 201, response.content
    body = response.json()
    assert [(line["unit_price"], line["line_total"]) for line in body["items"]] == [("50.00", "100.00")]
    assert (body["subtotal"], body["total"]) == ("100.00", "105.00")
    assert Order.objects.get(number=body["number"]).catalog_discount_total == D("0.00")


def test_a_discount_changed_on_another_instance_is_charged_as_changed(api_client, lamp):
    discount = DiscountFactory(value=D("20"))
    cart_id = cart_with(api_client, (lamp, 1))
    assert warm(api_client, cart_id)["items"][0]["unit_price"] == "40.00"
    elsewhere(discount, value=D("5"))
    assert snapshot_sale_price(lamp) == D("40.00")

    body = place(api_client, cart_id).json()
    assert (body["items"][0]["unit_price"], body["subtotal"], body["total"]) == ("47.50", "47.50", "52.50")
    assert Order.objects.get(number=body["number"]).catalog_discount_total == D("2.50")


def test_a_discount_that_started_a_moment_ago_is_applied(api_client, lamp):
    discount = DiscountFactory(value=D("20"), starts_at=timezone.now() + timedelta(days=1))
    cart_id = cart_with(api_client, (lamp, 1))
    assert warm(api_client, cart_id)["items"][0]["unit_price"] == "50.00"
    elsewhere(discount, starts_at=timezone.now() - timedelta(seconds=1))  # brought forward over there
    assert snapshot_sale_price(lamp) == D("50.00")

    body = place(api_client, cart_id).json()
    assert (body["items"][0]["unit_price"], body["subtotal"], body["total"]) == ("40.00", "40.00", "45.00")


def test_the_coupon_is_taken_off_the_freshly_priced_subtotal(api_client, lamp):
    discount = DiscountFactory(value=D("20"))
    CouponFactory(code="TENOFF", value=D("10"))
    cart_id = cart_with(api_client, (lamp, 1))
    assert api_client.post(f"/api/v1/carts/{cart_id}/coupon/", {"code": "TENOFF"}).json()["discount_total"] == "4.00"
    elsewhere(discount, is_active=False)

    body = place(api_client, cart_id).json()
    assert (body["subtotal"], body["discount_total"], body["total"]) == ("50.00", "5.00", "50.00")


def test_a_coupon_minimum_is_checked_against_the_fresh_prices(api_client, lamp):
    discount = DiscountFactory(value=D("20"), starts_at=timezone.now() + timedelta(days=1))
    CouponFactory(code="BIGBASKET", min_subtotal=D("45.00"))
    cart_id = cart_with(api_client, (lamp, 1))
    assert api_client.post(f"/api/v1/carts/{cart_id}/coupon/", {"code": "BIGBASKET"}).status_code == 200
    elsewhere(discount, starts_at=timezone.now() - timedelta(seconds=1))  # the lamp is 40.00 now

    response = place(api_client, cart_id)
    assert (response.status_code, error(response)[0]) == (400, "invalid_coupon")
    assert not Order.objects.exists()


def discount_reads(queries) -> int:
    """Queries reading discounts or their scopes (``catalog_discount_products`` and the like)."""
    return sum(q["sql"].startswith("SELECT") and '"catalog_discount' in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("running, reads", [(False, 1), (True, 4)])
def test_placement_reads_the_discounts_once_whatever_the_number_of_lines(api_client, running, reads):
    """The fresh discounts cost a placement one query while none is running; with one, three more for its scope
    (products, brands, categories). Never per line."""
    if running:
        DiscountFactory(value=D("10"))
    for lines in (1, 5):
        cart_id = cart_with(api_client, *((stocked_product(), 1) for _ in range(lines)))
        warm(api_client, cart_id)  # the snapshot is warm: every discount read below is the placement's own
        with CaptureQueriesContext(connection) as queries:
            assert place(api_client, cart_id).status_code == 201
        assert discount_reads(queries) == reads, lines
