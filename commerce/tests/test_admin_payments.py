"""The order page in the Wagtail admin: its payments and refunds, full and partial refunds for Fulfilment."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from payments import PaymentError

from accounts.tests.factories import UserFactory
from commerce.models import Payment, PaymentRefund
from commerce.tests.payment_helpers import DUMMY_CONFIRM, guest_order, page_path, start
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def fulfilment():
    apply_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Fulfilment"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def paid():
    client, order, token, _ = guest_order()
    response = start(client, order, token)
    client.post(page_path(response), DUMMY_CONFIRM, format="multipart")
    order.refresh_from_db()
    assert order.status == "paid"
    return order, Payment.objects.get(order=order)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_order_page_shows_its_payments_and_a_refund_form(fulfilment, paid):
    order, payment = paid
    page = fulfilment.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "Payments" in page and "dummy" in page and str(payment.total) in page
    assert f'name="refund_payment" value="{payment.pk}"' in page


def test_fulfilment_refunds_part_then_all_and_sees_the_ledger(fulfilment, paid):
    order, payment = paid
    url = f"/admin/orders/inspect/{order.pk}/"
    done = fulfilment.post(url, {"refund_payment": payment.pk, "amount": "2.50", "note": "dented"}, follow=True)
    assert any("Refunded 2.50" in m for m in messages_of(done))
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"

    fulfilment.post(url, {"refund_payment": payment.pk, "amount": ""})
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "refunded")
    assert list(PaymentRefund.objects.order_by("id").values_list("amount", "by")) == [
        (Decimal("2.50"), fulfilment.user.pk),
        (order.total - Decimal("2.50"), fulfilment.user.pk),
    ]
    page = fulfilment.get(url).content.decode()
    assert "dented" in page and 'name="refund_payment"' not in page  # nothing left to refund


def test_a_refused_refund_is_an_admin_message_and_changes_nothing(fulfilment, paid, monkeypatch):
    order, payment = paid

    def refuse(self, payment, amount=None):
        raise PaymentError("Gateway says no")

    monkeypatch.setattr("payments.dummy.DummyProvider.refund", refuse)
    url = f"/admin/orders/inspect/{order.pk}/"
    partial = fulfilment.post(url, {"refund_payment": payment.pk, "amount": "1.00"}, follow=True)
    assert any("Gateway says no" in m for m in messages_of(partial))
    cancel = fulfilment.post(url, {"status": "cancelled"}, follow=True)
    assert any("Gateway says no" in m for m in messages_of(cancel))
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert not PaymentRefund.objects.exists()


def test_a_bad_amount_is_a_message(fulfilment, paid):
    order, payment = paid
    url = f"/admin/orders/inspect/{order.pk}/"
    for amount in ("abc", "-1", str(order.total + 1)):
        response = fulfilment.post(url, {"refund_payment": payment.pk, "amount": amount}, follow=True)
        assert messages_of(response), amount
    assert not PaymentRefund.objects.exists()


@pytest.mark.parametrize("payment_id", ["abc", "", "99999999999999999999"])
def test_a_bad_payment_id_is_a_message_not_a_500(fulfilment, paid, payment_id):
    order, _ = paid
    response = fulfilment.post(f"/admin/orders/inspect/{order.pk}/", {"refund_payment": payment_id}, follow=True)
    assert response.status_code == 200 and messages_of(response)
    assert not PaymentRefund.objects.exists()


def test_staff_who_may_only_read_orders_get_no_refund_form(paid):
    from django.contrib.auth.models import Permission

    order, payment = paid
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_order")
    )
    client = Client()
    client.force_login(reader)
    url = f"/admin/orders/inspect/{order.pk}/"
    assert 'name="refund_payment"' not in client.get(url).content.decode()
    assert client.post(url, {"refund_payment": payment.pk}).status_code in (302, 403)  # Wagtail: denied, back home
    assert not PaymentRefund.objects.exists()
