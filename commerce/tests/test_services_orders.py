"""Order placement (one transaction, snapshots, totals, idempotency) and the status machine."""

import itertools
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db.models import ProtectedError

from accounts.tests.factories import UserFactory
from catalog import services as catalog_services
from catalog.models import Product
from commerce.models import Cart, Order, OrderStatus, Stock, StockMovement
from commerce.selectors import order_for
from commerce.services import orders as order_services
from commerce.services.carts import add_to_cart, create_cart
from commerce.services.orders import cancel_order, place_order, transition_order
from commerce.tests.factories import stocked_product
from storefront.errors import Conflict, InvalidInput, NotFound
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()
ADDRESS = {"name": "Ada Lovelace", "line1": "1 Analytical St", "city": "London", "postal_code": "N1", "country": "GB"}


def cart_with(*products_and_quantities, user=ANON) -> Cart:
    cart = create_cart(user=user)
    for product, quantity in products_and_quantities:
        add_to_cart(cart_id=cart.id, user=user, product_slug=product.slug, quantity=quantity)
    return cart


def place(cart, user=ANON, email="ada@example.com", **kwargs):
    return place_order(cart_id=cart.id, email=email, shipping_address=ADDRESS, user=user, **kwargs)


def stock_of(product) -> int:
    return Stock.objects.get(variant__product=product).quantity


