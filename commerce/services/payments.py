"""Payments through django-payments: starting an attempt, booking what the provider reports, refunds.

Lock order, everywhere: the order's payment rows (by id), then the order row. django-payments updates a
payment row before it tells us (``status_changed``), so that row is always locked first; the refund paths lock
the payments before the order (``transition_order`` does it for cancellations and refunds).

``Order.payment_status`` changes only here: ``record_payment_status`` (what a provider reports),
``record_paid_by_staff`` (Fulfilment marks the order paid), ``refund_payment`` / ``refund_order_payments``.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http.request import validate_host
from django.utils import timezone
from payments import PaymentError, PaymentStatus

from commerce.models import Order, OrderPaymentStatus, OrderStatus, Payment, PaymentRefund
from commerce.payment_config import KNOWN_PROVIDERS, MANUAL, REDIRECT
from storefront.errors import Conflict, InvalidInput
from storefront.events import publish
from storefront.validators import is_safe_link

logger = logging.getLogger(__name__)

NOT_PAYABLE = "not_payable"
REFUND_FAILED = "refund_failed"
# An order takes a new attempt while nothing is captured or authorized (a failed attempt may be retried).
PAYABLE_PAYMENT_STATUSES = frozenset({OrderPaymentStatus.UNPAID, OrderPaymentStatus.FAILED})


def is_payable(order: Order) -> bool:
    """Whether a payment may be started for the order: pending, and not paid (a failed attempt leaves it payable)."""
    return order.status == OrderStatus.PENDING and order.payment_status in PAYABLE_PAYMENT_STATUSES


def is_refundable(payment: Payment) -> bool:
    """Whether some of the payment can be given back: captured, confirmed, something left."""
    return payment.status == PaymentStatus.CONFIRMED and payment.captured_at is not None and payment.captured_amount > 0


# Money was taken: cancelling or refunding the order gives it back.
CAPTURED_PAYMENT_STATUSES = frozenset({OrderPaymentStatus.PAID, OrderPaymentStatus.PARTIALLY_REFUNDED})
# Still open at the provider: the shopper may yet pay.
OPEN_PAYMENT_STATUSES = frozenset({PaymentStatus.WAITING, PaymentStatus.INPUT})
FAILED_PAYMENT_STATUSES = frozenset({PaymentStatus.REJECTED, PaymentStatus.ERROR})


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    kind: str


def available_providers() -> list[Provider]:
    """The providers the operator switched on (``PAYMENT_PROVIDERS``), in their order."""
    return [Provider(pid, KNOWN_PROVIDERS[pid].name, KNOWN_PROVIDERS[pid].kind) for pid in settings.PAYMENT_VARIANTS]


def provider_kind(variant: str) -> str | None:
    info = KNOWN_PROVIDERS.get(variant)
    return info.kind if info else None


def _ours(url: str) -> bool:
    """A site path, or a URL on a host this site serves (ALLOWED_HOSTS) or a frontend it serves (CORS origins):
    the payment pages and callbacks redirect there, so any other host would make this site an open redirect."""
    if url.startswith("/"):
        return True
    parts = urlsplit(url)
    frontends = {urlsplit(origin).netloc for origin in settings.CORS_ALLOWED_ORIGINS}
    return parts.netloc in frontends or validate_host(parts.hostname or "", settings.ALLOWED_HOSTS)


def _lock(payment_id: int, order_id: int) -> tuple[Payment, Order]:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    order = Order.objects.select_for_update().get(pk=order_id)
    payment.order = order
    return payment, order


def lock_order_payments(*, order: Order) -> list[Payment]:
    """Lock the order's payments in id order (before the order row: see the module's lock order)."""
    return list(Payment.objects.select_for_update().filter(order_id=order.pk).order_by("pk"))


def _set_payment_status(order: Order, payment_status: str) -> None:
    if order.payment_status != payment_status:
        order.payment_status = payment_status
        Order.objects.filter(pk=order.pk).update(payment_status=payment_status, updated_at=timezone.now())


def _payment_event(payment: Payment, order: Order, **extra) -> dict:
    return {
        "number": order.number,
        "payment_id": payment.pk,
        "provider": payment.variant,
        "amount": str(payment.total),
        "currency": payment.currency,
        **extra,
    }


@transaction.atomic
def start_payment(*, order: Order, provider: str, return_url: str = "", customer_ip: str | None = None) -> Payment:
    """A new payment attempt for ``order`` with ``provider``, for the order's total.

    The order row is locked, so an attempt never starts beside a capture being booked.
    Raises InvalidInput (unknown provider, unsafe ``return_url``) and Conflict not_payable (the order is not
    pending, or its money is already captured or authorized).
    """
    if provider not in settings.PAYMENT_VARIANTS:
        raise InvalidInput(f"Unknown payment provider {provider!r}.", code="invalid_choice", attr="provider")
    if return_url and not (is_safe_link(return_url) and _ours(return_url)):
        raise InvalidInput(
            "Enter a path on this site, or a URL on this site's or its frontend's host.",
            code="invalid_link",
            attr="return_url",
        )
    order = Order.objects.select_for_update().get(pk=order.pk)
    if not is_payable(order):
        raise Conflict(
            f"Order {order.number} cannot be paid now ({order.status}, {order.payment_status}).", code=NOT_PAYABLE
        )
    address = order.shipping_address or {}
    first, _, last = (address.get("name") or "").partition(" ")
    return Payment.objects.create(
        order=order,
        variant=provider,
        currency=order.currency,
        total=order.total,
        delivery=order.shipping_total,
        description=f"Order {order.number}",
        billing_email=order.email,
        billing_first_name=first[:256],
        billing_last_name=last[:256],
        billing_address_1=(address.get("line1") or "")[:256],
        billing_address_2=(address.get("line2") or "")[:256],
        billing_city=(address.get("city") or "")[:256],
        billing_postcode=(address.get("postal_code") or "")[:256],
        billing_country_code=(address.get("country") or "")[:2],
        customer_ip_address=customer_ip,
        return_url=return_url,
    )


@transaction.atomic
def record_payment_status(*, payment: Payment) -> None:
    """Book on the order what the provider reported on ``payment`` (called for django-payments' status_changed).

    A confirmed capture is booked once (``captured_at``): it publishes ``payment.captured`` and moves a pending
    order to paid through ``transition_order`` (history and ``order.status_changed`` as for any transition).
    Repeats of the same report change nothing. A capture for an order that no longer waits for one (cancelled
    meanwhile, or paid by another attempt) is refunded at once. A rejected or failed attempt marks the order's
    payment failed and leaves it pending and payable. Refunds are booked by ``refund_payment``, not here.
    """
    reported = payment
    payment, order = _lock(payment.pk, payment.order_id)
    if payment.status == PaymentStatus.CONFIRMED:
        if payment.captured_at is not None:
            reported.captured_at, reported.captured_amount = payment.captured_at, payment.captured_amount
            if payment.captured_amount <= 0 and payment.refunds.exists():
                # A late repeat of the confirmation after a full refund: the money went back, it stays refunded.
                Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.REFUNDED)
                reported.status = PaymentStatus.REFUNDED
            return  # this capture is booked already: a repeated callback
        payment.captured_at = timezone.now()
        # The dummy provider confirms before it sets the amount (and never saves it): the capture is the total.
        if not payment.captured_amount:
            payment.captured_amount = reported.captured_amount or payment.total
        payment.save(update_fields=["captured_at", "captured_amount", "modified"])
        # Providers save their own instance in full after telling us (change_fraud_status, Stripe's process_data):
        # it must carry the booking, or that save would undo it.
        reported.captured_at, reported.captured_amount = payment.captured_at, payment.captured_amount
        publish("payment.captured", _payment_event(payment, order, amount=str(payment.captured_amount)))
        if order.status == OrderStatus.PENDING:
            from commerce.services.orders import transition_order

            transition_order(order=order, status=OrderStatus.PAID, note=f"Payment captured ({payment.variant})")
        else:
            _give_back_late_capture(payment, order, reported)
    elif payment.status == PaymentStatus.PREAUTH and order.payment_status in PAYABLE_PAYMENT_STATUSES:
        _set_payment_status(order, OrderPaymentStatus.AUTHORIZED)
    elif payment.status in FAILED_PAYMENT_STATUSES and order.payment_status in PAYABLE_PAYMENT_STATUSES:
        _set_payment_status(order, OrderPaymentStatus.FAILED)


def _give_back_late_capture(payment: Payment, order: Order, reported: Payment) -> None:
    """Money captured for an order that no longer waits for it (cancelled meanwhile, or paid by another attempt)
    goes straight back. If the provider refuses, the payment stays captured for staff to settle (logged)."""
    try:
        _refund(payment, order, payment.captured_amount, note=f"Captured on a {order.status} order: given back")
    except (Conflict, InvalidInput):
        logger.error("late capture on a %s order could not be refunded", order.status, extra={"order": order.number})
        if order.payment_status in PAYABLE_PAYMENT_STATUSES:
            _set_payment_status(order, OrderPaymentStatus.PAID)
        return
    reported.status, reported.captured_amount = payment.status, payment.captured_amount
    if order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        _set_payment_status(order, OrderPaymentStatus.REFUNDED)


def record_paid_by_staff(*, order: Order) -> None:
    """Fulfilment marked ``order`` (locked by the caller) paid: a waiting manual payment is the money received.

    Called by ``transition_order`` for every move to paid; when a provider's capture caused the move, that
    capture is already booked and only the order's payment status is set.
    """
    payments = order.payments.all()
    if not any(p.captured_at is not None for p in payments):
        manual = [p for p in payments if provider_kind(p.variant) == MANUAL and p.status in OPEN_PAYMENT_STATUSES]
        if manual:
            payment = manual[-1]
            # Set directly, not through change_status: its signal would book the capture again, mid-transition.
            payment.status = PaymentStatus.CONFIRMED
            payment.captured_amount = payment.total
            payment.captured_at = timezone.now()
            payment.save(update_fields=["status", "captured_amount", "captured_at", "modified"])
            publish("payment.captured", _payment_event(payment, order))
    _set_payment_status(order, OrderPaymentStatus.PAID)


def cancel_open_payments(*, order: Order) -> None:
    """Close the attempts still open at their providers (the order is being cancelled), so none is paid later.
    A provider that cannot be reached does not stop the cancellation: a capture arriving later is logged."""
    for payment in Payment.objects.filter(order_id=order.pk, status__in=OPEN_PAYMENT_STATUSES).order_by("pk"):
        try:
            payment.cancel()
        except (PaymentError, NotImplementedError, OSError):
            logger.warning("could not cancel payment %s at its provider", payment.pk, extra={"order": order.number})


def _refunded_status(order: Order) -> str:
    captured = list(Payment.objects.filter(order_id=order.pk, captured_at__isnull=False))
    if captured and all(p.captured_amount <= 0 for p in captured):
        return OrderPaymentStatus.REFUNDED
    return OrderPaymentStatus.PARTIALLY_REFUNDED


def _refund(payment: Payment, order: Order, amount: Decimal, *, by=None, note: str = "") -> PaymentRefund:
    if not is_refundable(payment):
        raise Conflict("This payment has nothing left to refund.", code=REFUND_FAILED, attr="amount")
    if amount <= 0 or amount > payment.captured_amount:
        raise InvalidInput(
            f"Refund between 0.01 and {payment.captured_amount} {payment.currency}.", code="invalid", attr="amount"
        )
    try:
        payment.refund(amount=amount)  # the provider gives the money back; django-payments lowers captured_amount
    except (PaymentError, ValueError) as error:
        raise Conflict(f"The provider refused the refund: {error}", code=REFUND_FAILED) from error
    refund = PaymentRefund.objects.create(
        payment=payment, amount=amount, by_id=by.pk if by is not None and by.is_authenticated else None, note=note[:500]
    )
    publish("payment.refunded", _payment_event(payment, order, amount=str(amount), refund_id=refund.pk))
    return refund


@transaction.atomic
def refund_payment(*, payment: Payment, amount: Decimal | None = None, by=None, note: str = "") -> PaymentRefund:
    """Give back ``amount`` (default: all that is left) of a captured payment through its provider (staff).

    The order's payment status becomes partially_refunded, or refunded when nothing captured is left; the
    order's status does not change (cancel or refund the order for that). One ``PaymentRefund`` row and one
    ``payment.refunded`` event per refund. A provider's refusal changes nothing: Conflict refund_failed.
    """
    payment, order = _lock(payment.pk, payment.order_id)
    refund = _refund(payment, order, payment.captured_amount if amount is None else amount, by=by, note=note)
    _set_payment_status(order, _refunded_status(order))
    return refund


def refund_order_payments(*, order: Order, by=None, note: str = "") -> None:
    """Refund all that is captured on ``order`` (locked by the caller, payments first), for a cancellation or a
    refund of the whole order. Raises Conflict refund_failed when a provider refuses (the caller's transaction
    then changes nothing)."""
    for payment in Payment.objects.filter(order_id=order.pk, captured_at__isnull=False).order_by("pk"):
        if is_refundable(payment):
            payment.order = order
            _refund(payment, order, payment.captured_amount, by=by, note=note)
    _set_payment_status(order, OrderPaymentStatus.REFUNDED)


# --- abandoned orders ---------------------------------------------------------------------------------


def _abandoned_orders(*, now: datetime | None, ttl: int | None):
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.UNPAID_ORDER_TTL if ttl is None else ttl)
    not_redirect = [pid for pid, info in KNOWN_PROVIDERS.items() if info.kind != REDIRECT]
    return (
        Order.objects.filter(
            status=OrderStatus.PENDING,
            payment_status__in=PAYABLE_PAYMENT_STATUSES,
            created_at__lt=cutoff,
            payments__isnull=False,
        )
        .exclude(payments__variant__in=not_redirect)
        .exclude(payments__captured_at__isnull=False)
        .exclude(payments__created__gte=cutoff)
        .distinct()
    )


def abandoned_order_ids(*, now: datetime | None = None, ttl: int | None = None, limit: int = 500) -> list[int]:
    """Pending orders whose shopper went to pay and never did: every attempt with a redirect provider, none
    captured or authorized, the order and its newest attempt older than ``ttl`` seconds (``UNPAID_ORDER_TTL``).
    Orders without any attempt, or waiting for a manual payment (a bank transfer takes days), are not abandoned."""
    return list(_abandoned_orders(now=now, ttl=ttl).order_by("pk").values_list("pk", flat=True)[:limit])


def release_abandoned_order(*, order_id: int, now: datetime | None = None, ttl: int | None = None) -> bool:
    """Cancel one abandoned order (see ``abandoned_order_ids``) through ``cancel_order``: its open attempts are
    closed at their providers and its stock goes back, one movement per line. Re-checked under the locks, so an
    order paid meanwhile is left alone. True if it was cancelled."""
    from commerce.services.orders import cancel_order

    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            return False
        lock_order_payments(order=order)
        order = Order.objects.select_for_update().get(pk=order_id)
        if not _abandoned_orders(now=now, ttl=ttl).filter(pk=order_id).exists():
            return False
        cancel_order(order=order, note="Not paid in time: stock released")
        return True
