"""The shop's order page offers the payment step; paying there goes through the provider like the API does."""

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from commerce.models import Payment
from commerce.tests.payment_helpers import DUMMY_CONFIRM, guest_order

pytestmark = pytest.mark.django_db


def test_a_guest_pays_from_the_order_page_with_the_dummy_provider():
    _, order, token, _ = guest_order()
    browser = Client()
    page = browser.get(f"/orders/{order.number}/", {"token": token}).content.decode()
    assert "Pay for this order" in page and 'value="dummy"' in page and 'value="manual"' in page

    started = browser.post(f"/orders/{order.number}/pay/?token={token}", {"provider": "dummy"})
    payment = Payment.objects.get(order=order)
    assert started.status_code == 302 and started["Location"] == f"/payments/{payment.token}/"
    assert browser.get(started["Location"]).status_code == 200
    browser.post(started["Location"], DUMMY_CONFIRM)

    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    page = browser.get(f"/orders/{order.number}/", {"token": token}).content.decode()
    assert "Pay for this order" not in page and "Paid" in page


def test_the_manual_provider_leaves_the_order_waiting_with_a_message():
    _, order, token, _ = guest_order()
    browser = Client()
    done = browser.post(f"/orders/{order.number}/pay/?token={token}", {"provider": "manual"}, follow=True)
    assert "will ship once your payment has arrived" in done.content.decode()
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "unpaid")


def test_paying_someone_elses_order_is_a_404_and_an_unknown_provider_a_message():
    _, order, token, _ = guest_order()
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.post(f"/orders/{order.number}/pay/", {"provider": "dummy"}).status_code == 404
    unknown = Client().post(f"/orders/{order.number}/pay/?token={token}", {"provider": "paypal"}, follow=True)
    assert "Unknown payment provider" in unknown.content.decode()
    assert not Payment.objects.exists()
