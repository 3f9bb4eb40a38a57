"""The cart page's coupon form: the same service and the same guessing limits as the API."""

from decimal import Decimal

import pytest

from commerce.models import Cart
from commerce.tests.factories import CouponFactory, stocked_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart_page(client):
    product = stocked_product(quantity=5, price=Decimal("40.00"))
    client.post("/cart/add/", {"product": product.slug, "quantity": 1})
    return client


def test_a_valid_code_in_any_case_discounts_the_cart(cart_page):
    CouponFactory(code="SAVE10")
    response = cart_page.post("/cart/coupon/", {"code": "save10"}, follow=True)
    page = response.content.decode()
    assert "Coupon applied." in page
    assert "-4.00" in page and "36.00" in page
    assert Cart.objects.get().coupon_code == "SAVE10"


def test_an_unknown_code_says_so_and_changes_nothing(cart_page):
    page = cart_page.post("/cart/coupon/", {"code": "NOPE"}, follow=True).content.decode()
    assert "Coupon applied." not in page
    assert "This coupon code is not valid." in page
    assert Cart.objects.get().coupon_code is None


def test_removing_the_coupon(cart_page):
    CouponFactory(code="SAVE10")
    cart_page.post("/cart/coupon/", {"code": "SAVE10"})
    cart_page.post("/cart/coupon/remove/")
    assert Cart.objects.get().coupon_code is None
    assert 'name="code"' in cart_page.get("/cart/").content.decode()


def test_guessing_codes_on_the_page_is_throttled(cart_page, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "coupon_cart": "2/min"},
    }
    CouponFactory(code="REAL")
    for guess in ("A1", "B2"):
        cart_page.post("/cart/coupon/", {"code": guess})
    page = cart_page.post("/cart/coupon/", {"code": "REAL"}, follow=True).content.decode()
    assert "Too many coupon attempts" in page
    assert Cart.objects.get().coupon_code is None


def test_coupon_form_needs_csrf(cart_page):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = cart_page.cookies
    assert strict.post("/cart/coupon/", {"code": "X"}).status_code == 403
