"""Helpers of the account page tests."""

import re

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory  # noqa: F401 - re-exported for the tests
from commerce.services.carts import add_to_cart, create_cart
from commerce.services.orders import place_order
from commerce.tests.factories import stocked_product

ADDRESS = {"name": "Ada Lovelace", "line1": "1 Analytical St", "city": "London", "postal_code": "N1", "country": "GB"}


def place_order_for(user, *, quantity: int = 1):
    """An order of ``user`` (one line), placed through the service as the checkout does."""
    product = stocked_product(quantity=quantity + 5)
    cart = create_cart(user=user)
    add_to_cart(cart_id=cart.pk, user=user, product_slug=product.slug, quantity=quantity)
    return place_order(cart_id=cart.pk, email=user.email, shipping_address=ADDRESS, user=user).order


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
