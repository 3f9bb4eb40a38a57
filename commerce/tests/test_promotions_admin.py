"""The Promotions admin for Merchandisers: the role's permissions (discounts from the catalog, coupons from here),
coupons with their use, and generating single-use codes in bulk. (Discount drafts and previews:
catalog/tests/test_discount_admin.py.)"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.tests.factories import UserFactory
from commerce.models import Coupon, CouponRedemption
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import CouponFactory, stocked_product
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db
DISCOUNTS = "/admin/snippets/catalog/discount/"  # the catalog's, in the same Promotions menu
COUPONS = "/admin/snippets/commerce/coupon/"


def member_of(group: str) -> Client:
    apply_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def merchandiser():
    return member_of("Merchandisers")


def test_merchandisers_hold_the_promotion_permissions_and_fulfilment_does_not():
    apply_roles()
    merch = {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name="Merchandisers").permissions.all()
    }
    assert {"catalog.add_discount", "catalog.publish_discount", "commerce.change_coupon", "catalog.change_product",
            "commerce.view_couponredemption"} <= merch  # fmt: skip
    assert not {p for p in merch if p.startswith("commerce.") and p.endswith("_discount")}
    fulfil = {p.codename for p in Group.objects.get(name="Fulfilment").permissions.all()}
    assert not fulfil & {"add_discount", "change_discount", "add_coupon", "change_coupon", "publish_discount"}


def test_fulfilment_staff_cannot_open_promotions():
    client = member_of("Fulfilment")
    assert client.get(DISCOUNTS).status_code in (302, 403)
    assert client.get(f"{COUPONS}generate/").status_code in (302, 403)


def test_coupon_inspect_shows_its_use_and_orders(merchandiser, api_client):
    coupon = CouponFactory(code="SHOWME", usage_limit=10)
    cart = cart_with(api_client, (stocked_product(quantity=5), 1))
    api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "showme"})
    number = place(api_client, cart).json()["number"]
    page = merchandiser.get(f"{COUPONS}inspect/{coupon.pk}/").content.decode()
    assert "Used by <strong>1</strong> order of 10 allowed" in page
    assert number in page and "ada@example.com (guest)" in page
    listing = merchandiser.get(COUPONS).content.decode()
    assert "SHOWME" in listing and "Generate codes" in listing
    assert CouponRedemption.objects.count() == 1


def test_used_count_is_not_editable_in_the_admin(merchandiser):
    coupon = CouponFactory(code="FIXED", usage_limit=5)
    Coupon.objects.filter(pk=coupon.pk).update(used_count=2)
    response = merchandiser.post(
        f"{COUPONS}edit/{coupon.pk}/",
        {
            "code": "FIXED",
            "name": "",
            "kind": "fixed",
            "value": "3.00",
            "min_subtotal": "0",
            "starts_at": "",
            "ends_at": "",
            "usage_limit": "5",
            "per_customer_limit": "",
            "used_count": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    coupon.refresh_from_db()
    assert (coupon.kind, coupon.value, coupon.used_count) == ("fixed", Decimal("3.00"), 2)


def test_a_code_taken_in_another_case_is_a_form_error(merchandiser):
    CouponFactory(code="TAKEN")
    response = merchandiser.post(
        f"{COUPONS}add/", {"code": "taken", "kind": "percentage", "value": "5", "min_subtotal": "0"}
    )
    assert response.status_code == 200
    assert "A coupon with this code already exists." in response.content.decode()
    assert Coupon.objects.count() == 1


def test_generate_single_use_codes_from_the_admin(merchandiser):
    assert merchandiser.get(f"{COUPONS}generate/").status_code == 200
    response = merchandiser.post(
        f"{COUPONS}generate/",
        {"prefix": "vip", "count": "12", "kind": "fixed", "value": "5.00", "min_subtotal": "20", "name": "VIP night"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    coupons = list(Coupon.objects.all())
    assert len(coupons) == 12
    assert {(c.usage_limit, c.kind, c.value, c.min_subtotal, c.name) for c in coupons} == {
        (1, "fixed", Decimal("5.00"), Decimal("20.00"), "VIP night")
    }
    assert all(c.code.startswith("VIP-") and len(c.code) == 14 for c in coupons)


def test_generate_refuses_bad_input(merchandiser):
    for form in ({"count": "0", "kind": "fixed", "value": "5"}, {"count": "3", "kind": "percentage", "value": "150"},
                 {"count": "3", "kind": "fixed", "value": "5", "prefix": "bad prefix"}):  # fmt: skip
        response = merchandiser.post(f"{COUPONS}generate/", {"min_subtotal": "0", **form})
        assert response.status_code == 200
    assert not Coupon.objects.exists()
