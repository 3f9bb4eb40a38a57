"""Commerce factories. Products (and discounts) come from catalog's factories; ``stocked_product`` gives one with
stock."""

from decimal import Decimal

import factory

from catalog.models import ProductVariant
from catalog.tests.factories import ProductFactory, ProductVariantFactory
from commerce.models import Cart, CartItem, Coupon, Stock


def only_variant(product) -> ProductVariant:
    """The one variant of a product without options (what ProductFactory makes)."""
    return product.variants.get()


class StockFactory(factory.django.DjangoModelFactory):
    """A variant's stock row; ``product=`` names a product without options (its one variant)."""

    class Meta:
        model = Stock
        django_get_or_create = ("variant",)

    class Params:
        product = None

    variant = factory.LazyAttribute(lambda o: only_variant(o.product or ProductFactory(in_stock=True)))
    quantity = 10
    low_stock_threshold = 2


def stocked_product(quantity: int = 10, *, low_stock_threshold: int = 2, **product_fields):
    """A visible product with ``quantity`` units on hand (and ``in_stock`` matching)."""
    product = ProductFactory(in_stock=quantity > 0, **product_fields)
    StockFactory(product=product, quantity=quantity, low_stock_threshold=low_stock_threshold)
    return product


def stocked_variant(quantity: int = 10, *, product=None, **variant_fields) -> ProductVariant:
    """A variant (of ``product``, else of a new product) with ``quantity`` units on hand; the flags follow."""
    from catalog.variants import set_variant_in_stock

    variant = ProductVariantFactory(**({"product": product} if product else {}), **variant_fields)
    StockFactory(variant=variant, quantity=quantity)
    set_variant_in_stock(variant_id=variant.id, in_stock=quantity > 0)
    variant.refresh_from_db()
    return variant


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cart

    user = None


class CartItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CartItem

    class Params:
        product = None

    cart = factory.SubFactory(CartFactory)
    variant = factory.LazyAttribute(lambda o: only_variant(o.product or stocked_product()))
    quantity = 1


class CouponFactory(factory.django.DjangoModelFactory):
    """A running 10% coupon without limits."""

    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"CODE{n:04d}")
    kind = Coupon.Kind.PERCENTAGE
    value = Decimal("10.00")
