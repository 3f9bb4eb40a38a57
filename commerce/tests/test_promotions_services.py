"""Coupons through the services: applying (each contract error), placing (re-checked and counted in the order's
transaction), giving uses back, per-customer limits, discounts inside carts and orders, code generation."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.tests.factories import UserFactory
from catalog.tests.factories import DiscountFactory
from commerce.models import Coupon, CouponRedemption, Order, Stock
from commerce.selectors import carts_with_items, price_cart
from commerce.services import promotions
from commerce.services.carts import add_to_cart, apply_coupon, create_cart, remove_coupon
from commerce.services.orders import cancel_order, place_order, transition_order
from commerce.tests.factories import CouponFactory, stocked_product
from storefront.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()
D = Decimal
ADDRESS = {"name": "Ada Lovelace", "line1": "1 Analytical St", "city": "London", "postal_code": "N1", "country": "GB"}


@pytest.fixture(autouse=True)
def _flat_shipping(settings):
    settings.SHIPPING_FLAT_RATE, settings.FREE_SHIPPING_THRESHOLD = "5.00", ""


def cart_with(*products_and_quantities, user=ANON):
    cart = create_cart(user=user)
    for product, quantity in products_and_quantities:
        add_to_cart(cart_id=cart.id, user=user, product_slug=product.slug, quantity=quantity)
    return cart


def place(cart, user=ANON, email="ada@example.com"):
    return place_order(cart_id=cart.id, email=email, shipping_address=ADDRESS, user=user).order


def priced(cart):
    return price_cart(carts_with_items().get(pk=cart.pk))


def refused(call) -> tuple[str, str, str | None]:
    with pytest.raises((InvalidInput, Conflict)) as caught:
        call()
    error = caught.value
    return error.status_code, error.code, error.detail


@pytest.fixture
def product():
    return stocked_product(quantity=50, price=D("20.00"))


# --- applying ---------------------------------------------------------------------------------------


def test_a_valid_coupon_in_any_case_discounts_the_cart(product):
    CouponFactory(code="Welcome10", value=D("10"), min_subtotal=D("30.00"))
    cart = cart_with((product, 2))
    apply_coupon(cart_id=cart.id, user=ANON, code="  wElCoMe10 ")
    cart.refresh_from_db()
    assert cart.coupon_code == "Welcome10"
    totals = priced(cart)
    assert (totals.subtotal, totals.discount_total, totals.total) == (D("40.00"), D("4.00"), D("36.00"))
    remove_coupon(cart_id=cart.id, user=ANON)
    assert priced(cart).discount_total == D("0.00")


def test_each_refusal_has_its_contract_code_and_its_own_detail(product):
    now = timezone.now()
    CouponFactory(code="OVER", ends_at=now - timedelta(minutes=1))
    CouponFactory(code="SOON", starts_at=now + timedelta(days=1))
    CouponFactory(code="BIG", min_subtotal=D("100.00"))
    gone = CouponFactory(code="GONE", usage_limit=2)
    Coupon.objects.filter(pk=gone.pk).update(used_count=2)
    cart = cart_with((product, 1))

    def apply(code):
        return refused(lambda: apply_coupon(cart_id=cart.id, user=ANON, code=code))

    outcomes = {code: apply(code) for code in ("NOPE", "OVER", "SOON", "BIG", "GONE")}
    assert outcomes == {
        "NOPE": (400, "invalid_coupon", "This coupon code is not valid."),
        "OVER": (400, "invalid_coupon", "This coupon has expired."),
        "SOON": (400, "invalid_coupon", "This coupon is not valid yet."),
        "BIG": (400, "invalid_coupon", "This coupon needs a subtotal of at least 100.00."),
        "GONE": (409, "coupon_exhausted", "This coupon has been used up."),
    }
    cart.refresh_from_db()
    assert cart.coupon_code is None


def test_a_refused_code_keeps_the_coupon_already_applied(product):
    CouponFactory(code="GOOD")
    cart = cart_with((product, 1))
    apply_coupon(cart_id=cart.id, user=ANON, code="GOOD")
    with pytest.raises(InvalidInput):
        apply_coupon(cart_id=cart.id, user=ANON, code="BAD")
    cart.refresh_from_db()
    assert cart.coupon_code == "GOOD"


def test_a_signed_in_customer_who_used_up_their_share_is_told_at_apply_time(product):
    alice = UserFactory()
    CouponFactory(code="ONCE", per_customer_limit=1)
    first = cart_with((product, 1), user=alice)
    apply_coupon(cart_id=first.id, user=alice, code="ONCE")
    place(first, user=alice, email=alice.email)
    second = cart_with((product, 1), user=alice)
    assert refused(lambda: apply_coupon(cart_id=second.id, user=alice, code="once")) == (
        409,
        "coupon_exhausted",
        "You have already used this coupon.",
    )
    # someone else may still use it
    bob = UserFactory()
    apply_coupon(cart_id=cart_with((product, 1), user=bob).id, user=bob, code="ONCE")


# --- coupon money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "subtotal", "off"),
    [
        ("percentage", "10", "40.00", "4.00"),
        ("percentage", "12.5", "19.99", "2.50"),  # 2.49875 rounds half up
        ("percentage", "33.33", "0.05", "0.02"),  # 0.0166 -> 0.02
        ("fixed", "5.00", "40.00", "5.00"),
        ("fixed", "50.00", "40.00", "40.00"),  # never below zero
        ("percentage", "100", "40.00", "40.00"),
    ],
)
def test_coupon_discount_rounds_by_the_one_rule_and_never_exceeds_the_subtotal(kind, value, subtotal, off):
    assert Coupon(kind=kind, value=D(value)).discount_on(D(subtotal)) == D(off)


def test_coupon_applies_after_catalog_discounts_and_they_never_stack_into_the_unit_price(product):
    DiscountFactory(value=D("25"), products=[product])  # 20.00 -> 15.00
    CouponFactory(code="TEN", value=D("10"), min_subtotal=D("40.00"))
    cart = cart_with((product, 3))  # 45.00 after the catalog discount
    apply_coupon(cart_id=cart.id, user=ANON, code="TEN")
    order = place(cart)
    assert order.lines.get().unit_price == D("15.00")
    assert (order.subtotal, order.discount_total, order.shipping_total, order.total) == (
        D("45.00"),
        D("4.50"),
        D("5.00"),
        D("45.50"),
    )
    assert order.catalog_discount_total == D("15.00")
    assert order.coupon_code == "TEN"


def test_the_minimum_counts_after_catalog_discounts(product):
    DiscountFactory(value=D("50"), products=[product])  # 20.00 -> 10.00
    CouponFactory(code="MIN30", min_subtotal=D("30.00"))
    cart = cart_with((product, 2))
    code, error, _ = refused(lambda: apply_coupon(cart_id=cart.id, user=ANON, code="MIN30"))
    assert (code, error) == (400, "invalid_coupon")


# --- placing ----------------------------------------------------------------------------------------


def test_placing_counts_the_use_with_a_redemption(product):
    coupon = CouponFactory(code="TEN", usage_limit=5)
    user = UserFactory()
    cart = cart_with((product, 1), user=user)
    apply_coupon(cart_id=cart.id, user=user, code="ten")
    order = place(cart, user=user, email="Buyer@Example.com")
    coupon.refresh_from_db()
    assert coupon.used_count == 1
    redemption = CouponRedemption.objects.get()
    assert (redemption.coupon, redemption.order, redemption.user, redemption.email, redemption.discount_total) == (
        coupon,
        order,
        user,
        "buyer@example.com",
        D("2.00"),
    )


def test_an_order_that_fails_on_stock_does_not_consume_the_coupon():
    scarce = stocked_product(quantity=1, price=D("20.00"))
    coupon = CouponFactory(code="TEN", usage_limit=1)
    cart = cart_with((scarce, 1))
    apply_coupon(cart_id=cart.id, user=ANON, code="TEN")
    Stock.objects.filter(variant__product=scarce).update(quantity=0)  # sold elsewhere meanwhile
    with pytest.raises(Conflict) as caught:
        place(cart)
    assert caught.value.code == "out_of_stock"
    coupon.refresh_from_db()
    assert coupon.used_count == 0
    assert not CouponRedemption.objects.exists() and not Order.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "code", "detail"),
    [
        ({"ends_at": timezone.now() - timedelta(seconds=1)}, 400, "invalid_coupon", "This coupon has expired."),
        ({"used_count": 3, "usage_limit": 3}, 409, "coupon_exhausted", "This coupon has been used up."),
        ({"min_subtotal": D("500.00")}, 400, "invalid_coupon", "This coupon needs a subtotal of at least 500.00."),
    ],
)
def test_placing_rechecks_the_coupon(product, change, status, code, detail):
    coupon = CouponFactory(code="TEN")
    cart = cart_with((product, 1))
    apply_coupon(cart_id=cart.id, user=ANON, code="TEN")
    Coupon.objects.filter(pk=coupon.pk).update(**change)
    assert refused(lambda: place(cart)) == (status, code, detail)
    assert not Order.objects.exists()
    cart.refresh_from_db()
    assert cart.is_open


def test_a_deleted_coupon_fails_the_order_instead_of_charging_silently(product):
    coupon = CouponFactory(code="TEN")
    cart = cart_with((product, 1))
    apply_coupon(cart_id=cart.id, user=ANON, code="TEN")
    coupon.delete()
    assert priced(cart).discount_total == D("0.00")
    assert refused(lambda: place(cart))[:2] == (400, "invalid_coupon")


def test_per_customer_limit_counts_guests_by_email_and_users_by_account_or_email(product):
    CouponFactory(code="ONCE", per_customer_limit=1)
    guest_cart = cart_with((product, 1))
    apply_coupon(cart_id=guest_cart.id, user=ANON, code="ONCE")
    place(guest_cart, email="Guest@Example.com")
    again = cart_with((product, 1))
    apply_coupon(cart_id=again.id, user=ANON, code="ONCE")  # a guest is only known at checkout
    assert refused(lambda: place(again, email="guest@example.com")) == (
        409,
        "coupon_exhausted",
        "You have already used this coupon.",
    )
    # a signed-in customer whose address already used it as a guest
    user = UserFactory(email="guest@example.com")
    theirs = cart_with((product, 1), user=user)
    assert refused(lambda: apply_coupon(cart_id=theirs.id, user=user, code="ONCE"))[:2] == (409, "coupon_exhausted")
    # another guest address is another customer
    other = cart_with((product, 1))
    apply_coupon(cart_id=other.id, user=ANON, code="ONCE")
    assert place(other, email="someone@example.com").coupon_code == "ONCE"


# --- giving uses back -------------------------------------------------------------------------------


def _ordered_with(code, product, user=ANON):
    cart = cart_with((product, 1), user=user)
    apply_coupon(cart_id=cart.id, user=user, code=code)
    return place(cart, user=user)


def test_a_cancelled_order_gives_its_use_back(product):
    coupon = CouponFactory(code="ONE", usage_limit=1)
    order = _ordered_with("ONE", product)
    coupon.refresh_from_db()
    assert coupon.used_count == 1
    blocked = cart_with((product, 1))
    assert refused(lambda: apply_coupon(cart_id=blocked.id, user=ANON, code="ONE"))[:2] == (409, "coupon_exhausted")

    cancel_order(order=order)
    coupon.refresh_from_db()
    assert coupon.used_count == 0
    redemption = CouponRedemption.objects.get(order=order)
    assert redemption.released_at is not None
    assert promotions.release_coupon_use(order=order) is False  # given back once only
    coupon.refresh_from_db()
    assert coupon.used_count == 0
    # the code works again
    assert _ordered_with("ONE", product).coupon_code == "ONE"


def test_refund_before_shipment_gives_the_use_back_after_shipment_keeps_it(product):
    coupon = CouponFactory(code="TWO", usage_limit=2)
    early = _ordered_with("TWO", product)
    late = _ordered_with("TWO", product)
    transition_order(order=early, status="paid")
    transition_order(order=early, status="refunded")
    for status in ("paid", "shipped", "refunded"):
        transition_order(order=late, status=status)
    coupon.refresh_from_db()
    assert coupon.used_count == 1
    assert CouponRedemption.objects.get(order=early).released_at is not None
    assert CouponRedemption.objects.get(order=late).released_at is None


# --- generating codes ---------------------------------------------------------------------------------


def test_generate_single_use_codes():
    coupons = promotions.generate_coupons(prefix="spring", count=25, kind="fixed", value=D("5.00"))
    assert len(coupons) == 25 == Coupon.objects.count()
    codes = [c.code for c in Coupon.objects.all()]
    assert len(set(codes)) == 25
    assert all(re.fullmatch(r"SPRING-[2-9A-HJKMNP-TV-Z]{10}", code) for code in codes)
    assert set(Coupon.objects.values_list("usage_limit", "used_count", "kind", "value")) == {(1, 0, "fixed", D("5.00"))}


@pytest.mark.parametrize(
    ("kwargs", "attr"),
    [
        ({"count": 0}, "count"),
        ({"count": 1001}, "count"),
        ({"prefix": "X" * 21}, "prefix"),
        ({"prefix": "no spaces"}, "prefix"),
        ({"kind": "percentage", "value": D("150")}, "value"),
    ],
)
def test_generate_refuses_bad_input_and_stores_nothing(kwargs, attr):
    params = {"count": 3, "kind": "fixed", "value": D("5.00"), **kwargs}
    with pytest.raises(InvalidInput) as caught:
        promotions.generate_coupons(**params)
    assert caught.value.attr == attr
    assert not Coupon.objects.exists()


def test_codes_are_unique_in_any_case():
    promotions.create_coupon(code="Summer", kind="percentage", value=D("10"))
    with pytest.raises(InvalidInput) as caught:
        promotions.create_coupon(code="SUMMER", kind="fixed", value=D("1.00"))
    assert (caught.value.code, caught.value.attr) == ("unique", "code")
    assert Coupon.objects.count() == 1


def test_usage_limit_cannot_drop_below_the_uses_counted(product):
    coupon = CouponFactory(code="TWO", usage_limit=5)
    _ordered_with("TWO", product)
    _ordered_with("TWO", product)
    with pytest.raises(InvalidInput) as caught:
        promotions.update_coupon(coupon=coupon, usage_limit=1)
    assert caught.value.attr == "usage_limit"
    coupon.refresh_from_db()
    assert coupon.usage_limit == 5
