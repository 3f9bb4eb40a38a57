from decimal import Decimal

import pytest

from reports.selectors import inventory_report

pytestmark = pytest.mark.django_db


def test_units_value_at_list_price_low_and_out_of_stock(stocked):
    report = inventory_report()

    assert report["total_units"] == 23  # 0 + 3 + 20; the deleted product's 100 do not count
    assert report["stock_value"] == Decimal("225.00")  # 3 x 25.00 + 20 x 7.50
    assert report["low_stock"] == [
        {"slug": "bravo", "sku": stocked[1].sku, "name": "Bravo", "quantity": 3, "low_stock_threshold": 5}
    ]
    assert [row["slug"] for row in report["out_of_stock"]] == ["alpha"]


def test_empty_inventory(db):
    report = inventory_report()

    assert (report["total_units"], report["stock_value"], report["low_stock"], report["out_of_stock"]) == (
        0,
        Decimal("0.00"),
        [],
        [],
    )