def test_placing_an_order_snapshots_lines_takes_stock_and_closes_the_cart(django_capture_on_commit_callbacks, settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "4.99", "100.00"
    a = stocked_product(quantity=5, price=Decimal("10.00"), name="Tea", sku="TEA-1")
    b = stocked_product(quantity=5, price=Decimal("3.33"))
    cart = cart_with((a, 2), (b, 3))
    with django_capture_on_commit_callbacks(execute=True):
        placed = place(cart, email=" Ada@Example.com ")
    order = placed.order
    assert re.fullmatch(r"SF-[2-9A-HJKMNP-TV-Z]{8}", order.number)
    assert (order.status, order.email, order.currency, order.shipping_address) == (
        "pending",
        "ada@example.com",
        "USD",
        ADDRESS,
    )
    assert (order.subtotal, order.discount_total, order.shipping_total, order.total) == (
        Decimal("29.99"),
        Decimal("0.00"),
        Decimal("4.99"),
        Decimal("34.98"),
    )
    assert [(x.product_slug, x.sku, x.name, x.unit_price, x.quantity, x.line_total) for x in order.lines.all()] == [
        (a.slug, "TEA-1", "Tea", Decimal("10.00"), 2, Decimal("20.00")),
        (b.slug, b.sku, b.name, Decimal("3.33"), 3, Decimal("9.99")),
    ]
    assert (stock_of(a), stock_of(b)) == (3, 2)
    assert StockMovement.objects.filter(order=order, reason="sale").count() == 2
    assert list(order.status_changes.values_list("status", "from_status")) == [("pending", "")]
    assert Cart.objects.get(pk=cart.pk).status == "checked_out"
    assert OutboxEvent.objects.filter(name="order.created", payload__number=order.number).count() == 1
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert order.number in mail.outbox[0].subject
    # A guest gets an access token, stored only as a hash.
    assert placed.access_token and order.access_token_hash != placed.access_token
    assert order.access_token_matches(placed.access_token)


def test_shipping_is_free_from_the_threshold(settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "5.00", "50.00"
    order = place(cart_with((stocked_product(price=Decimal("25.00")), 2))).order
    assert (order.shipping_total, order.total) == (Decimal("0.00"), Decimal("50.00"))
    settings.FREE_SHIPPING_THRESHOLD = ""
    order = place(cart_with((stocked_product(price=Decimal("25.00")), 2))).order
    assert (order.shipping_total, order.total) == (Decimal("5.00"), Decimal("55.00"))


def test_prices_come_from_the_catalog_at_placement_not_from_when_the_item_was_added():
    product = stocked_product(price=Decimal("10.00"))
    cart = cart_with((product, 1))
    Product.objects.filter(id=product.id).update(price=Decimal("11.00"))
    assert place(cart).order.lines.get().unit_price == Decimal("11.00")


def test_a_signed_in_users_order_is_theirs_has_no_token_and_defaults_to_their_email():
    user = UserFactory(email="me@example.com")
    placed = place(cart_with((stocked_product(), 1), user=user), user=user, email=None)
    assert (placed.order.user, placed.order.email, placed.access_token) == (user, "me@example.com", None)
    assert placed.order.access_token_hash == ""


def test_a_guest_without_an_email_is_refused():
    cart = cart_with((stocked_product(), 1))
    with pytest.raises(InvalidInput) as excinfo:
        place(cart, email="")
    assert excinfo.value.attr == "email"


def test_an_empty_cart_cannot_be_ordered():
    with pytest.raises(InvalidInput) as excinfo:
        place(create_cart(user=ANON))
    assert (excinfo.value.code, excinfo.value.attr) == ("cart_empty", "cart")


def test_a_cart_is_ordered_once():
    cart = cart_with((stocked_product(), 1))
    place(cart)
    with pytest.raises(Conflict) as excinfo:
        place(cart)
    assert excinfo.value.code == "cart_checked_out"
    assert Order.objects.count() == 1


def test_another_users_cart_is_not_found_and_nothing_changes():
    owner, thief = UserFactory(), UserFactory()
    product = stocked_product(quantity=3)
    cart = cart_with((product, 1), user=owner)
    for caller in (thief, ANON):
        with pytest.raises(NotFound):
            place(cart, user=caller)
    assert not Order.objects.exists() and stock_of(product) == 3


def test_out_of_stock_names_the_line_and_changes_nothing():
    a, b = stocked_product(quantity=5), stocked_product(quantity=5)
    cart = cart_with((a, 2), (b, 4))
    Stock.objects.filter(variant__product=b).update(quantity=3)  # sold elsewhere since it was added
    with pytest.raises(Conflict) as excinfo:
        place(cart)
    assert (excinfo.value.code, excinfo.value.attr) == ("out_of_stock", "items.1.quantity")
    assert not Order.objects.exists()
    assert (stock_of(a), stock_of(b)) == (5, 3)
    assert not StockMovement.objects.exists()
    assert Cart.objects.get(pk=cart.pk).status == "open"
    assert not OutboxEvent.objects.filter(name="order.created").exists()


def test_an_order_number_collision_draws_again(monkeypatch):
    taken = place(cart_with((stocked_product(), 1))).order.number
    numbers = iter([taken, "SF-FRESH234"])
    monkeypatch.setattr(order_services, "generate_order_number", lambda: next(numbers))
    assert place(cart_with((stocked_product(), 1))).order.number == "SF-FRESH234"


# --- idempotency ---------------------------------------------------------------------------------------


def render(placed):
    return {"number": placed.order.number, "token": placed.access_token}


def test_the_same_key_and_body_replays_the_first_response_without_a_second_order():
    product = stocked_product(quantity=5)
    cart = cart_with((product, 2))
    first = place(cart, idempotency_key="k-1", request_hash="h", render=render)
    again = place(cart, idempotency_key="k-1", request_hash="h", render=render)
    assert again.replayed and again.response == first.response == render(first)
    assert again.order == first.order
    assert Order.objects.count() == 1 and StockMovement.objects.count() == 1 and stock_of(product) == 3


def test_the_same_key_with_another_body_is_a_conflict():
    cart = cart_with((stocked_product(), 1))
    place(cart, idempotency_key="k-1", request_hash="h1", render=render)
    with pytest.raises(Conflict) as excinfo:
        place(cart, idempotency_key="k-1", request_hash="h2", render=render)
    assert excinfo.value.code == "idempotency_key_reused"


def test_a_failed_request_does_not_use_up_its_key():
    product = stocked_product(quantity=1)
    cart = cart_with((product, 1))
    Stock.objects.filter(variant__product=product).update(quantity=0)
    with pytest.raises(Conflict):
        place(cart, idempotency_key="k-1", request_hash="h", render=render)
    Stock.objects.filter(variant__product=product).update(quantity=1)
    assert not place(cart, idempotency_key="k-1", request_hash="h", render=render).replayed


def test_keys_are_per_caller():
    alice, bob = UserFactory(), UserFactory()
    place(cart_with((stocked_product(), 1), user=alice), user=alice, idempotency_key="same", request_hash="h1")
    placed = place(cart_with((stocked_product(), 1), user=bob), user=bob, idempotency_key="same", request_hash="h2")
    assert not placed.replayed and placed.order.user == bob


# --- status machine ------------------------------------------------------------------------------------

# The order state machine as the contract states it (spec/api.md, Payments: "POST .../transition/ ... Allowed:"),
# copied rather than read from commerce.models.TRANSITIONS: a wrong table must not be able to confirm itself.
CONTRACT_STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"]
CONTRACT_TRANSITIONS = {
    ("pending", "paid"),
    ("pending", "cancelled"),
    ("paid", "shipped"),
    ("paid", "cancelled"),
    ("shipped", "delivered"),
    ("paid", "refunded"),
    ("shipped", "refunded"),
    ("delivered", "refunded"),
}
ALL_PAIRS = list(itertools.product(CONTRACT_STATUSES, CONTRACT_STATUSES))
PATH_TO = {
    "pending": [],
    "paid": ["paid"],
    "shipped": ["paid", "shipped"],
    "delivered": ["paid", "shipped", "delivered"],
    "cancelled": ["cancelled"],
    "refunded": ["paid", "refunded"],
}


def order_in(status, *, quantity=2):
    product = stocked_product(quantity=10)
    order = place(cart_with((product, quantity))).order
    for step in PATH_TO[status]:
        order = transition_order(order=order, status=step)
    return order, product


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_every_transition_is_allowed_exactly_as_the_contract_says(source, target, staff_user):
    order, _ = order_in(source)
    history_before = order.status_changes.count()
    if (source, target) in CONTRACT_TRANSITIONS:
        order = transition_order(order=order, status=target, by=staff_user, note="why not")
        assert Order.objects.get(pk=order.pk).status == target
        change = order.status_changes.last()
        assert (change.status, change.from_status, change.by, change.note) == (target, source, staff_user, "why not")
    else:
        with pytest.raises(Conflict) as excinfo:
            transition_order(order=order, status=target, by=staff_user)
        assert (excinfo.value.status_code, excinfo.value.code) == (409, "invalid_transition")
        assert Order.objects.get(pk=order.pk).status == source
        assert order.status_changes.count() == history_before


def test_the_contract_names_every_order_status():
    assert sorted(OrderStatus.values) == sorted(CONTRACT_STATUSES)


@pytest.mark.parametrize(
    ("source", "target", "returned", "reason"),
    [
        ("pending", "cancelled", True, "cancellation"),
        ("paid", "cancelled", True, "cancellation"),
        ("paid", "refunded", True, "refund"),
        ("shipped", "refunded", False, None),
        ("delivered", "refunded", False, None),
    ],
)
def test_cancelling_or_refunding_before_shipment_returns_the_stock(source, target, returned, reason):
    order, product = order_in(source, quantity=3)
    assert stock_of(product) == 7
    transition_order(order=order, status=target)
    assert stock_of(product) == (10 if returned else 7)
    back = StockMovement.objects.filter(order=order, delta__gt=0)
    assert list(back.values_list("delta", "reason")) == ([(3, reason)] if returned else [])


def test_cancel_order_only_while_pending_or_paid():
    order, product = order_in("shipped")
    with pytest.raises(Conflict) as excinfo:
        cancel_order(order=order)
    assert excinfo.value.code == "invalid_transition"
    order, product = order_in("pending")
    cancel_order(order=order)
    with pytest.raises(Conflict):
        cancel_order(order=order)  # twice: the stock is returned once
    assert stock_of(product) == 10


def test_status_changes_are_published(django_capture_on_commit_callbacks):
    order, _ = order_in("pending")
    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order=order, status="paid")
    event = OutboxEvent.objects.get(name="order.status_changed")
    assert event.payload["number"] == order.number
    assert (event.payload["status"], event.payload["from_status"]) == ("paid", "pending")


def test_a_cancelled_order_keeps_its_lines_when_the_product_is_deleted():
    order, product = order_in("pending")
    with pytest.raises(ProtectedError):  # its stock ledger keeps a sold product's variant in the database
        Product.objects.filter(id=product.id).delete()
    catalog_services.delete_product(slug=product.slug)  # what deleting does: hidden everywhere, rows kept
    cancel_order(order=order)
    assert order.lines.get().product_slug == product.slug
    assert Stock.objects.get(variant__product=product).quantity == 10  # the units went back


# --- who may see an order -----------------------------------------------------------------------------


def test_order_visibility_owner_staff_or_guest_token(staff_user):
    alice, bob = UserFactory(), UserFactory()
    owned = place(cart_with((stocked_product(), 1), user=alice), user=alice).order
    guest = place(cart_with((stocked_product(), 1)))
    assert order_for(number=owned.number, user=alice) == owned
    assert order_for(number=owned.number, user=staff_user) == owned
    assert order_for(number=guest.order.number, user=ANON, token=guest.access_token) == guest.order
    for number, user, token in [
        (owned.number, bob, None),
        (owned.number, ANON, None),
        (guest.order.number, ANON, None),
        (guest.order.number, ANON, "wrong"),
        (guest.order.number, bob, None),
        ("SF-NOTHING2", staff_user, None),
    ]:
        with pytest.raises(NotFound):
            order_for(number=number, user=user, token=token)
