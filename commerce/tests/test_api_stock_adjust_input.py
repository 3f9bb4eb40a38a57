"""Stock input as the contract has it: `reason` is free text (at most 200 characters), and every number is bounded,
so no amount of adjusting overflows the quantity column (a 400 naming `delta`, never a 500)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from commerce.models import Stock, StockMovement
from commerce.services.stock import QUANTITY_COLUMN_MAX, adjust_stock, set_stock_level
from commerce.tests.api_helpers import error
from commerce.tests.factories import stocked_product
from storefront.errors import InvalidInput

pytestmark = pytest.mark.django_db
BILLION = 1_000_000_000


def adjust(client, product, **body):
    return client.post(f"/api/v1/stock/{product.slug}/adjust/", body)


def test_any_reason_text_is_kept_in_the_ledger(staff_client):
    product = stocked_product(quantity=4)
    response = adjust(staff_client, product, delta=3, reason="Stock count after the move ✓")
    assert (response.status_code, response.json()["quantity"]) == (200, 7)
    assert list(StockMovement.objects.values_list("reason", "note")) == [("adjustment", "Stock count after the move ✓")]
    ledger = staff_client.get(f"/api/v1/stock/{product.slug}/movements/").json()["results"]
    assert (ledger[0]["reason"], ledger[0]["note"]) == ("adjustment", "Stock count after the move ✓")


def test_a_reason_naming_a_manual_kind_sets_the_kind(staff_client):
    product = stocked_product(quantity=4)
    assert adjust(staff_client, product, delta=5, reason="import", note="delivery 7").status_code == 200
    assert adjust(staff_client, product, delta=-1).status_code == 200
    assert list(StockMovement.objects.order_by("id").values_list("reason", "note")) == [
        ("import", "delivery 7"),
        ("adjustment", ""),
    ]


def test_the_reason_is_at_most_200_characters(staff_client):
    product = stocked_product(quantity=4)
    assert adjust(staff_client, product, delta=1, reason="r" * 200).status_code == 200
    response = adjust(staff_client, product, delta=1, reason="r" * 201)
    assert (response.status_code, error(response)[1]) == (400, "reason")
    response = adjust(staff_client, product, delta=1, reason="r" * 150, note="n" * 100)  # the ledger keeps 200
    assert (response.status_code, error(response)[1]) == (400, "note")
    assert Stock.objects.get(variant__product=product).quantity == 5


@pytest.mark.parametrize(
    ("method", "path", "body", "attr"),
    [
        ("post", "adjust/", {"delta": BILLION + 1}, "delta"),
        ("post", "adjust/", {"delta": -BILLION - 1}, "delta"),
        ("post", "adjust/", {"delta": 10**30}, "delta"),
        ("patch", "", {"quantity": BILLION + 1}, "quantity"),
        ("patch", "", {"low_stock_threshold": BILLION + 1}, "low_stock_threshold"),
        ("patch", "", {"low_stock_threshold": 10**30}, "low_stock_threshold"),
    ],
)
def test_numbers_beyond_their_bounds_are_a_400_naming_the_field(staff_client, method, path, body, attr):
    product = stocked_product(quantity=4)
    response = getattr(staff_client, method)(f"/api/v1/stock/{product.slug}/{path}", body)
    assert (response.status_code, error(response)[1]) == (400, attr)
    assert Stock.objects.get(variant__product=product).quantity == 4 and not StockMovement.objects.exists()


def test_three_adjustments_of_a_billion_stop_at_the_column_with_a_400(staff_client):
    product = stocked_product(quantity=4)
    answers = [adjust(staff_client, product, delta=BILLION, reason="bulk") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 400]
    assert error(answers[2]) == ("max_value", "delta")
    assert Stock.objects.get(variant__product=product).quantity == 2 * BILLION + 4
    assert StockMovement.objects.count() == 2


def test_the_service_refuses_quantities_beyond_the_column(staff_user):
    product = stocked_product(quantity=4)
    for delta in (QUANTITY_COLUMN_MAX, QUANTITY_COLUMN_MAX + 1, 10**30):
        with pytest.raises(InvalidInput) as excinfo:
            adjust_stock(variant=product.variants.get(), delta=delta, user=staff_user)
        assert (excinfo.value.code, excinfo.value.attr) == ("max_value", "delta")
    adjust_stock(variant=product.variants.get(), delta=QUANTITY_COLUMN_MAX - 4)  # exactly full is fine
    assert Stock.objects.get(variant__product=product).quantity == QUANTITY_COLUMN_MAX
    for field in ("quantity", "low_stock_threshold"):
        with pytest.raises(InvalidInput) as excinfo:
            set_stock_level(variant=product.variants.get(), **{field: QUANTITY_COLUMN_MAX + 1})
        assert excinfo.value.attr == field


def test_the_schema_has_the_bounds_and_a_free_text_reason(django_db_blocker):
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    adjust_body = schemas["StockAdjustInputRequest"]["properties"]
    assert (adjust_body["delta"]["minimum"], adjust_body["delta"]["maximum"]) == (-BILLION, BILLION)
    assert adjust_body["reason"]["type"] == "string" and adjust_body["reason"]["maxLength"] == 200
    assert "enum" not in adjust_body["reason"] and "$ref" not in adjust_body["reason"]
    update_body = schemas["PatchedStockUpdateInputRequest"]["properties"]
    for field in ("quantity", "low_stock_threshold"):
        assert (update_body[field]["minimum"], update_body[field]["maximum"]) == (0, BILLION)
