"""Commerce factories. Products (and discounts) come from catalog's factories; ``stocked_product`` gives one with
stock."""

from decimal import Decimal

import factory

from catalog.tests.factories import ProductFactory
from commerce.models import Cart, CartItem, Coupon, Stock


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stock
        django_get_or_create = ("product",)

    product = factory.SubFactory(ProductFactory, in_stock=True)
    quantity = 10
    low_stock_threshold = 2


def stocked_product(quantity: int = 10, *, low_stock_threshold: int = 2, **product_fields):
    """A visible product with ``quantity`` units on hand (and ``in_stock`` matching)."""
    product = ProductFactory(in_stock=quantity > 0, **product_fields)
    StockFactory(product=product, quantity=quantity, low_stock_threshold=low_stock_threshold)
    return product


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cart

    user = None


class CartItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CartItem

    cart = factory.SubFactory(CartFactory)
    product = factory.LazyFunction(stocked_product)
    quantity = 1


class CouponFactory(factory.django.DjangoModelFactory):
    """A running 10% coupon without limits."""

    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"CODE{n:04d}")
    kind = Coupon.Kind.PERCENTAGE
    value = Decimal("10.00")
