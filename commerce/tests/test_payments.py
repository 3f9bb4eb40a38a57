"""Payments through django-payments' dummy provider, end to end over HTTP, and the manual provider."""

from decimal import Decimal

import pytest
from django.test import override_settings
from payments import PaymentError

from accounts.tests.factories import UserFactory
from commerce.models import Order, Payment, PaymentRefund, Stock
from commerce.payment_config import payment_variants
from commerce.services import payments as payment_services
from commerce.tests.payment_helpers import DUMMY_CONFIRM, DUMMY_REJECT, guest_order, page_path, start
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db


def events(name: str) -> list[dict]:
    return [event.payload for event in OutboxEvent.objects.filter(name=name).order_by("id")]


def paid_transitions(order) -> int:
    return order.status_changes.filter(status="paid").count()


# --- providers ------------------------------------------------------------------------------------------------


def test_providers_are_listed_in_the_operators_order(api_client):
    response = api_client.get("/api/v1/payments/providers/")
    assert response.status_code == 200
    assert [(p["id"], p["kind"]) for p in response.json()] == [("dummy", "redirect"), ("manual", "manual")]
    assert all(p["name"] for p in response.json())


def test_payment_variants_refuse_unknown_providers_and_stripe_without_keys(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="unknown provider 'paypal'"):
        payment_variants(["dummy", "paypal"])
    with pytest.raises(ImproperlyConfigured, match="STRIPE_API_KEY"):
        payment_variants(["stripe"])
    monkeypatch.setattr("commerce.payment_config.find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="stripe package"):
        payment_variants(["stripe"], stripe_api_key="sk_test", stripe_endpoint_secret="whsec")
    monkeypatch.setattr("commerce.payment_config.find_spec", lambda name: object())  # as if stripe were installed
    assert payment_variants(["stripe"], stripe_api_key="sk_test", stripe_endpoint_secret="whsec") == {
        "stripe": (
            "payments.stripe.StripeProviderV3",
            {"api_key": "sk_test", "endpoint_secret": "whsec", "secure_endpoint": True},
        )
    }


# --- the dummy provider's whole path ------------------------------------------------------------------------------


def test_dummy_payment_confirmed_on_its_page_pays_the_order_once():
    client, order, token, _ = guest_order()
    response = start(client, order, token)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "waiting" and body["next_action"]["type"] == "redirect"
    assert body["next_action"]["url"].startswith("http://testserver/payments/")

    page = client.get(page_path(response))
    assert page.status_code == 200 and b'name="status"' in page.content
    done = client.post(page_path(response), DUMMY_CONFIRM, format="multipart")
    assert done.status_code == 302, done.content.decode()[-3000:]
    assert done["Location"].endswith(f"/orders/{order.number}/")  # the shop's order page, no return_url given

    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert paid_transitions(order) == 1
    assert [e["number"] for e in events("payment.captured")] == [order.number]
    assert [(e["from_status"], e["status"]) for e in events("order.status_changed")] == [("pending", "paid")]
    payment = Payment.objects.get(order=order)
    assert payment.captured_at is not None and payment.captured_amount == order.total

    detail = client.get(f"/api/v1/orders/{order.number}/", HTTP_X_ORDER_TOKEN=token).json()
    assert detail["payment_status"] == "paid"
    assert detail["payments"] == [
        {"id": payment.pk, "provider": "dummy", "status": "confirmed", "amount": str(order.total), "currency": "USD",
         "created_at": detail["payments"][0]["created_at"]}
    ]  # fmt: skip
    # Paid: the page sends the shopper on, and no second payment starts.
    assert client.get(page_path(response)).status_code == 302
    again = start(client, order, token)
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "not_payable"


def test_return_url_is_where_the_shopper_goes_back_to(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.com"]  # the shop's own frontend
    client, order, token, _ = guest_order()
    response = start(client, order, token, return_url="https://front.example.com/thanks")
    done = client.post(page_path(response), DUMMY_CONFIRM, format="multipart")
    assert done["Location"] == "https://front.example.com/thanks"
    response = start(*guest_order()[0:1], *guest_order()[1:3], return_url="/thanks/")
    assert Payment.objects.get(pk=response.json()["id"]).get_success_url() == "http://127.0.0.1:8000/thanks/"


def test_provider_callback_delivered_twice_pays_once(api_client):
    client, order, token, _ = guest_order()
    payment = Payment.objects.get(pk=start(client, order, token).json()["id"])
    url = f"/payments/process/{payment.token}/?verification_result=confirmed"

    first, second = api_client.get(url), api_client.get(url)

    assert (first.status_code, second.status_code) == (302, 302)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert paid_transitions(order) == 1
    assert len(events("payment.captured")) == 1
    assert len([e for e in events("order.status_changed") if e["status"] == "paid"]) == 1


def test_rejected_payment_leaves_the_order_pending_and_payable_again():
    client, order, token, _ = guest_order()
    first = start(client, order, token)
    client.get(page_path(first))
    failed = client.post(page_path(first), DUMMY_REJECT, format="multipart")
    assert failed.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "failed")
    assert events("payment.captured") == []

    retry = start(client, order, token)
    assert retry.status_code == 201
    client.post(page_path(retry), DUMMY_CONFIRM, format="multipart")
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert [p.status for p in order.payments.order_by("id")] == ["rejected", "confirmed"]


def test_gateway_error_on_the_page_is_shown_and_the_order_stays_payable():
    client, order, token, _ = guest_order()
    response = start(client, order, token)
    page = client.post(
        page_path(response),
        {**DUMMY_CONFIRM, "status": "error", "gateway_response": "payment-error"},
        format="multipart",
    )
    assert page.status_code == 502 and b"Unsupported operation" in page.content
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "failed")
    assert start(client, order, token).status_code == 201


