"""Concurrency on PostgreSQL with real threads and real transactions: no overselling, no deadlocks, no double
orders. Every thread drives the HTTP API with its own client and closes its own connection."""

import threading
import uuid
from collections import Counter

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from catalog.models import Product
from commerce.models import CartItem, Order, Stock, StockMovement
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls, *, timeout=60):
    """Run the callables at the same moment, one thread each; return their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # surfaced by the test's assertions
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results


def outcome(response):
    if isinstance(response, Exception):
        return ("exception", repr(response))
    body = response.json()
    code = body["errors"][0]["code"] if response.status_code >= 400 else None
    attr = body["errors"][0]["attr"] if response.status_code >= 400 else None
    return (response.status_code, code, attr)


def test_fifty_buyers_race_for_the_last_ten_units():
    product = stocked_product(quantity=10)
    clients = [APIClient() for _ in range(50)]
    carts = [cart_with(client, (product, 1)) for client in clients]

    results = race([lambda c=client, cart=cart: place(c, cart) for client, cart in zip(clients, carts, strict=True)])

    outcomes = Counter(outcome(r) for r in results)
    assert outcomes == {(201, None, None): 10, (409, "out_of_stock", "items.0.quantity"): 40}, outcomes
    assert Order.objects.count() == 10
    assert Stock.objects.get(variant__product=product).quantity == 0
    assert StockMovement.objects.filter(variant__product=product, reason="sale").count() == 10
    assert sum(StockMovement.objects.filter(variant__product=product).values_list("delta", flat=True)) == -10
    assert Product.objects.get(id=product.id).in_stock is False


def test_opposite_line_orders_do_not_deadlock():
    a, b = stocked_product(quantity=100), stocked_product(quantity=100)
    clients = [APIClient() for _ in range(8)]
    carts = [
        cart_with(client, (a, 1), (b, 2)) if index % 2 == 0 else cart_with(client, (b, 2), (a, 1))
        for index, client in enumerate(clients)
    ]
    assert list(
        CartItem.objects.filter(cart_id=carts[1]).order_by("id").values_list("variant__product_id", flat=True)
    ) == [
        b.id,
        a.id,
    ]

    results = race([lambda c=client, cart=cart: place(c, cart) for client, cart in zip(clients, carts, strict=True)])

    assert [outcome(r) for r in results] == [(201, None, None)] * 8
    assert Stock.objects.get(variant__product=a).quantity == 92
    assert Stock.objects.get(variant__product=b).quantity == 84
    assert StockMovement.objects.filter(reason="sale").count() == 16


def test_ten_requests_with_one_idempotency_key_place_one_order():
    product = stocked_product(quantity=5)
    user = UserFactory()
    clients = []
    for _ in range(10):
        client = APIClient()
        client.force_authenticate(user)
        clients.append(client)
    cart = cart_with(clients[0], (product, 2))
    key = str(uuid.uuid4())

    results = race([lambda c=client: place(c, cart, key=key) for client in clients])

    assert [outcome(r) for r in results] == [(201, None, None)] * 10
    assert len({r.content for r in results}) == 1  # every caller got the same answer, byte for byte
    assert Order.objects.count() == 1
    assert StockMovement.objects.count() == 1 and Stock.objects.get(variant__product=product).quantity == 3


def test_racing_cancellations_return_the_stock_once():
    product = stocked_product(quantity=5)
    user = UserFactory()
    owner = APIClient()
    owner.force_authenticate(user)
    number = place(owner, cart_with(owner, (product, 3))).json()["number"]
    clients = []
    for _ in range(6):
        client = APIClient()
        client.force_authenticate(user)
        clients.append(client)

    results = race([lambda c=client: c.post(f"/api/v1/orders/{number}/cancel/") for client in clients])

    assert Counter(outcome(r) for r in results) == {(200, None, None): 1, (409, "invalid_transition", "status"): 5}
    assert Stock.objects.get(variant__product=product).quantity == 5
    assert StockMovement.objects.filter(reason="cancellation").count() == 1


def test_racing_adds_to_one_cart_never_exceed_the_stock():
    product = stocked_product(quantity=5)
    owner = APIClient()
    cart = owner.post("/api/v1/carts/").json()["id"]
    clients = [APIClient() for _ in range(12)]

    results = race(
        [
            lambda c=client: c.post(f"/api/v1/carts/{cart}/items/", {"product": product.slug, "quantity": 1})
            for client in clients
        ]
    )

    assert Counter(outcome(r) for r in results) == {(201, None, None): 5, (409, "out_of_stock", "quantity"): 7}
    assert CartItem.objects.get(cart_id=cart).quantity == 5


def test_racing_manual_removals_never_go_below_zero(staff_user):
    product = stocked_product(quantity=10)
    clients = []
    for _ in range(20):
        client = APIClient()
        client.force_authenticate(staff_user)
        clients.append(client)

    results = race([lambda c=c: c.post(f"/api/v1/stock/{product.slug}/adjust/", {"delta": -1}) for c in clients])

    assert Counter(outcome(r) for r in results) == {(200, None, None): 10, (409, "out_of_stock", "delta"): 10}
    assert Stock.objects.get(variant__product=product).quantity == 0
    assert StockMovement.objects.count() == 10
