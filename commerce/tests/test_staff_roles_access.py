"""Staff access to orders and stock follows model permissions, per role (README, "Staff roles"): only Fulfilment
(and superusers) read or work other people's orders and the stock; Editors and Merchandisers are customers there."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from commerce.models import Order, Stock, StockMovement
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "customer", "Editors", "Merchandisers", "Fulfilment", "superuser"]


def make_user(role: str):
    if role == "anonymous":
        return None
    if role == "superuser":
        return UserFactory(is_staff=True, is_superuser=True)
    if role == "customer":
        return UserFactory()
    apply_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def others_order():
    """A pending order of another customer, on a product with stock."""
    alice = api_client_for(UserFactory())
    product = stocked_product(quantity=10)
    number = place(alice, cart_with(alice, (product, 1))).json()["number"]
    return Order.objects.get(number=number)


# role -> status, in ROLES order
ALLOWED_FULFILMENT = dict(zip(ROLES, [401, 403, 403, 403, 200, 200], strict=True))
HIDDEN_UNLESS_FULFILMENT = dict(zip(ROLES, [404, 404, 404, 404, 200, 200], strict=True))
ENDPOINTS = {
    "order detail": (lambda c, o, p: c.get(f"/api/v1/orders/{o.number}/"), HIDDEN_UNLESS_FULFILMENT),
    "order cancel": (lambda c, o, p: c.post(f"/api/v1/orders/{o.number}/cancel/"), HIDDEN_UNLESS_FULFILMENT),
    "order transition": (
        lambda c, o, p: c.post(f"/api/v1/orders/{o.number}/transition/", {"status": "paid"}),
        ALLOWED_FULFILMENT,
    ),
    "stock list": (lambda c, o, p: c.get("/api/v1/stock/"), ALLOWED_FULFILMENT),
    "stock detail": (lambda c, o, p: c.get(f"/api/v1/stock/{p.slug}/"), ALLOWED_FULFILMENT),
    "stock update": (lambda c, o, p: c.patch(f"/api/v1/stock/{p.slug}/", {"quantity": 3}), ALLOWED_FULFILMENT),
    "stock adjust": (
        lambda c, o, p: c.post(f"/api/v1/stock/{p.slug}/adjust/", {"delta": 1}),
        ALLOWED_FULFILMENT,
    ),
    "stock ledger": (lambda c, o, p: c.get(f"/api/v1/stock/{p.slug}/movements/"), ALLOWED_FULFILMENT),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_each_role_gets_exactly_its_status_on_orders_and_stock(role, endpoint, others_order):
    call, expected = ENDPOINTS[endpoint]
    product = others_order.lines.get().product
    before = (Order.objects.get(pk=others_order.pk).status, Stock.objects.get(variant__product=product).quantity)
    response = call(api_client_for(make_user(role)), others_order, product)
    assert response.status_code == expected[role], response.content
    if response.status_code != 200:  # a refusal changes nothing
        assert (
            Order.objects.get(pk=others_order.pk).status,
            Stock.objects.get(variant__product=product).quantity,
        ) == before


@pytest.mark.parametrize("role", ROLES)
def test_the_order_list_shows_others_orders_only_to_fulfilment(role, others_order):
    user = make_user(role)
    client = api_client_for(user)
    if user is not None:
        own = place(client, cart_with(client, (stocked_product(), 1)), email=user.email).json()["number"]
    response = client.get("/api/v1/orders/", {"email": others_order.email})
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    numbers = {row["number"] for row in client.get("/api/v1/orders/").json()["results"]}
    if role in ("Fulfilment", "superuser"):
        assert numbers == {own, others_order.number}
        assert [row["number"] for row in response.json()["results"]] == [others_order.number]  # the email filter
    else:
        assert numbers == {own}


@pytest.mark.parametrize("role", ROLES)
def test_the_order_page_opens_another_customers_order_only_for_fulfilment(role, others_order):
    client = Client()
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(f"/orders/{others_order.number}/")
    assert response.status_code == HIDDEN_UNLESS_FULFILMENT[role]


def test_staff_who_may_read_orders_but_not_change_them_get_a_403_on_cancel(others_order):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(content_type__app_label="commerce", codename="view_order"))
    client = api_client_for(viewer)
    assert client.get(f"/api/v1/orders/{others_order.number}/").status_code == 200
    response = client.post(f"/api/v1/orders/{others_order.number}/cancel/")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (403, "permission_denied")
    assert Order.objects.get(pk=others_order.pk).status == "pending"


def test_a_staff_member_still_works_their_own_orders_as_a_customer():
    apply_roles()
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = api_client_for(editor)
    number = place(client, cart_with(client, (stocked_product(), 1))).json()["number"]
    assert client.get(f"/api/v1/orders/{number}/").status_code == 200
    assert client.post(f"/api/v1/orders/{number}/cancel/").status_code == 200
    assert client.post(f"/api/v1/orders/{number}/transition/", {"status": "refunded"}).status_code == 403
    assert not StockMovement.objects.filter(created_by=editor).exists()
