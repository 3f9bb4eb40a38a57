"""Payment confirmations racing on PostgreSQL with real threads and transactions: the order is paid once."""

import pytest
from django.test import Client

from commerce.models import Payment
from commerce.tests.payment_helpers import guest_order, start
from commerce.tests.test_concurrency import race
from storefront.models import OutboxEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_simultaneous_confirmations_pay_the_order_once():
    client, order, token, _ = guest_order()
    payment = Payment.objects.get(pk=start(client, order, token).json()["id"])
    url = f"/payments/process/{payment.token}/?verification_result=confirmed"

    results = race([lambda: Client().get(url) for _ in range(8)])

    assert [getattr(r, "status_code", r) for r in results] == [302] * 8
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert order.status_changes.filter(status="paid").count() == 1
    assert OutboxEvent.objects.filter(name="payment.captured").count() == 1
    assert OutboxEvent.objects.filter(name="order.status_changed", payload__status="paid").count() == 1
    payment.refresh_from_db()
    assert payment.captured_at is not None and payment.captured_amount == order.total


def test_a_confirmation_racing_a_cancellation_never_leaves_money_on_a_cancelled_order_unnoticed():
    client, order, token, _ = guest_order()
    payment = Payment.objects.get(pk=start(client, order, token).json()["id"])
    confirm = f"/payments/process/{payment.token}/?verification_result=confirmed"
    cancel = f"/api/v1/orders/{order.number}/cancel/"

    results = race(
        [
            lambda: Client().get(confirm),
            lambda: Client().post(cancel, {}, content_type="application/json", HTTP_X_ORDER_TOKEN=token),
        ]
    )

    assert not any(isinstance(r, Exception) for r in results), results
    assert [r.status_code for r in results] == [302, 200], results[1].content
    order.refresh_from_db()
    payment.refresh_from_db()
    # Either the capture came first (then the cancel refunded it) or the cancel did (the attempt was closed).
    assert order.status == "cancelled"
    if payment.captured_at is not None:
        assert (payment.status, order.payment_status) == ("refunded", "refunded")
    else:
        assert payment.status == "cancelled" and order.payment_status == "unpaid"