def test_a_capture_arriving_after_the_order_was_cancelled_goes_back(api_client):
    client, order, token, _ = guest_order()
    payment = Payment.objects.get(pk=start(client, order, token).json()["id"])
    assert client.post(f"/api/v1/orders/{order.number}/cancel/", HTTP_X_ORDER_TOKEN=token).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "cancelled"  # the open attempt was closed at the provider

    api_client.get(f"/payments/process/{payment.token}/?verification_result=confirmed")  # the provider disagrees

    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, order.payment_status) == ("cancelled", "refunded")
    assert (payment.status, payment.captured_amount) == ("refunded", 0)
    assert list(PaymentRefund.objects.values_list("amount", flat=True)) == [order.total]
    assert order.status_changes.filter(status="paid").count() == 0


def test_a_second_attempt_captured_after_the_first_is_refunded(api_client):
    client, order, token, _ = guest_order()
    first = Payment.objects.get(pk=start(client, order, token).json()["id"])
    second = Payment.objects.get(pk=start(client, order, token).json()["id"])
    for payment in (first, second):
        api_client.get(f"/payments/process/{payment.token}/?verification_result=confirmed")
    order.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert (first.status, second.status) == ("confirmed", "refunded")
    assert list(PaymentRefund.objects.values_list("payment_id", flat=True)) == [second.pk]
    assert len(events("payment.captured")) == 2 and len(events("payment.refunded")) == 1


def test_a_repeated_confirmation_after_a_full_refund_stays_refunded(api_client, staff_client):
    client, order, token, _ = guest_order()
    payment = Payment.objects.get(pk=start(client, order, token).json()["id"])
    url = f"/payments/process/{payment.token}/?verification_result=confirmed"
    api_client.get(url)
    assert staff_client.post(f"/api/v1/payments/{payment.pk}/refund/", {}, format="json").status_code == 200
    api_client.get(url)
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.captured_amount, order.payment_status) == ("refunded", 0, "refunded")
    assert PaymentRefund.objects.count() == 1


# --- who may pay, and what -----------------------------------------------------------------------------------


def test_another_customers_order_is_a_404_and_a_guest_needs_the_token(api_client):
    owner, stranger = UserFactory(), UserFactory()
    _, order, _, _ = guest_order()
    order.user, order.access_token_hash = owner, ""
    order.save()
    api_client.force_authenticate(stranger)
    assert start(api_client, order, None).status_code == 404
    api_client.force_authenticate(owner)
    assert start(api_client, order, None).status_code == 201

    guest_client, guest_order_, token, _ = guest_order()
    assert start(guest_client, guest_order_, None).status_code == 404
    assert start(guest_client, guest_order_, "not-the-token").status_code == 404
    query = guest_client.post(
        f"/api/v1/orders/{guest_order_.number}/payments/?token={token}", {"provider": "dummy"}, format="json"
    )
    assert query.status_code == 201


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"provider": "paypal"}, "provider"),
        ({"provider": "dummy", "return_url": "javascript:alert(1)"}, "return_url"),
        ({"provider": "dummy", "return_url": "//evil.example.com/"}, "return_url"),
        # Not this site nor its frontend: the payment page would redirect there (an open redirect).
        ({"provider": "dummy", "return_url": "https://evil.example.com/thanks"}, "return_url"),
        ({}, "provider"),
    ],
)
def test_bad_payment_input_is_a_400(body, attr):
    client, order, token, _ = guest_order()
    response = client.post(f"/api/v1/orders/{order.number}/payments/", body, format="json", HTTP_X_ORDER_TOKEN=token)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["attr"] == attr
    assert not Payment.objects.exists()


def test_a_cancelled_order_is_not_payable():
    client, order, token, _ = guest_order()
    assert client.post(f"/api/v1/orders/{order.number}/cancel/", HTTP_X_ORDER_TOKEN=token).status_code == 200
    response = start(client, order, token)
    assert response.status_code == 409 and response.json()["errors"][0]["code"] == "not_payable"


