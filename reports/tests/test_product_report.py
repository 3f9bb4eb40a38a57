"""Top products against the hand-computed data set (conftest)."""

from datetime import date
from decimal import Decimal

import pytest

from reports.selectors import top_products

pytestmark = pytest.mark.django_db

D1, D4 = date(2026, 3, 2), date(2026, 3, 5)


def test_best_first_by_revenue_counting_only_paid_shipped_delivered(shop):
    # A: 2 (order 1) + 1 (order 2) + 3 (order 7); the cancelled x5 and pending x1 do not count.
    # B: 1 (order 1) + 2 at the discounted 22.50 (order 3); the refunded x1 does not count. C sold on D5 only.
    assert top_products(start=D1, end=D4, limit=10) == [
        {"slug": "bravo", "name": "Bravo", "units_sold": 3, "revenue": Decimal("70.00"), "orders": 2},
        {"slug": "alpha", "name": "Alpha", "units_sold": 6, "revenue": Decimal("60.00"), "orders": 3},
    ]


def test_by_units_and_limited(shop):
    assert [p["slug"] for p in top_products(start=D1, end=D4, limit=10, ordering="units_sold")] == ["alpha", "bravo"]
    assert [p["slug"] for p in top_products(start=D1, end=D4, limit=1)] == ["bravo"]


def test_day_boundary_in_store_time_zone(shop):
    # 6 March local holds only order 8 (C); order 7 at 04:30 UTC belongs to 5 March.
    assert top_products(start=date(2026, 3, 6), end=date(2026, 3, 6), limit=10) == [
        {"slug": "charlie", "name": "Charlie", "units_sold": 1, "revenue": Decimal("7.50"), "orders": 1},
    ]
