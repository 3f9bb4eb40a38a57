"""Report endpoints run a fixed number of queries, whatever the range, the limit or the data."""

from datetime import timedelta

import pytest

from catalog.tests.factories import ProductFactory
from commerce.tests.factories import StockFactory
from reports import periods, tasks
from reports.models import ProductView
from reports.tests.factories import make_cart, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_shop(db):
    """Orders, carts and views on each of the last 10 days; the first 5 of them snapshotted."""
    today = periods.today()
    products = [ProductFactory() for _ in range(6)]
    for product in products:
        StockFactory(product=product, quantity=products.index(product), low_stock_threshold=3)
    for back in range(10):
        day = today - timedelta(days=back)
        moment = periods.day_start(day) + timedelta(hours=12)
        for n, product in enumerate(products[: 1 + back % 6]):
            make_order(status="paid", created_at=moment, lines=[(product, 1 + n, "10.00")], source="banner:1")
            make_cart(products=[product], created_at=moment, source="page:2")
            ProductView.objects.create(day=day, product=product, count=5 + n)
    for back in range(5, 10):
        tasks.snapshot_reports(day=(today - timedelta(days=back)).isoformat())
    return today


def count_queries(client, url, params, django_assert_max_num_queries, limit) -> None:
    with django_assert_max_num_queries(limit):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("days", [1, 10, 366])
@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_sales(staff_client, busy_shop, django_assert_max_num_queries, days, interval):
    params = {"from": (busy_shop - timedelta(days=days - 1)).isoformat(), "to": busy_shop.isoformat()}
    # snapshotted days, stored sums, live orders, live items
    with django_assert_max_num_queries(4):
        assert staff_client.get("/api/v1/reports/sales/", {**params, "interval": interval}).status_code == 200


@pytest.mark.parametrize("limit", [1, 24, 100])
@pytest.mark.parametrize("days", [1, 10])
def test_products(staff_client, busy_shop, django_assert_max_num_queries, limit, days):
    params = {"from": (busy_shop - timedelta(days=days - 1)).isoformat(), "limit": limit}
    # snapshotted days, stored sums, live lines, product names
    with django_assert_max_num_queries(4):
        assert staff_client.get("/api/v1/reports/products/", params).status_code == 200


def test_inventory(staff_client, busy_shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # figures, low list, out list
        assert staff_client.get("/api/v1/reports/inventory/").status_code == 200


@pytest.mark.parametrize("limit", [1, 24, 100])
def test_funnel(staff_client, busy_shop, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(6):  # views, carts, orders per product; carts, orders overall; names
        assert staff_client.get("/api/v1/reports/funnel/", {"limit": limit}).status_code == 200


def test_attribution(staff_client, busy_shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # carts and orders per source, per coupon
        assert staff_client.get("/api/v1/reports/attribution/").status_code == 200
