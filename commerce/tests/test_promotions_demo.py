"""seed_demo's promotions: a category sale, a brand discount, WELCOME10, ten single-use codes; twice is once."""

from decimal import Decimal

import pytest

from catalog import pricing
from catalog.models import Discount, Product
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from commerce import demo
from commerce.models import Coupon

pytestmark = pytest.mark.django_db


def test_seed_promotions_is_idempotent_and_leaves_most_products_at_their_price():
    roots = [CategoryFactory(slug=f"root-{n}") for n in range(3)]
    leaves = [CategoryFactory(slug=f"leaf-{n}", parent=roots[n % 3]) for n in range(6)]
    brands = [BrandFactory(name=f"Brand {n}", slug=f"brand-{n}") for n in range(5)]
    for n in range(60):
        ProductFactory(category=leaves[n % 6], brand=brands[n % 5], price=Decimal("50.00"))
    lines = []

    demo.seed_promotions(log=lines.append)
    first = sorted(Coupon.objects.values_list("code", flat=True))
    demo.seed_promotions(log=lines.append)

    assert sorted(Coupon.objects.values_list("code", flat=True)) == first
    assert Discount.objects.count() == 2
    assert lines[-1] == "promotions: already there"
    welcome = Coupon.objects.get(code="WELCOME10")
    assert (welcome.kind, welcome.value, welcome.min_subtotal) == ("percentage", Decimal("10.00"), Decimal("30.00"))
    single = Coupon.objects.filter(code__startswith="DEMO-")
    assert single.count() == 10 and set(single.values_list("usage_limit", flat=True)) == {1}

    prices = pricing.price_products(Product.objects.all())
    discounted = {pid for pid, price in prices.items() if price.discount is not None}
    names = {price.discount.name for price in prices.values() if price.discount is not None}
    assert names == {demo.SALE_NAME, demo.BRAND_DISCOUNT_NAME}
    assert 0 < len(discounted) < len(prices) / 2


def test_single_use_codes_are_the_same_on_every_fresh_database():
    demo.seed_promotions(log=lambda line: None)
    codes = sorted(Coupon.objects.filter(code__startswith="DEMO-").values_list("code", flat=True))
    Coupon.objects.all().delete()
    demo.seed_promotions(log=lambda line: None)
    assert sorted(Coupon.objects.filter(code__startswith="DEMO-").values_list("code", flat=True)) == codes
