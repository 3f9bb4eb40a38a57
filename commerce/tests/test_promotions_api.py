"""The coupon endpoints and the cart coupon endpoints: shapes, permissions, bad input (nothing stored), error
codes, throttling, constant queries on lists. (The discount endpoints: catalog/tests/test_api_discounts.py.)"""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import staff_client
from commerce.models import Coupon, Order
from commerce.tests.api_helpers import cart_with, error, place
from commerce.tests.factories import CouponFactory, stocked_product

pytestmark = pytest.mark.django_db
D = Decimal
COUPON_KEYS = {"code", "name", "kind", "value", "min_subtotal", "starts_at", "ends_at", "usage_limit",
               "per_customer_limit", "used_count", "created_at"}  # fmt: skip


@pytest.fixture
def throttle_rates(settings):
    def set_rates(**rates):
        current = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {**current, "DEFAULT_THROTTLE_RATES": {**current["DEFAULT_THROTTLE_RATES"], **rates}}

    return set_rates


staff_without_permissions = staff_client
staff_with = partial(staff_client, "commerce")


# --- staff CRUD on coupons ------------------------------------------------------------------------


def test_staff_create_read_update_delete_a_coupon_by_code_in_any_case(staff_client):
    response = staff_client.post(
        "/api/v1/coupons/",
        {
            "code": "Spring25",
            "kind": "percentage",
            "value": "25",
            "min_subtotal": "30",
            "usage_limit": 100,
            "per_customer_limit": 1,
            "used_count": 99,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created) == COUPON_KEYS
    assert (created["code"], created["value"], created["min_subtotal"], created["used_count"]) == (
        "Spring25",
        "25.00",
        "30.00",
        0,
    )
    assert staff_client.get("/api/v1/coupons/SPRING25/").json()["code"] == "Spring25"
    patched = staff_client.patch(
        "/api/v1/coupons/spring25/", {"value": "30", "used_count": 7, "code": "OTHER"}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["value"], patched.json()["used_count"], patched.json()["code"]) == ("30.00", 0, "Spring25")
    assert staff_client.delete("/api/v1/coupons/sPrInG25/").status_code == 204
    assert not Coupon.objects.exists()
    assert staff_client.get("/api/v1/coupons/spring25/").status_code == 404


@pytest.mark.parametrize("client_kind", ["anonymous", "customer", "staff_without_permission"])
def test_coupons_are_staff_only(client_kind, user_client):
    client = {"anonymous": APIClient(), "customer": user_client}.get(client_kind) or staff_without_permissions()
    status = 401 if client_kind == "anonymous" else 403
    CouponFactory(code="SECRET")
    assert client.get("/api/v1/coupons/").status_code == status
    assert client.get("/api/v1/coupons/SECRET/").status_code == status
    assert (
        client.post("/api/v1/coupons/", {"code": "MINE", "kind": "fixed", "value": "5"}, format="json").status_code
        == status
    )
    assert client.patch("/api/v1/coupons/SECRET/", {"value": "99"}, format="json").status_code == status
    assert client.delete("/api/v1/coupons/SECRET/").status_code == status
    assert list(Coupon.objects.values_list("code", "value")) == [("SECRET", D("10.00"))]


def test_view_permission_lets_staff_read_coupons_but_not_write():
    client = staff_with("view_coupon")
    CouponFactory(code="SEEN")
    assert client.get("/api/v1/coupons/").json()["count"] == 1
    assert client.patch("/api/v1/coupons/SEEN/", {"value": "1"}, format="json").status_code == 403


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"code": "ab"}, "code"),
        ({"code": "with space"}, "code"),
        ({"code": "EXISTING"}, "code"),  # taken, in another case
        ({"kind": "other"}, "kind"),
        ({"value": "0"}, "value"),
        ({"value": "101"}, "value"),
        ({"min_subtotal": "-1"}, "min_subtotal"),
        ({"usage_limit": 0}, "usage_limit"),
        ({"per_customer_limit": -1}, "per_customer_limit"),
        ({"starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z"}, "ends_at"),
    ],
)
def test_bad_coupon_input_is_a_400_and_nothing_is_stored(staff_client, body, attr):
    CouponFactory(code="existing")
    response = staff_client.post(
        "/api/v1/coupons/", {"code": "NEW1", "kind": "percentage", "value": "10", **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert error(response)[1] == attr
    assert Coupon.objects.count() == 1


@pytest.mark.parametrize("size", [1, 24, 100])
def test_coupon_list_is_constant(staff_client, size, django_assert_num_queries):
    CouponFactory.create_batch(110)
    with django_assert_num_queries(2):  # count, page
        body = staff_client.get("/api/v1/coupons/", {"page_size": size}).json()
    assert len(body["results"]) == size


# --- the cart's coupon ----------------------------------------------------------------------------


@pytest.fixture
def tea():
    return stocked_product(quantity=20, price=D("12.00"), slug="tea")


def test_apply_a_coupon_to_a_cart_and_order_it(api_client, tea, settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "5.00", ""
    CouponFactory(code="WELCOME10", value=D("10"), min_subtotal=D("30.00"))
    cart = cart_with(api_client, (tea, 3))
    response = api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "welcome10"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["coupon"], body["subtotal"], body["discount_total"], body["total"]) == (
        "WELCOME10",
        "36.00",
        "3.60",
        "32.40",
    )
    assert api_client.get(f"/api/v1/carts/{cart}/").json()["discount_total"] == "3.60"

    order = place(api_client, cart)
    assert order.status_code == 201, order.content
    data = order.json()
    assert (data["coupon"], data["subtotal"], data["discount_total"], data["shipping_total"], data["total"]) == (
        "WELCOME10",
        "36.00",
        "3.60",
        "5.00",
        "37.40",
    )
    assert Coupon.objects.get().used_count == 1


def test_remove_the_coupon(api_client, tea):
    CouponFactory(code="TEN")
    cart = cart_with(api_client, (tea, 1))
    api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "TEN"})
    body = api_client.delete(f"/api/v1/carts/{cart}/coupon/").json()
    assert (body["coupon"], body["discount_total"], body["total"]) == (None, "0.00", "12.00")


