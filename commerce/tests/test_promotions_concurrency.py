"""Coupon limits under real concurrency (PostgreSQL, real threads and transactions, one connection per thread):
uses are counted in the order's transaction under the coupon's row lock, so limits hold whatever the timing."""

from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from commerce.models import Coupon, CouponRedemption, Order, Stock
from commerce.services.carts import apply_coupon
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import CouponFactory, stocked_product
from commerce.tests.test_concurrency import outcome, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
OK = (201, None, None)
EXHAUSTED = (409, "coupon_exhausted", None)


def assert_counter_matches_redemptions(coupon: Coupon) -> None:
    coupon.refresh_from_db()
    live = CouponRedemption.objects.filter(coupon=coupon, released_at__isnull=True).count()
    assert coupon.used_count == live
    assert Order.objects.filter(coupon_code=coupon.code).exclude(status="cancelled").count() == live


def test_a_coupon_with_three_uses_raced_by_fifteen_orders():
    product = stocked_product(quantity=100, price=Decimal("20.00"))
    coupon = CouponFactory(code="LIMIT3", usage_limit=3, value=Decimal("10"))
    clients = [APIClient() for _ in range(15)]
    carts = [cart_with(client, (product, 1)) for client in clients]
    for cart in carts:
        apply_coupon(cart_id=cart, user=AnonymousUser(), code="limit3")

    results = race([lambda c=client, cart=cart: place(c, cart) for client, cart in zip(clients, carts, strict=True)])

    outcomes = Counter(outcome(r) for r in results)
    assert outcomes == {OK: 3, EXHAUSTED: 12}, outcomes
    assert Order.objects.count() == 3
    assert Order.objects.filter(coupon_code="LIMIT3", discount_total=Decimal("2.00")).count() == 3
    coupon.refresh_from_db()
    assert coupon.used_count == 3
    assert CouponRedemption.objects.filter(coupon=coupon).count() == 3
    assert Stock.objects.get(variant__product=product).quantity == 97  # the refused orders took nothing either


def test_one_customer_racing_five_orders_gets_one_use():
    product = stocked_product(quantity=100)
    coupon = CouponFactory(code="ONCE", per_customer_limit=1)
    customer = UserFactory()
    clients = []
    for _ in range(5):
        client = APIClient()
        client.force_authenticate(customer)
        clients.append(client)
    carts = [cart_with(client, (product, 1)) for client in clients]
    assert len(set(carts)) == 5
    for cart in carts:
        apply_coupon(cart_id=cart, user=customer, code="ONCE")

    results = race([lambda c=client, cart=cart: place(c, cart) for client, cart in zip(clients, carts, strict=True)])

    outcomes = Counter(outcome(r) for r in results)
    assert outcomes == {OK: 1, EXHAUSTED: 4}, outcomes
    coupon.refresh_from_db()
    assert coupon.used_count == 1
    assert CouponRedemption.objects.filter(coupon=coupon, user=customer).count() == 1


def test_orders_failing_on_stock_in_a_race_use_nothing():
    product = stocked_product(quantity=2)
    coupon = CouponFactory(code="THREE", usage_limit=3)
    clients = [APIClient() for _ in range(8)]
    carts = [cart_with(client, (product, 1)) for client in clients]
    for cart in carts:
        apply_coupon(cart_id=cart, user=AnonymousUser(), code="THREE")

    results = race([lambda c=client, cart=cart: place(c, cart) for client, cart in zip(clients, carts, strict=True)])

    outcomes = Counter(outcome(r) for r in results)
    # the coupon had a third use to give: every refusal is for stock, and the refused orders gave theirs back
    assert outcomes == {OK: 2, (409, "out_of_stock", "items.0.quantity"): 6}, outcomes
    coupon.refresh_from_db()
    assert coupon.used_count == 2
    assert_counter_matches_redemptions(coupon)


def test_cancellations_racing_new_orders_keep_the_counter_exact():
    product = stocked_product(quantity=100)
    coupon = CouponFactory(code="FIVE", usage_limit=5)
    newcomers = [APIClient() for _ in range(10)]
    new_carts = [cart_with(client, (product, 1)) for client in newcomers]
    for cart in new_carts:
        apply_coupon(cart_id=cart, user=AnonymousUser(), code="FIVE")  # accepted while uses are still free
    placed = []
    for _ in range(5):
        client = APIClient()
        cart = cart_with(client, (product, 1))
        apply_coupon(cart_id=cart, user=AnonymousUser(), code="FIVE")
        body = place(client, cart).json()
        placed.append((client, body["number"], body["access_token"]))

    cancels = [
        lambda c=client, n=number, t=token: c.post(f"/api/v1/orders/{n}/cancel/?token={t}", {}, format="json")
        for client, number, token in placed[:3]
    ]
    orders = [lambda c=client, cart=cart: place(c, cart) for client, cart in zip(newcomers, new_carts, strict=True)]
    results = race(cancels + orders)

    assert all(not isinstance(r, Exception) and r.status_code < 500 for r in results), results
    assert [r.status_code for r in results[:3]] == [200, 200, 200]
    new_ok = sum(1 for r in results[3:] if r.status_code == 201)
    assert 0 <= new_ok <= 3  # at most the three uses given back
    assert Counter(outcome(r) for r in results[3:] if r.status_code != 201) == {EXHAUSTED: 10 - new_ok}
    coupon.refresh_from_db()
    assert coupon.used_count == 2 + new_ok <= coupon.usage_limit
    assert_counter_matches_redemptions(coupon)
    per_order = CouponRedemption.objects.values("order").annotate(n=Count("id")).filter(~Q(n=1))
    assert not per_order.exists()
