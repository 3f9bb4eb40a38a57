"""Discounts in the Wagtail admin, for Merchandisers: drafts that change no price until published, a preview of
the prices a draft would give, scope by SKU. (The role's permissions: commerce/tests/test_promotions_admin.py.)"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog import pricing
from catalog.models import Discount
from catalog.tests.factories import CategoryFactory, DiscountFactory, ProductFactory
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db
DISCOUNTS = "/admin/snippets/catalog/discount/"


@pytest.fixture
def merchandiser():
    apply_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Merchandisers"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shelf(db):
    shirts = CategoryFactory(name="Shirts", slug="shirts")
    return {
        "shirts": shirts,
        "shirt": ProductFactory(category=shirts, price=Decimal("40.00"), sku="SHIRT-1", name="Blue shirt"),
        "mug": ProductFactory(price=Decimal("10.00"), sku="MUG-1", name="Mug"),
    }


def discount_form(**overrides) -> dict:
    return {"name": "Shirt sale", "kind": "percentage", "value": "25", "starts_at": "", "ends_at": "", "priority": "0",
            "is_active": "on", "products": "", **overrides}  # fmt: skip


def test_a_draft_discount_changes_no_price_until_published(merchandiser, shelf):
    response = merchandiser.post(f"{DISCOUNTS}add/", discount_form(categories=[shelf["shirts"].pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    discount = Discount.objects.get()
    assert discount.live is False and discount.has_unpublished_changes
    assert pricing.price_product(shelf["shirt"]).sale_price == Decimal("40.00")
    assert "Shirt sale" in merchandiser.get(DISCOUNTS).content.decode()

    response = merchandiser.post(
        f"{DISCOUNTS}edit/{discount.pk}/",
        {**discount_form(categories=[shelf["shirts"].pk], products="MUG-1"), "action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    discount.refresh_from_db()
    assert discount.live is True
    assert list(discount.products.all()) == [shelf["mug"]]
    assert pricing.price_product(shelf["shirt"]).sale_price == Decimal("30.00")
    assert pricing.price_product(shelf["mug"]).sale_price == Decimal("7.50")


def test_editing_a_live_discount_as_a_draft_keeps_the_live_prices(merchandiser, shelf):
    discount = DiscountFactory(name="Live", value=Decimal("10"), categories=[shelf["shirts"]])
    response = merchandiser.post(
        f"{DISCOUNTS}edit/{discount.pk}/", discount_form(name="Live", value="90", categories=[shelf["shirts"].pk])
    )
    assert response.status_code == 302
    discount.refresh_from_db()
    assert discount.value == Decimal("10.00") and discount.has_unpublished_changes
    assert pricing.price_product(shelf["shirt"]).sale_price == Decimal("36.00")


def test_unknown_skus_and_bad_values_are_form_errors(merchandiser, shelf):
    for form in (discount_form(products="SHIRT-1, NOPE-9"), discount_form(value="150"), discount_form(kind="x")):
        response = merchandiser.post(f"{DISCOUNTS}add/", form)
        assert response.status_code == 200
    assert (
        "No product with SKU"
        in merchandiser.post(f"{DISCOUNTS}add/", discount_form(products="NOPE-9")).content.decode()
    )
    assert not Discount.objects.exists()


def test_preview_shows_the_prices_the_draft_would_give(merchandiser, shelf):
    url = f"{DISCOUNTS}preview/"
    posted = merchandiser.post(url, discount_form(name="Preview sale", categories=[shelf["shirts"].pk]))
    assert posted.json()["is_valid"] is True
    page = merchandiser.get(url).content.decode()
    assert "Preview sale" in page and "Blue shirt" in page
    assert "30.00" in page  # 40.00 with 25% off
    assert "Mug" not in page
    assert not Discount.objects.exists()
