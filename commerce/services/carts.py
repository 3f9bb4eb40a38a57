"""Carts: who may use one, what goes in it, and the guest-to-user merge at sign-in.

Access rule (one place, ``resolve_cart``): a cart with no user is usable by whoever holds its UUID; the first
signed-in user who uses it becomes its owner; an owned cart is invisible (404) to everyone else,
anonymous callers included. Every write locks the cart row first, so writes to one cart (and checkout)
happen one at a time.
"""

import logging
import re
import uuid

from django.db import transaction
from django.utils import timezone

from catalog.models import ProductVariant
from catalog.variants import variant_for
from commerce.models import SOURCE_PATTERN, Cart, CartItem, Stock
from commerce.selectors import carts_with_items, price_cart
from commerce.services.promotions import check_coupon_code
from storefront.errors import Conflict, InvalidInput, NotFound

logger = logging.getLogger(__name__)

# Where the browser session keeps the guest's cart id, so a session sign-in can merge it.
CART_SESSION_KEY = "commerce_cart_id"
CART_CHECKED_OUT = "cart_checked_out"
OUT_OF_STOCK = "out_of_stock"


def _user_id(user) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def _not_found() -> NotFound:
    return NotFound("Cart not found.")


def resolve_cart(*, cart_id, user, lock: bool) -> Cart:
    """The cart ``user`` may use under this id, claimed for them if it was anonymous; NotFound otherwise."""
    rows = Cart.objects.select_for_update() if lock else Cart.objects.all()
    cart = rows.filter(pk=cart_id).first()
    if cart is None:
        raise _not_found()
    owner_id = _user_id(user)
    if cart.user_id is None and owner_id is not None:
        # Claim it; the guarded update makes the first of two racing users the owner.
        Cart.objects.filter(pk=cart.pk, user__isnull=True).update(user_id=owner_id, updated_at=timezone.now())
        cart.refresh_from_db(fields=["user", "status", "merged_into", "updated_at"])
    if cart.user_id != owner_id:
        raise _not_found()
    if cart.status == Cart.Status.MERGED and cart.merged_into_id:
        # A guest cart merged at sign-in answers with the cart its items went to.
        return resolve_cart(cart_id=cart.merged_into_id, user=user, lock=lock)
    return cart


def _open_for_update(*, cart_id, user) -> Cart:
    cart = resolve_cart(cart_id=cart_id, user=user, lock=True)
    if not cart.is_open:
        raise Conflict("This cart has been checked out and can no longer change.", code=CART_CHECKED_OUT)
    return cart


def _touch(cart: Cart) -> Cart:
    cart.save(update_fields=["updated_at"])
    return cart


def _available(variant_id: int) -> int:
    return Stock.objects.filter(variant_id=variant_id).values_list("quantity", flat=True).first() or 0


def _out_of_stock(variant: ProductVariant, available: int, attr: str = "quantity") -> Conflict:
    detail = f"Only {available} left of {variant.sku}." if available else f"{variant.sku} is out of stock."
    return Conflict(detail, code=OUT_OF_STOCK, attr=attr)


def get_cart(*, cart_id: uuid.UUID, user) -> Cart:
    """The cart for reading (claimed for a signed-in user if it was anonymous). Raises NotFound."""
    with transaction.atomic():
        return resolve_cart(cart_id=cart_id, user=user, lock=False)


@transaction.atomic
def create_cart(*, user, source: str = "") -> Cart:
    """A new open cart, owned by the caller if signed in, attributed to ``source`` (see models.SOURCE_PATTERN)."""
    return Cart.objects.create(user_id=_user_id(user), source=_checked_source(source))


def _checked_source(source: str) -> str:
    if source and not re.match(SOURCE_PATTERN, source):
        raise InvalidInput("A source looks like banner:12, page:7, coupon:CODE or campaign:name.", attr="source")
    return source


@transaction.atomic
def add_to_cart(
    *,
    cart_id: uuid.UUID,
    user,
    quantity: int,
    product_slug: str | None = None,
    variant_sku: str | None = None,
    source: str = "",
) -> Cart:
    """Add units of a variant (by SKU, or by product slug when the product has one); the same variant again adds
    to its line.

    Raises InvalidInput (quantity < 1; variant_required for a product slug alone when the product has several
    variants), NotFound (cart, or a product/variant that is not for sale: attr ``product``/``variant``),
    Conflict out_of_stock when the line would exceed what is available, cart_checked_out for a closed cart.
    """
    if quantity < 1:
        raise InvalidInput("Quantity must be at least 1.", code="min_value", attr="quantity")
    source = _checked_source(source)
    cart = _open_for_update(cart_id=cart_id, user=user)
    if source and not cart.source:
        cart.source = source  # first touch wins
        cart.save(update_fields=["source", "updated_at"])
    variant = variant_for(product_slug=product_slug, sku=variant_sku)
    item = CartItem.objects.filter(cart=cart, variant=variant).first()
    wanted = quantity + (item.quantity if item else 0)
    available = _available(variant.id)
    if wanted > available:
        raise _out_of_stock(variant, available)
    if item:
        item.quantity = wanted
        item.save(update_fields=["quantity"])
    else:
        CartItem.objects.create(cart=cart, variant=variant, quantity=wanted)
    return _touch(cart)


