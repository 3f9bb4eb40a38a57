"""Stock services: the guarded take, returns, manual changes, the ledger and the alerts they trigger."""

import pytest
from django.core import mail

from catalog.models import Product
from commerce.models import Order, Stock, StockMovement
from commerce.services.stock import StockLine, adjust_stock, return_stock, set_stock_level, take_stock
from commerce.tests.factories import stocked_product
from storefront.errors import Conflict, InvalidInput
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db


def make_order(**fields):
    defaults = {"number": f"SF-T{Order.objects.count():07d}", "email": "buyer@example.com", "subtotal": 0, "total": 0}
    return Order.objects.create(**(defaults | fields))


def quantity(product) -> int:
    return Stock.objects.get(variant__product=product).quantity


def test_take_stock_takes_every_line_and_writes_one_sale_movement_each():
    a, b = stocked_product(quantity=5), stocked_product(quantity=3)
    order = make_order()
    take_stock(order=order, lines=[StockLine(b.variants.get().id, 2), StockLine(a.variants.get().id, 5)])
    assert (quantity(a), quantity(b)) == (0, 1)
    movements = StockMovement.objects.filter(order=order).order_by("variant__product_id")
    assert [(m.variant.product_id, m.delta, m.quantity_after, m.reason) for m in movements] == [
        (a.id, -5, 0, "sale"),
        (b.id, -2, 1, "sale"),
    ]


def test_take_stock_is_all_or_nothing_and_names_the_short_line():
    a, b = stocked_product(quantity=5), stocked_product(quantity=1, sku="SKU-SHORT")
    order = make_order()
    with pytest.raises(Conflict) as excinfo:
        take_stock(
            order=order,
            lines=[
                StockLine(a.variants.get().id, 2, "items.0.quantity"),
                StockLine(b.variants.get().id, 2, "items.1.quantity"),
            ],
        )
    assert excinfo.value.code == "out_of_stock"
    assert excinfo.value.attr == "items.1.quantity"
    assert "Only 1 left of SKU-SHORT" in excinfo.value.detail
    assert (quantity(a), quantity(b)) == (5, 1)
    assert not StockMovement.objects.exists()


def test_take_stock_of_a_product_without_a_stock_row_is_out_of_stock():
    product = stocked_product(quantity=1)
    Stock.objects.filter(variant__product=product).delete()
    with pytest.raises(Conflict):
        take_stock(order=make_order(), lines=[StockLine(product.variants.get().id, 1)])


def test_selling_the_last_unit_marks_the_product_out_of_stock_and_a_return_brings_it_back():
    product = stocked_product(quantity=2)
    order = make_order()
    take_stock(order=order, lines=[StockLine(product.variants.get().id, 2)])
    assert Product.objects.get(id=product.id).in_stock is False
    return_stock(order=order, lines=[StockLine(product.variants.get().id, 2)], reason=StockMovement.Reason.CANCELLATION)
    assert Product.objects.get(id=product.id).in_stock is True
    assert quantity(product) == 2
    assert list(StockMovement.objects.filter(order=order).values_list("delta", "reason").order_by("id")) == [
        (-2, "sale"),
        (2, "cancellation"),
    ]


def test_adjust_stock_records_who_and_why(staff_user):
    product = stocked_product(quantity=4)
    stock = adjust_stock(variant=product.variants.get(), delta=6, reason="import", user=staff_user, note="delivery 42")
    assert stock.quantity == 10
    movement = StockMovement.objects.get()
    assert (movement.delta, movement.reason, movement.created_by, movement.note) == (
        6,
        "import",
        staff_user,
        "delivery 42",
    )


def test_adjust_stock_below_zero_is_a_conflict_and_changes_nothing():
    product = stocked_product(quantity=4)
    with pytest.raises(Conflict) as excinfo:
        adjust_stock(variant=product.variants.get(), delta=-5)
    assert (excinfo.value.code, excinfo.value.attr) == ("out_of_stock", "delta")
    assert quantity(product) == 4
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize(("delta", "reason", "attr"), [(0, "adjustment", "delta"), (1, "sale", "reason")])
def test_adjust_stock_rejects_a_zero_delta_or_a_system_reason(delta, reason, attr):
    product = stocked_product(quantity=4)
    with pytest.raises(InvalidInput) as excinfo:
        adjust_stock(variant=product.variants.get(), delta=delta, reason=reason)
    assert excinfo.value.attr == attr
    assert not StockMovement.objects.exists()


def test_adjust_stock_creates_a_missing_stock_row():
    product = stocked_product(quantity=0)
    Stock.objects.filter(variant__product=product).delete()
    assert adjust_stock(variant=product.variants.get(), delta=3).quantity == 3


def test_set_stock_level_writes_the_difference_to_the_ledger():
    product = stocked_product(quantity=4)
    stock = set_stock_level(variant=product.variants.get(), quantity=9, low_stock_threshold=3)
    assert (stock.quantity, stock.low_stock_threshold) == (9, 3)
    assert list(StockMovement.objects.values_list("delta", "quantity_after", "reason")) == [(5, 9, "adjustment")]


def test_set_stock_level_without_a_change_of_quantity_writes_no_movement():
    product = stocked_product(quantity=4)
    set_stock_level(variant=product.variants.get(), quantity=4, low_stock_threshold=1)
    assert not StockMovement.objects.exists()


def test_set_stock_level_refuses_negatives():
    product = stocked_product(quantity=4)
    with pytest.raises(InvalidInput):
        set_stock_level(variant=product.variants.get(), quantity=-1)
    with pytest.raises(InvalidInput):
        set_stock_level(variant=product.variants.get(), low_stock_threshold=-1)


def test_crossing_the_low_stock_threshold_alerts_staff_once_per_crossing(
    django_capture_on_commit_callbacks, staff_user, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["stockroom@example.com"]
    product = stocked_product(quantity=10, low_stock_threshold=3)
    with django_capture_on_commit_callbacks(execute=True):
        adjust_stock(variant=product.variants.get(), delta=-6)  # 4: not low yet
        adjust_stock(variant=product.variants.get(), delta=-1)  # 3: low -> alert
        adjust_stock(variant=product.variants.get(), delta=-2)  # 1: still low, no second alert
        adjust_stock(variant=product.variants.get(), delta=5)  # 6: above again, re-armed
        adjust_stock(variant=product.variants.get(), delta=-4)  # 2: low again -> second alert
    assert OutboxEvent.objects.filter(name="stock.low").count() == 2
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["stockroom@example.com"]
    assert product.sku in mail.outbox[0].subject


def test_low_stock_alerts_go_to_superusers_when_no_address_is_configured(django_capture_on_commit_callbacks, settings):
    from accounts.tests.factories import UserFactory

    settings.STAFF_NOTIFICATION_EMAILS = []
    UserFactory(email="boss@example.com", is_staff=True, is_superuser=True)
    UserFactory(email="gone@example.com", is_staff=True, is_superuser=True, is_active=False)
    product = stocked_product(quantity=5, low_stock_threshold=2)
    with django_capture_on_commit_callbacks(execute=True):
        adjust_stock(variant=product.variants.get(), delta=-4)
    assert [message.to for message in mail.outbox] == [["boss@example.com"]]


def test_raising_the_threshold_above_the_quantity_alerts(django_capture_on_commit_callbacks):
    product = stocked_product(quantity=5, low_stock_threshold=2)
    with django_capture_on_commit_callbacks(execute=True):
        set_stock_level(variant=product.variants.get(), low_stock_threshold=8)
    assert OutboxEvent.objects.filter(name="stock.low").count() == 1
