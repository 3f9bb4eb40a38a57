"""A fixed data set whose report figures are worked out by hand in the tests.

The store is in America/New_York (UTC-5 in early March 2026). Days D1..D4 = 2 to 5 March 2026; D3 has no sales.
Products: A (list price 10.00), B (25.00, sold at 22.50 once through a catalog discount), C (7.50, never sold).

  #  status     created (UTC)       local day  lines                 discount  shipping  total
  1  paid       03-02 15:00         D1         A x2 @10, B x1 @25    5.00      0.00      40.00  coupon SAVE5
  2  shipped    03-03 03:30         D1 (!)     A x1 @10              0.00      5.00      15.00
  3  delivered  03-03 14:00         D2         B x2 @22.50           0.00      0.00      45.00
  4  cancelled  03-03 15:00         D2         A x5 @10              -         -         (never counts)
  5  refunded   03-03 16:00         D2         B x1 @25              -         -         (never counts)
  6  pending    03-05 12:00         D4         A x1 @10              -         -         (never counts)
  7  paid       03-06 04:30         D4 (!)     A x3 @10              3.00      5.00      32.00  coupon save5
  8  paid       03-06 05:30         D5         C x1 @7.50            0.00      5.00      12.50
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from catalog.tests.factories import ProductFactory
from commerce.tests.factories import StockFactory
from reports.tests.factories import make_order


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def new_york(settings):
    settings.TIME_ZONE = "America/New_York"


@pytest.fixture
def products(db):
    a = ProductFactory(name="Alpha", slug="alpha", price=Decimal("10.00"))
    b = ProductFactory(name="Bravo", slug="bravo", price=Decimal("25.00"))
    c = ProductFactory(name="Charlie", slug="charlie", price=Decimal("7.50"))
    return a, b, c


@pytest.fixture
def shop(new_york, products):
    a, b, c = products
    make_order(status="paid", created_at=utc(3, 2, 15), lines=[(a, 2, "10.00"), (b, 1, "25.00")], discount="5.00",
               coupon_code="SAVE5", source="banner:1")  # fmt: skip
    make_order(status="shipped", created_at=utc(3, 3, 3, 30), lines=[(a, 1, "10.00")], shipping="5.00",
               source="page:7")  # fmt: skip
    make_order(status="delivered", created_at=utc(3, 3, 14), lines=[(b, 2, "22.50")], source="banner:1")
    make_order(status="cancelled", created_at=utc(3, 3, 15), lines=[(a, 5, "10.00")], source="banner:1")
    make_order(status="refunded", created_at=utc(3, 3, 16), lines=[(b, 1, "25.00")], source="page:7")
    make_order(status="pending", created_at=utc(3, 5, 12), lines=[(a, 1, "10.00")])
    make_order(status="paid", created_at=utc(3, 6, 4, 30), lines=[(a, 3, "10.00")], discount="3.00", shipping="5.00",
               coupon_code="save5")  # fmt: skip
    make_order(status="paid", created_at=utc(3, 6, 5, 30), lines=[(c, 1, "7.50")], shipping="5.00")
    return products


@pytest.fixture
def stocked(products):
    """A out of stock, B low (3 <= 5), C plenty; a deleted product's stock never counts."""
    a, b, c = products
    StockFactory(product=a, quantity=0, low_stock_threshold=5)
    StockFactory(product=b, quantity=3, low_stock_threshold=5)
    StockFactory(product=c, quantity=20, low_stock_threshold=5)
    gone = ProductFactory(name="Gone", slug="gone", price=Decimal("99.00"), deleted_at=utc(1, 1, 0))
    StockFactory(product=gone, quantity=100, low_stock_threshold=5)
    return products