@transaction.atomic
def update_cart_item(*, cart_id: uuid.UUID, user, item_id: int, quantity: int) -> Cart:
    """Set a line's quantity; 0 removes it. Raising it beyond what is available is a Conflict (lowering never is)."""
    if quantity < 0:
        raise InvalidInput("Quantity cannot be negative.", code="min_value", attr="quantity")
    cart = _open_for_update(cart_id=cart_id, user=user)
    item = CartItem.objects.select_related("variant").filter(cart=cart, pk=item_id).first()
    if item is None:
        raise NotFound("Cart item not found.")
    if quantity == 0:
        item.delete()
        return _touch(cart)
    if quantity > item.quantity:
        available = _available(item.variant_id)
        if quantity > available:
            raise _out_of_stock(item.variant, available)
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return _touch(cart)


@transaction.atomic
def remove_cart_item(*, cart_id: uuid.UUID, user, item_id: int) -> Cart:
    cart = _open_for_update(cart_id=cart_id, user=user)
    if not CartItem.objects.filter(cart=cart, pk=item_id).delete()[0]:
        raise NotFound("Cart item not found.")
    return _touch(cart)


@transaction.atomic
def apply_coupon(*, cart_id: uuid.UUID, user, code: str) -> Cart:
    """Attach a coupon (code in any case) to the cart, checked against the cart's subtotal as it is now.

    Raises InvalidInput invalid_coupon (unknown, expired, not yet valid, minimum not met: distinct details),
    Conflict coupon_exhausted (used up; or by this signed-in customer), cart_checked_out, NotFound. A refused
    code leaves the cart's current coupon in place. The use is only counted when the order is placed.
    """
    cart = _open_for_update(cart_id=cart_id, user=user)
    subtotal = price_cart(carts_with_items().get(pk=cart.pk)).subtotal
    coupon = check_coupon_code(code=code, subtotal=subtotal, user=user)
    cart.coupon_code = coupon.code
    cart.save(update_fields=["coupon_code", "updated_at"])
    return cart


@transaction.atomic
def remove_coupon(*, cart_id: uuid.UUID, user) -> Cart:
    cart = _open_for_update(cart_id=cart_id, user=user)
    cart.coupon_code = None
    cart.save(update_fields=["coupon_code", "updated_at"])
    return cart


@transaction.atomic
def merge_guest_cart(*, guest_cart_id, user) -> Cart | None:
    """At sign-in, move an anonymous cart's lines into the user's most recent open cart.

    The guest cart is then marked merged (it answers with the user's cart from now on). Quantities of
    the same variant add up, capped at what is available. Without an open cart of their own the user
    simply takes the guest cart over. Returns the user's cart, or None when there was nothing to merge
    (unknown id, someone else's cart, already checked out): signing in never fails because of a cart.
    """
    try:
        guest_cart_id = uuid.UUID(str(guest_cart_id))
    except ValueError:
        return None
    guest = Cart.objects.select_for_update().filter(pk=guest_cart_id, status=Cart.Status.OPEN).first()
    if guest is None or guest.user_id not in (None, user.pk):
        return None
    if guest.user_id == user.pk:
        return guest  # already theirs; only anonymous carts are merged (so locks are always guest, then user cart)
    target = (
        Cart.objects.select_for_update()
        .filter(user=user, status=Cart.Status.OPEN)
        .exclude(pk=guest.pk)
        .order_by("-updated_at")
        .first()
    )
    if target is None:
        guest.user = user
        guest.save(update_fields=["user", "updated_at"])
        return guest
    existing = {item.variant_id: item for item in target.items.all()}
    for item in guest.items.all():
        available = _available(item.variant_id)
        mine = existing.get(item.variant_id)
        if mine is None:
            quantity = min(item.quantity, available)
            if quantity > 0:
                CartItem.objects.create(cart=target, variant_id=item.variant_id, quantity=quantity)
        else:
            quantity = max(mine.quantity, min(mine.quantity + item.quantity, available))
            if quantity != mine.quantity:
                mine.quantity = quantity
                mine.save(update_fields=["quantity"])
    if target.coupon_code is None and guest.coupon_code:
        target.coupon_code = guest.coupon_code
    target.save(update_fields=["coupon_code", "updated_at"])
    guest.user = user
    guest.status = Cart.Status.MERGED
    guest.merged_into = target
    guest.save(update_fields=["user", "status", "merged_into", "updated_at"])
    return target
