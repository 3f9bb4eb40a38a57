"""?format=csv: the same figures as a spreadsheet download; JSON stays the default; errors stay JSON."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_sales_csv(staff_client, shop):
    response = staff_client.get(
        "/api/v1/reports/sales/", {"from": "2026-03-02", "to": "2026-03-05", "interval": "day", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sales-day-2026-03-02-2026-03-05.csv"'
    assert rows(response) == [
        ["period", "orders", "items", "revenue", "discounts", "average_order_value"],
        ["2026-03-02", "2", "4", "55.00", "5.00", "27.50"],
        ["2026-03-03", "1", "2", "45.00", "0.00", "45.00"],
        ["2026-03-04", "0", "0", "0.00", "0.00", "0.00"],
        ["2026-03-05", "1", "3", "32.00", "3.00", "32.00"],
        ["total", "4", "9", "132.00", "8.00", "33.00"],
    ]


def test_json_is_the_default(staff_client, db):
    response = staff_client.get("/api/v1/reports/sales/")

    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response


def test_products_csv_escapes_formulas(staff_client, shop):
    bravo = shop[1]
    bravo.name = "=HYPERLINK(1)"
    bravo.save()

    response = staff_client.get(
        "/api/v1/reports/products/", {"from": "2026-03-02", "to": "2026-03-05", "format": "csv"}
    )

    assert rows(response) == [
        ["slug", "name", "units_sold", "revenue", "orders"],
        ["bravo", "'=HYPERLINK(1)", "3", "70.00", "2"],
        ["alpha", "Alpha", "6", "60.00", "3"],
    ]


def test_inventory_csv_lists_out_and_low_stock(staff_client, stocked):
    response = staff_client.get("/api/v1/reports/inventory/", {"format": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="inventory.csv"'
    assert [row[:2] + row[4:] for row in rows(response)] == [
        ["status", "slug", "quantity", "low_stock_threshold"],
        ["out_of_stock", "alpha", "0", "5"],
        ["low_stock", "bravo", "3", "5"],
    ]


def test_funnel_and_attribution_csv(staff_client, shop):
    params = {"from": "2026-03-02", "to": "2026-03-05", "format": "csv"}

    funnel = rows(staff_client.get("/api/v1/reports/funnel/", params))
    attribution = rows(staff_client.get("/api/v1/reports/attribution/", params))

    assert funnel[0] == ["slug", "name", "views", "carts", "orders", "view_to_cart", "cart_to_order", "view_to_order"]
    assert funnel[1] == ["", "All products", "0", "0", "4", "", "", ""]
    assert attribution[0] == ["group", "source", "carts", "orders", "revenue", "discounts", "conversion"]
    assert ["coupon", "SAVE5", "0", "2", "72.00", "8.00", ""] in attribution


def test_errors_stay_json(staff_client, db):
    response = staff_client.get("/api/v1/reports/sales/", {"format": "csv", "interval": "year"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["attr"] == "interval"