def test_the_manual_provider_has_no_page_and_fulfilment_marks_it_paid(staff_client):
    client, order, token, _ = guest_order()
    response = start(client, order, token, provider="manual")
    assert response.status_code == 201 and response.json()["next_action"] is None
    payment = Payment.objects.get(pk=response.json()["id"])
    assert client.get(f"/payments/{payment.token}/").status_code == 404
    assert client.get(f"/payments/process/{payment.token}/?verification_result=confirmed").status_code == 404
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "unpaid")

    marked = staff_client.post(f"/api/v1/orders/{order.number}/transition/", {"status": "paid"}, format="json")
    assert marked.status_code == 200 and marked.json()["payment_status"] == "paid"
    payment.refresh_from_db()
    assert payment.status == "confirmed" and payment.captured_amount == order.total
    assert len(events("payment.captured")) == 1


def test_order_list_keeps_its_query_count_with_payments(django_assert_max_num_queries, user_client):
    for _ in range(3):
        _, order, _, _ = guest_order()
        order.user, order.access_token_hash = user_client.user, ""
        order.save()
        payment_services.start_payment(order=order, provider="dummy")
    with django_assert_max_num_queries(8) as captured:
        response = user_client.get("/api/v1/orders/")
    assert response.status_code == 200 and len(response.json()["results"]) == 3
    assert all(len(o["payments"]) == 1 for o in response.json()["results"])
    single = len(captured.captured_queries)
    _, order, _, _ = guest_order()
    order.user, order.access_token_hash = user_client.user, ""
    order.save()
    with django_assert_max_num_queries(single):
        user_client.get("/api/v1/orders/")


# --- refunds -----------------------------------------------------------------------------------------------------


def paid_order():
    client, order, token, product = guest_order()
    response = start(client, order, token)
    client.post(page_path(response), DUMMY_CONFIRM, format="multipart")
    order.refresh_from_db()
    assert order.status == "paid"
    return client, order, token, product


def test_cancelling_a_paid_order_refunds_it_through_the_provider():
    client, order, token, product = paid_order()
    response = client.post(f"/api/v1/orders/{order.number}/cancel/", HTTP_X_ORDER_TOKEN=token)
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["payment_status"]) == ("cancelled", "refunded")
    payment = Payment.objects.get(order=order)
    assert payment.status == "refunded" and payment.captured_amount == 0
    assert list(PaymentRefund.objects.values_list("amount", flat=True)) == [order.total]
    assert len(events("payment.refunded")) == 1
    assert Stock.objects.get(variant__product=product).quantity == 10


def test_a_refused_refund_changes_nothing_and_says_why(monkeypatch):
    client, order, token, product = paid_order()

    def refuse(self, payment, amount=None):
        raise PaymentError("Card account closed")

    monkeypatch.setattr("payments.dummy.DummyProvider.refund", refuse)
    response = client.post(f"/api/v1/orders/{order.number}/cancel/", HTTP_X_ORDER_TOKEN=token)
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "refund_failed" and "Card account closed" in error["detail"]
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("paid", "paid")
    assert Stock.objects.get(variant__product=product).quantity == 8
    assert not PaymentRefund.objects.exists()
    assert Payment.objects.get(order=order).captured_amount == order.total


def test_staff_refund_part_then_the_rest(staff_client, user_client):
    _, order, _, _ = paid_order()
    payment = Payment.objects.get(order=order)
    url = f"/api/v1/payments/{payment.pk}/refund/"
    assert user_client.post(url, {"amount": "1.00"}, format="json").status_code == 403

    part = staff_client.post(url, {"amount": "1.00", "note": "scratched"}, format="json")
    assert part.status_code == 200, part.content
    assert (part.json()["status"], part.json()["payment_status"]) == ("paid", "partially_refunded")
    too_much = staff_client.post(url, {"amount": str(order.total)}, format="json")
    assert too_much.status_code == 400 and too_much.json()["errors"][0]["attr"] == "amount"

    rest = staff_client.post(url, {}, format="json")
    assert rest.json()["payment_status"] == "refunded"
    assert list(PaymentRefund.objects.order_by("id").values_list("amount", flat=True)) == [
        Decimal("1.00"),
        order.total - Decimal("1.00"),
    ]
    nothing_left = staff_client.post(url, {}, format="json")
    assert nothing_left.status_code == 409 and nothing_left.json()["errors"][0]["code"] == "refund_failed"
    # The order itself can still be refunded (after shipment, say): nothing more goes back.
    order.refresh_from_db()
    assert order.status == "paid"


def test_existing_orders_get_their_payment_status_from_the_migration():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("commerce.migrations.0006_payments")
    _, order, _, _ = guest_order()
    for status, expected in [("paid", "paid"), ("delivered", "paid"), ("refunded", "refunded"), ("pending", "unpaid")]:
        Order.objects.filter(pk=order.pk).update(status=status, payment_status="unpaid")
        migration.set_payment_status(apps, None)
        assert Order.objects.get(pk=order.pk).payment_status == expected


@override_settings(PAYMENT_VARIANTS={"manual": ("commerce.providers.ManualProvider", {})})
def test_a_provider_switched_off_is_unknown():
    client, order, token, _ = guest_order()
    response = start(client, order, token)
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "provider"
