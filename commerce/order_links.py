"""The signed "View your order" link of the order confirmation e-mail: ``/orders/<number>/?link=<signed>``.

An order stores only a hash of its guest access token, and the e-mail goes out later from an outbox handler, so
the link cannot carry the token. It carries the order number signed with SECRET_KEY (``TimestampSigner``, a
salt of its own, so no other signature of the site opens an order) and expires after ORDER_LINK_MAX_AGE_DAYS.
Opening it lets that browser session read the order (``commerce.views.order_for_request``), like the checkout.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from storefront.public_urls import base_url

SALT = "commerce.order-link"
LINK_PARAM = "link"
MAX_LINK_LENGTH = 200  # a signed number is about 50 characters; anything much longer is not one


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def sign_order_number(number: str) -> str:
    return _signer().sign(number)


def linked_order_number(signed: str | None) -> str | None:
    """The order number ``signed`` carries if we signed it within ORDER_LINK_MAX_AGE_DAYS, else None (forged,
    tampered, expired or not a link at all: the caller cannot tell, and needs not)."""
    if not signed or len(signed) > MAX_LINK_LENGTH:
        return None
    try:
        return _signer().unsign(signed, max_age=timedelta(days=settings.ORDER_LINK_MAX_AGE_DAYS))
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature; ValueError: no timestamp
        return None


def order_link(number: str) -> str:
    """The absolute, signed URL of order ``number``'s page."""
    query = urlencode({LINK_PARAM: sign_order_number(number)})
    return f"{base_url(None)}{reverse('order-detail', args=[number])}?{query}"