def test_each_coupon_refusal_through_the_api(api_client, tea):
    now = timezone.now()
    CouponFactory(code="OVER", ends_at=now - timedelta(minutes=1))
    CouponFactory(code="SOON", starts_at=now + timedelta(days=1))
    CouponFactory(code="BIG", min_subtotal=D("100.00"))
    gone = CouponFactory(code="GONE", usage_limit=1)
    Coupon.objects.filter(pk=gone.pk).update(used_count=1)
    cart = cart_with(api_client, (tea, 1))

    answers = {}
    for code in ("NOPE", "OVER", "SOON", "BIG", "GONE"):
        response = api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": code})
        body = response.json()
        answers[code] = (response.status_code, body["type"], *error(response), body["errors"][0]["detail"])
    assert answers == {
        "NOPE": (400, "validation_error", "invalid_coupon", "code", "This coupon code is not valid."),
        "OVER": (400, "validation_error", "invalid_coupon", "code", "This coupon has expired."),
        "SOON": (400, "validation_error", "invalid_coupon", "code", "This coupon is not valid yet."),
        "BIG": (400, "validation_error", "invalid_coupon", "code", "This coupon needs a subtotal of at least 100.00."),
        "GONE": (409, "client_error", "coupon_exhausted", "code", "This coupon has been used up."),
    }
    assert api_client.get(f"/api/v1/carts/{cart}/").json()["coupon"] is None


def test_placing_an_order_whose_coupon_ran_out_is_a_409_and_changes_nothing(api_client, tea):
    coupon = CouponFactory(code="LAST", usage_limit=1)
    cart = cart_with(api_client, (tea, 2))
    api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "LAST"})
    Coupon.objects.filter(pk=coupon.pk).update(used_count=1)  # someone else's order took it meanwhile
    response = place(api_client, cart)
    assert response.status_code == 409
    assert error(response) == ("coupon_exhausted", None)
    assert not Order.objects.exists()
    assert api_client.get(f"/api/v1/carts/{cart}/").json()["items"][0]["quantity"] == 2


def test_coupon_endpoint_bad_input_and_access(api_client, user_client, tea):
    CouponFactory(code="TEN")
    cart = cart_with(user_client, (tea, 1))
    for body in ({}, {"code": ""}, {"code": "x" * 65}):
        response = user_client.post(f"/api/v1/carts/{cart}/coupon/", body, format="json")
        assert (response.status_code, error(response)[1]) == (400, "code")
    # another customer's cart is a 404, for applying and removing
    assert api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "TEN"}).status_code == 404
    assert api_client.delete(f"/api/v1/carts/{cart}/coupon/").status_code == 404
    assert (
        APIClient().post("/api/v1/carts/00000000-0000-0000-0000-000000000000/coupon/", {"code": "TEN"}).status_code
        == 404
    )


def test_a_checked_out_cart_takes_no_coupon(api_client, tea):
    CouponFactory(code="TEN")
    cart = cart_with(api_client, (tea, 1))
    assert place(api_client, cart).status_code == 201
    response = api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "TEN"})
    assert (response.status_code, error(response)[0]) == (409, "cart_checked_out")
    assert api_client.delete(f"/api/v1/carts/{cart}/coupon/").status_code == 409


def test_coupon_guessing_is_throttled_per_cart(api_client, tea, throttle_rates):
    throttle_rates(coupon_cart="3/min", coupon_ip="100/min")
    cart = cart_with(api_client, (tea, 1))
    answers = [api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": f"GUESS{n}"}).status_code for n in range(3)]
    assert answers == [400, 400, 400]
    throttled = api_client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "GUESS4"})
    assert throttled.status_code == 429
    assert error(throttled)[0] == "throttled"
    assert 0 < int(throttled["Retry-After"]) <= 60
    # removing the coupon and reading the cart are not limited; another cart may still try
    assert api_client.delete(f"/api/v1/carts/{cart}/coupon/").status_code == 200
    other = cart_with(api_client, (tea, 1))
    assert api_client.post(f"/api/v1/carts/{other}/coupon/", {"code": "GUESS5"}).status_code == 400


def test_coupon_guessing_is_throttled_per_ip_across_carts(tea, throttle_rates):
    throttle_rates(coupon_cart="100/min", coupon_ip="4/min")
    client = APIClient()
    carts = [cart_with(client, (tea, 1)) for _ in range(5)]
    answers = [client.post(f"/api/v1/carts/{cart}/coupon/", {"code": "GUESS"}).status_code for cart in carts]
    assert answers == [400, 400, 400, 400, 429]
    elsewhere = APIClient(REMOTE_ADDR="10.9.9.9")
    assert elsewhere.post(f"/api/v1/carts/{carts[-1]}/coupon/", {"code": "GUESS"}).status_code == 400
