"""The report endpoints: contract shapes, money as strings, bad input as 400s in the contract's error shape."""

import pytest

pytestmark = pytest.mark.django_db

SALES = "/api/v1/reports/sales/"


def test_sales_by_day(staff_client, shop):
    response = staff_client.get(SALES, {"from": "2026-03-02", "to": "2026-03-05", "interval": "day"})

    assert response.status_code == 200
    body = response.json()
    assert body["currency"] == "USD"
    assert body["rows"][0] == {
        "period": "2026-03-02",
        "orders": 2,
        "items": 4,
        "revenue": "55.00",
        "discounts": "5.00",
        "average_order_value": "27.50",
    }
    assert [row["revenue"] for row in body["rows"]] == ["55.00", "45.00", "0.00", "32.00"]
    assert body["totals"] == {
        "orders": 4,
        "items": 9,
        "revenue": "132.00",
        "discounts": "8.00",
        "average_order_value": "33.00",
    }


def test_sales_by_month(staff_client, shop):
    body = staff_client.get(SALES, {"from": "2026-02-27", "to": "2026-03-06", "interval": "month"}).json()

    assert [(row["period"], row["orders"], row["revenue"]) for row in body["rows"]] == [
        ("2026-02-01", 0, "0.00"),
        ("2026-03-01", 5, "144.50"),
    ]


def test_sales_defaults_to_the_last_30_days_by_day(staff_client, db):
    body = staff_client.get(SALES).json()

    assert body["interval"] == "day"
    assert len(body["rows"]) == 30


def test_top_products(staff_client, shop):
    response = staff_client.get("/api/v1/reports/products/", {"from": "2026-03-02", "to": "2026-03-05", "limit": 5})

    assert response.status_code == 200
    assert response.json() == [
        {"slug": "bravo", "name": "Bravo", "units_sold": 3, "revenue": "70.00", "orders": 2},
        {"slug": "alpha", "name": "Alpha", "units_sold": 6, "revenue": "60.00", "orders": 3},
    ]


def test_a_larger_limit_is_clamped(staff_client, shop):
    response = staff_client.get("/api/v1/reports/products/", {"from": "2026-03-02", "to": "2026-03-06", "limit": 500})

    assert response.status_code == 200
    assert len(response.json()) == 3


def test_inventory(staff_client, stocked):
    response = staff_client.get("/api/v1/reports/inventory/")

    assert response.status_code == 200
    body = response.json()
    assert (body["total_units"], body["stock_value"], body["currency"]) == (23, "225.00", "USD")
    assert [row["slug"] for row in body["low_stock"]] == ["bravo"]
    assert body["out_of_stock"][0] == {
        "slug": "alpha",
        "sku": stocked[0].sku,
        "name": "Alpha",
        "quantity": 0,
        "low_stock_threshold": 5,
    }


@pytest.mark.parametrize(
    ("params", "attr", "code"),
    [
        ({"from": "2026-13-01"}, "from", "invalid"),
        ({"to": "yesterday"}, "to", "invalid"),
        ({"from": "2026-03-05", "to": "2026-03-01"}, "to", "invalid_range"),
        ({"interval": "year"}, "interval", "invalid_choice"),
        ({"from": "2025-01-01", "to": "2026-03-01", "interval": "day"}, "to", "range_too_large"),
    ],
)
def test_bad_sales_parameters_are_400s(staff_client, db, params, attr, code):
    response = staff_client.get(SALES, params)

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["errors"][0]["attr"] == attr
    assert body["errors"][0]["code"] == code


def test_a_long_range_is_fine_by_month(staff_client, db):
    response = staff_client.get(SALES, {"from": "2024-01-01", "to": "2026-03-01", "interval": "month"})

    assert response.status_code == 200
    assert len(response.json()["rows"]) == 27


@pytest.mark.parametrize("limit", ["0", "-3", "ten"])
def test_bad_limit_is_a_400(staff_client, db, limit):
    response = staff_client.get("/api/v1/reports/products/", {"limit": limit})

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "limit"
