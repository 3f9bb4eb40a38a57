"""Coupons: money off a cart. (Catalog discounts, which set prices, are the catalog's: ``catalog.services``.)

Coupon uses are counted inside the order's transaction, under a lock on the coupon row: ``reserve_coupon_use``
locks the row (``SELECT ... FOR UPDATE``), re-checks window, minimum, the global limit and the customer's own
uses, and bumps ``used_count`` with a guarded ``UPDATE ... WHERE used_count < usage_limit`` (a CHECK
constraint backs it); ``record_redemption`` then writes the order's ``CouponRedemption``. Everything rolls back
with the order (an order that fails on stock uses nothing). Concurrent orders with one coupon queue on its row,
so the limits hold under any concurrency. Lock order, everywhere: coupon row, then stock rows.

A use is given back (``release_coupon_use``) when the goods go back on the shelf: the order is cancelled, or
refunded before shipment. A refund after shipment keeps the use: the sale happened (and releasing it would let
a single-use code be used again by returning goods).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from catalog.services import validate_model
from commerce.models import Coupon, CouponRedemption, Order
from commerce.selectors import coupon_by_code
from storefront.errors import Conflict, InvalidInput
from storefront.money import ZERO, to_cents
from storefront.windows import is_over, not_started

INVALID_COUPON = "invalid_coupon"
COUPON_EXHAUSTED = "coupon_exhausted"
# Unambiguous when read aloud or typed: no 0/O, 1/I/L, U (the order numbers' alphabet).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 30^10 codes: guessing one is hopeless, and the coupon endpoint is throttled anyway
MAX_GENERATED = 1000
PREFIX_PATTERN = re.compile(r"^[A-Z0-9_-]{0,20}\Z")


@dataclass(frozen=True)
class Customer:
    """Who is using a coupon: a signed-in user (``user_id``) and/or an email address (guests)."""

    user_id: int | None = None
    email: str = ""

    @classmethod
    def of(cls, user, email: str | None = None) -> "Customer":
        user_id = user.pk if user is not None and user.is_authenticated else None
        email = email or (user.email if user_id else "")
        return cls(user_id=user_id, email=(email or "").strip().lower())

    @property
    def known(self) -> bool:
        return bool(self.user_id or self.email)


# --- coupons: checking, using, giving back -------------------------------------------------------


def _money(value: Decimal) -> str:
    return f"{to_cents(value):.2f}"


def check_coupon(
    coupon: Coupon | None,
    *,
    subtotal: Decimal,
    customer: Customer,
    at: datetime | None = None,
    attr: str | None = "code",
) -> Coupon:
    """``coupon`` if it can be used now on ``subtotal`` by ``customer``; otherwise the contract's error.

    Raises InvalidInput invalid_coupon (unknown, expired, not yet valid, minimum not met: each with its own
    detail) or Conflict coupon_exhausted (no uses left in total, or for this customer when known).
    """
    at = at or timezone.now()
    if coupon is None:
        raise InvalidInput("This coupon code is not valid.", code=INVALID_COUPON, attr=attr)
    if not_started(coupon.starts_at, at):
        raise InvalidInput("This coupon is not valid yet.", code=INVALID_COUPON, attr=attr)
    if is_over(coupon.ends_at, at):
        raise InvalidInput("This coupon has expired.", code=INVALID_COUPON, attr=attr)
    if subtotal < coupon.min_subtotal:
        raise InvalidInput(
            f"This coupon needs a subtotal of at least {_money(coupon.min_subtotal)}.", code=INVALID_COUPON, attr=attr
        )
    if coupon.is_exhausted:
        raise Conflict("This coupon has been used up.", code=COUPON_EXHAUSTED, attr=attr)
    limit = coupon.per_customer_limit
    if limit is not None and customer.known and customer_uses(coupon, customer) >= limit:
        raise Conflict("You have already used this coupon.", code=COUPON_EXHAUSTED, attr=attr)
    return coupon


def customer_uses(coupon: Coupon, customer: Customer) -> int:
    """Uses of ``coupon`` by this customer that were not given back: by account, or by email address (so a
    signed-in customer cannot use it again as a guest under the same address)."""
    match = Q()
    if customer.user_id:
        match |= Q(user_id=customer.user_id)
    if customer.email:
        match |= Q(email=customer.email)
    if not match:
        return 0
    return CouponRedemption.objects.filter(match, coupon=coupon, released_at__isnull=True).count()


def check_coupon_code(*, code: str, subtotal: Decimal, user) -> Coupon:
    """The coupon for ``code`` (any case) if a cart with ``subtotal`` may carry it now (see ``check_coupon``).

    For a signed-in user their own uses count; a guest's email is not known before checkout.
    """
    return check_coupon(coupon_by_code(code), subtotal=subtotal, customer=Customer.of(user))


def reserve_coupon_use(*, code: str, subtotal: Decimal, customer: Customer) -> tuple[Coupon, Decimal]:
    """Count one use of the coupon ``code`` for an order being placed; returns it and its discount on ``subtotal``.

    Must run inside the order's transaction (and before stock is taken: coupon row first, then stock rows).
    Locks the coupon row, re-checks everything (``check_coupon``), then bumps ``used_count`` with a guarded
    update. Raises InvalidInput invalid_coupon or Conflict coupon_exhausted (attr null: the order's coupon).
    """
    coupon = coupon_by_code(code, lock=True)
    check_coupon(coupon, subtotal=subtotal, customer=customer, attr=None)
    counted = (
        Coupon.objects.filter(pk=coupon.pk)
        .filter(Q(usage_limit__isnull=True) | Q(used_count__lt=F("usage_limit")))
        .update(used_count=F("used_count") + 1, updated_at=timezone.now())
    )
    if not counted:  # cannot happen under the row lock; the guard and the CHECK constraint are the backstop
        raise Conflict("This coupon has been used up.", code=COUPON_EXHAUSTED)
    return coupon, coupon.discount_on(subtotal)


def record_redemption(*, coupon: Coupon, order: Order, customer: Customer, discount_total: Decimal) -> None:
    """The order's use of ``coupon`` (after ``reserve_coupon_use``, in the same transaction)."""
    CouponRedemption.objects.create(
        coupon=coupon, order=order, user_id=customer.user_id, email=customer.email, discount_total=discount_total
    )


@transaction.atomic
def release_coupon_use(*, order: Order) -> bool:
    """Give back the coupon use of ``order`` (cancelled, or refunded before shipment). Idempotent: a second call
    finds nothing to give back. Locks the coupon row first, like placement. Returns whether a use went back."""
    redemption = CouponRedemption.objects.filter(order=order, released_at__isnull=True).first()
    if redemption is None:
        return False
    Coupon.objects.select_for_update().filter(pk=redemption.coupon_id).first()
    released = CouponRedemption.objects.filter(pk=redemption.pk, released_at__isnull=True).update(
        released_at=timezone.now()
    )
    if released:
        Coupon.objects.filter(pk=redemption.coupon_id, used_count__gt=0).update(
            used_count=F("used_count") - 1, updated_at=timezone.now()
        )
    return bool(released)


# --- coupons: staff management --------------------------------------------------------------------


COUPON_FIELDS = (
    "code",
    "name",
    "kind",
    "value",
    "min_subtotal",
    "starts_at",
    "ends_at",
    "usage_limit",
    "per_customer_limit",
)


def _code_taken(coupon: Coupon) -> QuerySet[Coupon]:
    return Coupon.objects.exclude(pk=coupon.pk).alias(code_lower=Lower("code")).filter(code_lower=coupon.code.lower())


def _save_coupon(coupon: Coupon) -> Coupon:
    if _code_taken(coupon).exists():
        raise InvalidInput("A coupon with this code already exists.", code="unique", attr="code")
    validate_model(coupon)
    try:
        with transaction.atomic():
            coupon.save()
    except IntegrityError as error:  # a concurrent create with the same code (any case)
        if _code_taken(coupon).exists():
            raise InvalidInput("A coupon with this code already exists.", code="unique", attr="code") from error
        raise
    return coupon


@transaction.atomic
def create_coupon(**fields) -> Coupon:
    """A new coupon. Raises InvalidInput (attr = field) for bad values or a code taken in any case."""
    return _save_coupon(Coupon(**{name: value for name, value in fields.items() if name in COUPON_FIELDS}))


@transaction.atomic
def update_coupon(*, coupon: Coupon, **fields) -> Coupon:
    """Change a coupon's terms (not its code, not its use count). The row is locked, so a concurrent order
    counts its use against either the old or the new terms, never a mix. A usage limit below the uses already
    counted is an InvalidInput."""
    coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
    for name, value in fields.items():
        if name in COUPON_FIELDS and name != "code":
            setattr(coupon, name, value)
    if coupon.usage_limit is not None and coupon.usage_limit < coupon.used_count:
        raise InvalidInput(
            f"The coupon has been used {coupon.used_count} times already.", code="min_value", attr="usage_limit"
        )
    return _save_coupon(coupon)


@transaction.atomic
def delete_coupon(*, coupon: Coupon) -> None:
    """Delete a coupon. Orders keep its code and discount; carts carrying it lose it at checkout."""
    coupon.delete()


def _random_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def generate_coupons(
    *,
    count: int,
    kind: str,
    value: Decimal,
    prefix: str = "",
    name: str = "",
    min_subtotal: Decimal = ZERO,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> list[Coupon]:
    """``count`` single-use coupons (usage_limit 1) with random, unambiguous codes: ``<PREFIX>-XXXXXXXXXX``.

    All or nothing. Raises InvalidInput for a count outside 1..1000, a bad prefix or bad terms.
    """
    if not 1 <= count <= MAX_GENERATED:
        raise InvalidInput(f"Generate between 1 and {MAX_GENERATED} codes.", code="invalid", attr="count")
    prefix = (prefix or "").strip().upper()
    if not PREFIX_PATTERN.match(prefix):
        raise InvalidInput("Up to 20 letters, digits, '-' or '_'.", code="invalid", attr="prefix")
    if prefix and not prefix.endswith(("-", "_")):
        prefix += "-"
    template = Coupon(
        code=_random_code(prefix),
        name=name,
        kind=kind,
        value=value,
        min_subtotal=min_subtotal,
        starts_at=starts_at,
        ends_at=ends_at,
        usage_limit=1,
    )
    validate_model(template)
    for _ in range(5):
        codes = set()
        while len(codes) < count:
            codes.add(_random_code(prefix))
        coupons = [
            Coupon(
                code=code,
                name=name,
                kind=kind,
                value=value,
                min_subtotal=min_subtotal,
                starts_at=starts_at,
                ends_at=ends_at,
                usage_limit=1,
            )
            for code in sorted(codes)
        ]
        try:
            with transaction.atomic():
                return Coupon.objects.bulk_create(coupons)
        except IntegrityError:
            continue  # a code already existed (1 in 10^14): draw the whole batch again
    raise RuntimeError("could not draw free coupon codes")
