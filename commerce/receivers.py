"""Sign-in hooks: a guest's cart merges into the user's cart, for session and for API (JWT) sign-ins. (And the
demo catalog's stock: ``catalog.demo`` plans it, commerce writes it.)

- Session sign-in (Django's ``user_logged_in``): the guest cart id is read from the session key
  ``commerce.services.carts.CART_SESSION_KEY`` ("commerce_cart_id"), which the cart API and pages set
  for anonymous callers.
- API sign-in (``POST /api/v1/auth/token/``, ``accounts.signals.token_obtained``): the client sends its
  guest cart id as the body field ``cart`` or the header ``X-Cart-Id``.
"""

import logging

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from catalog.signals import demo_stock_planned
from commerce.services.carts import CART_SESSION_KEY, merge_guest_cart

logger = logging.getLogger(__name__)

CART_HEADER = "X-Cart-Id"
CART_BODY_FIELD = "cart"


def _merge_quietly(*, guest_cart_id, user):
    """Merging is a courtesy: a failure is logged and never fails the sign-in."""
    if not guest_cart_id:
        return None
    try:
        with transaction.atomic():
            return merge_guest_cart(guest_cart_id=guest_cart_id, user=user)
    except Exception:
        logger.exception("guest cart merge failed", extra={"cart_id": str(guest_cart_id)})
        return None


@receiver(user_logged_in, dispatch_uid="commerce.merge_cart_on_session_login")
def merge_cart_on_session_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    cart = _merge_quietly(guest_cart_id=session.get(CART_SESSION_KEY), user=user)
    if cart is not None:
        session[CART_SESSION_KEY] = str(cart.pk)


def merge_cart_on_token_login(sender, user, request, **kwargs):
    data = getattr(request, "data", None)
    guest_cart_id = data.get(CART_BODY_FIELD) if hasattr(data, "get") else None
    _merge_quietly(guest_cart_id=guest_cart_id or request.headers.get(CART_HEADER), user=user)


try:
    from accounts.signals import token_obtained
except ImportError:  # accounts without API sign-in: session sign-ins still merge
    token_obtained = None
if token_obtained is not None:
    token_obtained.connect(merge_cart_on_token_login, dispatch_uid="commerce.merge_cart_on_token_login")


@receiver(demo_stock_planned, dispatch_uid="commerce.write_demo_stock")
def write_demo_stock(sender, levels, **kwargs):
    from commerce.demo import write_demo_stock  # only seed_demo sends this signal

    write_demo_stock(levels)
