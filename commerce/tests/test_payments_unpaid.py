"""Abandoned unpaid orders give their stock back after UNPAID_ORDER_TTL (the beat task)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commerce.models import Order, Payment, Stock, StockMovement
from commerce.services import payments as payment_services
from commerce.tasks import release_unpaid_orders
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product
from commerce.tests.payment_helpers import DUMMY_CONFIRM, DUMMY_REJECT, guest_order, page_path, start

pytestmark = pytest.mark.django_db


def age(order: Order, seconds: int) -> None:
    then = timezone.now() - timedelta(seconds=seconds)
    Order.objects.filter(pk=order.pk).update(created_at=then)
    Payment.objects.filter(order=order).update(created=then)


def test_an_abandoned_redirect_payment_releases_the_stock_once_per_line(settings, api_client):
    settings.UNPAID_ORDER_TTL = 1800
    a, b = stocked_product(quantity=5), stocked_product(quantity=5)
    body = place(api_client, cart_with(api_client, (a, 2), (b, 1))).json()
    order = Order.objects.get(number=body["number"])
    payment = Payment.objects.get(pk=start(api_client, order, body["access_token"]).json()["id"])
    age(order, 1801)

    assert release_unpaid_orders() == 1
    assert release_unpaid_orders() == 0  # safe to run twice

    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == "cancelled" and payment.status == "cancelled"
    assert (Stock.objects.get(variant__product=a).quantity, Stock.objects.get(variant__product=b).quantity) == (5, 5)
    movements = StockMovement.objects.filter(order=order, reason="cancellation")
    assert sorted(movements.values_list("variant__product_id", "delta")) == sorted([(a.pk, 2), (b.pk, 1)])


def test_a_failed_attempt_counts_as_abandoned_too(settings):
    client, order, token, product = guest_order()
    response = start(client, order, token)
    client.post(page_path(response), DUMMY_REJECT, format="multipart")
    age(order, settings.UNPAID_ORDER_TTL + 1)
    assert release_unpaid_orders() == 1
    assert Stock.objects.get(variant__product=product).quantity == 10


def test_what_is_not_abandoned_is_left_alone(settings):
    ttl = settings.UNPAID_ORDER_TTL
    recent_client, recent, recent_token, _ = guest_order()
    start(recent_client, recent, recent_token)
    age(recent, ttl - 60)

    _, no_attempt, _, _ = guest_order()
    age(no_attempt, ttl + 60)  # never went to pay (the staff-marked-paid way): not ours to cancel

    manual_client, manual, manual_token, _ = guest_order()
    start(manual_client, manual, manual_token, provider="manual")
    age(manual, ttl + 60)  # waits for a bank transfer

    paid_client, paid, paid_token, _ = guest_order()
    paid_page = start(paid_client, paid, paid_token)
    paid_client.post(page_path(paid_page), DUMMY_CONFIRM, format="multipart")
    age(paid, ttl + 60)

    retry_client, retried, retry_token, _ = guest_order()
    start(retry_client, retried, retry_token)
    age(retried, ttl + 60)
    start(retry_client, retried, retry_token)  # a fresh attempt just now: the shopper is paying

    assert release_unpaid_orders() == 0
    assert set(Order.objects.values_list("status", flat=True)) == {"pending", "paid"}


def test_an_order_paid_after_it_was_picked_is_left_alone(settings, api_client):
    client, order, token, _ = guest_order()
    payment = Payment.objects.get(pk=start(client, order, token).json()["id"])
    age(order, settings.UNPAID_ORDER_TTL + 1)
    picked = payment_services.abandoned_order_ids()
    assert picked == [order.pk]
    api_client.get(f"/payments/process/{payment.token}/?verification_result=confirmed")

    assert payment_services.release_abandoned_order(order_id=order.pk) is False
    order.refresh_from_db()
    assert order.status == "paid"


def test_one_order_that_cannot_be_released_does_not_hold_up_the_others(settings, monkeypatch, caplog):
    orders = []
    for _ in range(2):
        client, order, token, product = guest_order()
        start(client, order, token)
        age(order, settings.UNPAID_ORDER_TTL + 1)
        orders.append((order, product))
    (stuck, _), (freed, freed_product) = orders
    release = payment_services.release_abandoned_order

    def provider_down(*, order_id):
        if order_id == stuck.pk:
            raise ConnectionError("the provider did not answer")
        return release(order_id=order_id)

    monkeypatch.setattr(payment_services, "release_abandoned_order", provider_down)
    assert release_unpaid_orders() == 1
    assert "could not release unpaid order" in caplog.text
    assert Order.objects.get(pk=stuck.pk).status == "pending"  # left as it was, for the next run
    assert Order.objects.get(pk=freed.pk).status == "cancelled"
    assert Stock.objects.get(variant__product=freed_product).quantity == 10

    monkeypatch.setattr(payment_services, "release_abandoned_order", release)
    assert release_unpaid_orders() == 1  # the next run releases it
    assert Order.objects.get(pk=stuck.pk).status == "cancelled"
