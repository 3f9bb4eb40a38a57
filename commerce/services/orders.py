"""Orders: placement (one transaction, idempotent) and the status machine (``commerce.models.TRANSITIONS``)."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects

from commerce.models import NOT_YET_SHIPPED, Cart, Order, OrderLine, OrderStatus, OrderStatusChange, can_transition
from commerce.models import StockMovement as Movement
from commerce.selectors import cart_items, price_cart, shipping_for
from commerce.services import idempotency
from commerce.services import payments as payment_services
from commerce.services.carts import CART_CHECKED_OUT, resolve_cart
from commerce.services.promotions import Customer, record_redemption, release_coupon_use, reserve_coupon_use
from commerce.services.stock import StockLine, return_stock, take_stock
from storefront.errors import Conflict, InvalidInput
from storefront.events import publish
from storefront.money import ZERO, to_cents

INVALID_TRANSITION = "invalid_transition"
# Unambiguous when read aloud or typed: no 0/O, 1/I/L, U. 30^8 numbers, drawn at random: not enumerable.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_LENGTH = 8
NUMBER_PREFIX = "SF-"


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    access_token: str | None = None  # the guest's raw token; only known right after placement
    response: dict | None = None  # the stored answer (with an idempotency key): replays return it verbatim
    replayed: bool = False


def generate_order_number() -> str:
    return NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))


def _idempotency_scope(*, user, cart_id) -> str:
    return f"user:{user.pk}" if user is not None and user.is_authenticated else f"anon:{cart_id}"


@transaction.atomic
def place_order(
    *,
    cart_id,
    email: str | None,
    shipping_address: dict,
    user,
    idempotency_key: str | None = None,
    request_hash: str = "",
    render: Callable[[PlacedOrder], dict] | None = None,
) -> PlacedOrder:
    """Turn a cart into an order, all in one transaction: all of it happens, or none of it.

    Locks the cart, takes stock for every line (guarded, in variant-id order), snapshots names, variant SKUs and
    options and
    prices (recomputed through catalog pricing from the discounts read in this transaction, never taken from
    the client, the cart or a process's discount snapshot), totals with one rounding rule, records the first
    status, closes the cart and publishes ``order.created`` (outbox).

    With ``idempotency_key``: the first request with a key per caller does the work and stores
    ``render(result)`` as its response; repeats with the same body get ``PlacedOrder(replayed=True,
    response=<stored>)`` and change nothing; another body raises Conflict idempotency_key_reused.

    The cart's coupon is re-checked and its use counted in the same transaction (``reserve_coupon_use``:
    locked coupon row, guarded counter, a ``CouponRedemption``), so usage limits hold under any concurrency
    and an order that fails (on stock, say) uses nothing.

    Raises NotFound (cart unknown or not the caller's), Conflict cart_checked_out, InvalidInput cart_empty
    / email, Conflict out_of_stock with attr ``items.<index>.quantity`` for the line that cannot be served,
    InvalidInput invalid_coupon (the cart's coupon expired, was deleted, or the minimum is no longer met) and
    Conflict coupon_exhausted.
    """
    key_row = None
    if idempotency_key is not None:
        scope = _idempotency_scope(user=user, cart_id=cart_id)
        key_row, owner = idempotency.claim_key(scope=scope, key=idempotency_key, fingerprint=request_hash)
        if not owner:
            return PlacedOrder(order=key_row.order, response=idempotency.stored_response(key_row), replayed=True)

    cart = resolve_cart(cart_id=cart_id, user=user, lock=True)
    if not cart.is_open:
        raise Conflict("This cart has already been checked out.", code=CART_CHECKED_OUT, attr="cart")
    user_id = user.pk if user is not None and user.is_authenticated else None
    email = (email or (user.email if user_id else "") or "").strip().lower()
    if not email:
        raise InvalidInput("An email address is required.", code="required", attr="email")

    # Lines of products no longer for sale are not shown in the cart (price_cart leaves them out): not sold either.
    # Priced from the discounts in the database now, not this process's snapshot (1-5 queries, none per line).
    prefetch_related_objects([cart], cart_items(images=False))  # onto the locked row: no second read of it
    priced = price_cart(cart, fresh=True)
    if not priced.lines:
        raise InvalidInput("The cart is empty.", code="cart_empty", attr="cart")

    # The coupon is re-checked and its use counted under its row lock, before any stock row is locked.
    coupon, discount_total, customer = None, ZERO, Customer.of(user, email)
    if cart.coupon_code:
        coupon, discount_total = reserve_coupon_use(code=cart.coupon_code, subtotal=priced.subtotal, customer=customer)

    merchandise = to_cents(priced.subtotal - discount_total)
    shipping = shipping_for(merchandise_total=merchandise)
    access_token = secrets.token_urlsafe(32) if user_id is None else None
    order = _create_with_unique_number(
        user_id=user_id,
        email=email,
        shipping_address=shipping_address,
        subtotal=priced.subtotal,
        discount_total=discount_total,
        catalog_discount_total=priced.catalog_discount_total,
        shipping_total=shipping,
        total=to_cents(merchandise + shipping),
        currency=priced.currency,
        coupon_code=coupon.code if coupon else None,
        cart=cart,
        source=cart.source,
        access_token_hash=Order.hash_access_token(access_token) if access_token else "",
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=line.item.variant.product,
            variant=line.item.variant,
            product_slug=line.item.variant.product.slug,
            sku=line.item.variant.sku,
            options=line.item.variant.options or {},
            name=line.item.variant.product.name,
            unit_price=line.unit_price,
            quantity=line.item.quantity,
            line_total=line.line_total,
        )
        for line in priced.lines
    )
    take_stock(
        order=order,
        lines=[
            StockLine(line.item.variant_id, line.item.quantity, attr=f"items.{index}.quantity")
            for index, line in enumerate(priced.lines)
        ],
    )
    if coupon is not None:
        record_redemption(coupon=coupon, order=order, customer=customer, discount_total=discount_total)
    OrderStatusChange.objects.create(order=order, status=OrderStatus.PENDING, by_id=user_id, note="Order placed")
    Cart.objects.filter(pk=cart.pk).update(status=Cart.Status.CHECKED_OUT)
    publish("order.created", _event_payload(order))

    placed = PlacedOrder(order=order, access_token=access_token)
    if key_row is not None:
        response = render(placed) if render else None
        idempotency.store_response(row=key_row, status_code=201, response=response, order=order)
        placed = PlacedOrder(order=order, access_token=access_token, response=idempotency.stored_response(key_row))
    return placed


def _create_with_unique_number(**fields) -> Order:
    """Insert the order under a random number; the unique constraint decides, a collision draws again."""
    for _ in range(10):
        number = generate_order_number()
        try:
            with transaction.atomic():
                return Order.objects.create(number=number, **fields)
        except IntegrityError:
            if not Order.objects.filter(number=number).exists():
                raise  # some other constraint: not ours to retry
    raise RuntimeError("could not draw a free order number")


def _event_payload(order: Order, **extra) -> dict:
    return {
        "number": order.number,
        "status": order.status,
        "email": order.email,
        "user_id": order.user_id,
        "total": str(order.total),
        "currency": order.currency,
        **extra,
    }


@transaction.atomic
def transition_order(*, order: Order, status: str, by=None, note: str = "") -> Order:
    """Move an order along the state machine (``commerce.models.TRANSITIONS``), and only along it.

    The order row is locked, so two concurrent transitions apply one after the other and the second sees
    the first's result. Cancelling or refunding before shipment puts the units back (one movement per line)
    and gives the coupon use back; a refund after shipment keeps the use (the sale happened).
    Records who and when in the status history; publishes ``order.status_changed`` (after commit).
    Money (``commerce.services.payments``): moving to paid books the payment; cancelling or refunding an order
    whose money was captured refunds it through the provider first, and a refused refund changes nothing
    (Conflict refund_failed); cancelling closes the attempts still open.
    Raises Conflict invalid_transition for anything the table does not allow.
    """
    if status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        payment_services.lock_order_payments(order=order)  # payment rows before the order row: the one lock order
    order = Order.objects.select_for_update().get(pk=order.pk)
    from_status = order.status
    if not can_transition(from_status, status):
        raise Conflict(f"An order cannot go from {from_status} to {status}.", code=INVALID_TRANSITION, attr="status")
    if status == OrderStatus.PAID:
        payment_services.record_paid_by_staff(order=order)
    elif status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        if order.payment_status in payment_services.CAPTURED_PAYMENT_STATUSES:
            payment_services.refund_order_payments(order=order, by=by, note=note)
        payment_services.cancel_open_payments(order=order)
    if status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED) and from_status in NOT_YET_SHIPPED:
        # The sale did not happen: the coupon use goes back too (coupon row before stock rows, as in placement).
        release_coupon_use(order=order)
        reason = Movement.Reason.CANCELLATION if status == OrderStatus.CANCELLED else Movement.Reason.REFUND
        lines = [StockLine(line.variant_id, line.quantity) for line in order.lines.all() if line.variant_id]
        return_stock(order=order, lines=lines, reason=reason)
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    by_id = by.pk if by is not None and by.is_authenticated else None
    OrderStatusChange.objects.create(order=order, status=status, from_status=from_status, by_id=by_id, note=note[:500])
    publish("order.status_changed", _event_payload(order, from_status=from_status))
    return order


def cancel_order(*, order: Order, by=None, note: str = "") -> Order:
    """Cancel while pending or paid (stock goes back); otherwise Conflict invalid_transition."""
    return transition_order(order=order, status=OrderStatus.CANCELLED, by=by, note=note)
