"""Funnel (views -> carts -> orders) and content attribution against hand-computed figures."""

from datetime import date
from decimal import Decimal

import pytest

from reports.models import ProductView
from reports.selectors import attribution, funnel
from reports.tests.conftest import utc
from reports.tests.factories import make_cart

pytestmark = pytest.mark.django_db

D1, D2, D4 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5)


@pytest.fixture
def traffic(shop):
    alpha, bravo, charlie = shop
    ProductView.objects.create(day=D1, product=alpha, count=10)
    ProductView.objects.create(day=D2, product=bravo, count=4)
    ProductView.objects.create(day=date(2026, 3, 6), product=charlie, count=50)  # after the range
    make_cart(products=[alpha, bravo], created_at=utc(3, 2, 14), source="banner:1")
    make_cart(products=[alpha], created_at=utc(3, 3, 12), source="page:7")
    make_cart(products=[charlie], created_at=utc(3, 5, 12))
    make_cart(products=[bravo], created_at=utc(3, 3, 13), source="coupon:SAVE5", coupon_code="SAVE5")
    make_cart(products=[charlie], created_at=utc(3, 6, 6), source="banner:1")  # D5 in New York: outside
    return shop


def test_funnel_overall_and_per_product(traffic):
    report = funnel(start=D1, end=D4, limit=10)

    # Overall carts and orders are distinct ones (cart 1 holds two products; order 1 too).
    assert report["overall"] == {
        "views": 14,
        "carts": 4,
        "orders": 4,
        "view_to_cart": 0.2857,
        "cart_to_order": 1.0,
        "view_to_order": 0.2857,
    }
    assert [(p["slug"], p["views"], p["carts"], p["orders"]) for p in report["products"]] == [
        ("alpha", 10, 2, 3),
        ("bravo", 4, 2, 2),
        ("charlie", 0, 1, 0),
    ]
    alpha = report["products"][0]
    assert (alpha["view_to_cart"], alpha["cart_to_order"], alpha["view_to_order"]) == (0.2, 1.5, 0.3)
    assert report["products"][2]["view_to_cart"] is None  # no views: no ratio rather than a division by zero


def test_funnel_for_one_product(traffic):
    report = funnel(start=D1, end=D4, limit=10, product_slug="bravo")

    assert (report["overall"]["views"], report["overall"]["carts"], report["overall"]["orders"]) == (4, 2, 2)
    assert [p["slug"] for p in report["products"]] == ["bravo"]


def test_attribution_per_source(traffic):
    report = attribution(start=D1, end=D4)

    assert [
        (row["source"], row["kind"], row["carts"], row["orders"], row["revenue"], row["conversion"])
        for row in report["sources"]
    ] == [
        # orders 1 and 3; the cancelled order 4 does not count
        ("banner:1", "banner", 1, 2, Decimal("85.00"), 2.0),
        ("", "direct", 1, 1, Decimal("32.00"), 1.0),
        ("page:7", "page", 1, 1, Decimal("15.00"), 1.0),  # the refunded order 5 does not count
        ("coupon:SAVE5", "coupon", 1, 0, Decimal("0.00"), 0.0),
    ]


def test_attribution_per_coupon_code_is_case_insensitive(traffic):
    assert attribution(start=D1, end=D4)["coupons"] == [
        {
            "code": "SAVE5",
            "carts": 1,
            "orders": 2,
            "revenue": Decimal("72.00"),
            "discounts": Decimal("8.00"),
            "conversion": 2.0,
        }
    ]


def test_api_funnel_and_attribution(staff_client, traffic):
    params = {"from": "2026-03-02", "to": "2026-03-05"}

    funnel_body = staff_client.get("/api/v1/reports/funnel/", {**params, "limit": 1}).json()
    attribution_body = staff_client.get("/api/v1/reports/attribution/", params).json()

    assert funnel_body["overall"]["views"] == 14
    assert [p["slug"] for p in funnel_body["products"]] == ["alpha"]
    assert attribution_body["sources"][0] == {
        "source": "banner:1",
        "kind": "banner",
        "carts": 1,
        "orders": 2,
        "revenue": "85.00",
        "conversion": 2.0,
    }
    assert attribution_body["coupons"][0]["discounts"] == "8.00"
