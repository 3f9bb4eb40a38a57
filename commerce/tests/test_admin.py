"""The Fulfilment admin: orders (list, filters, detail, transitions through the state machine), stock, ledger."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.tests.factories import UserFactory
from commerce.models import Order, OrderStatusChange, Stock, StockMovement
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product
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
def order(api_client):
    number = place(api_client, cart_with(api_client, (stocked_product(quantity=5, name="Teapot"), 2))).json()["number"]
    return Order.objects.get(number=number)


def test_orders_list_filters_and_search(fulfilment, order, api_client):
    other = Order.objects.get(
        number=place(api_client, cart_with(api_client, (stocked_product(), 1)), email="zed@example.com").json()[
            "number"
        ]
    )
    Order.objects.filter(pk=other.pk).update(status="paid")
    assert order.number in fulfilment.get("/admin/orders/").content.decode()
    paid = fulfilment.get("/admin/orders/", {"status": "paid"}).content.decode()
    assert other.number in paid and order.number not in paid
    found = fulfilment.get("/admin/orders/", {"q": "zed@"}).content.decode()
    assert other.number in found and order.number not in found


def test_order_detail_shows_lines_history_and_only_allowed_transitions(fulfilment, order):
    page = fulfilment.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "Teapot" in page and order.number in page
    assert 'value="paid"' in page and 'value="cancelled"' in page
    assert 'value="shipped"' not in page and 'value="delivered"' not in page


def test_a_transition_from_the_admin_goes_through_the_state_machine(fulfilment, order):
    url = f"/admin/orders/inspect/{order.pk}/"
    assert fulfilment.post(url, {"status": "paid", "note": "Paid by phone"}).status_code == 302
    order.refresh_from_db()
    assert order.status == "paid"
    change = OrderStatusChange.objects.filter(order=order).last()
    assert (change.by, change.note) == (fulfilment.user, "Paid by phone")
    fulfilment.post(url, {"status": "delivered"})  # not allowed from paid
    order.refresh_from_db()
    assert order.status == "paid"
    fulfilment.post(url, {"status": "cancelled"})
    order.refresh_from_db()
    assert order.status == "cancelled" and Stock.objects.get(variant__product__name="Teapot").quantity == 5


def test_view_only_staff_cannot_move_orders(order):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_order"]))
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/admin/orders/inspect/{order.pk}/")
    assert page.status_code == 200 and 'value="paid"' not in page.content.decode()
    # Wagtail answers a PermissionDenied with a redirect to the dashboard and a message.
    assert client.post(f"/admin/orders/inspect/{order.pk}/", {"status": "paid"}).status_code in (302, 403)
    assert Order.objects.get(pk=order.pk).status == "pending"


def test_orders_are_never_added_edited_or_deleted_in_the_admin(order):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for url in ("/admin/orders/new/", f"/admin/orders/edit/{order.pk}/", f"/admin/orders/delete/{order.pk}/"):
        assert client.get(url).status_code in (302, 403), url
    assert Order.objects.filter(pk=order.pk).exists()


def test_editing_stock_writes_one_movement_through_the_service(fulfilment):
    product = stocked_product(quantity=4, low_stock_threshold=2)
    stock = Stock.objects.get(variant__product=product)
    form = fulfilment.get(f"/admin/stock/edit/{stock.pk}/")
    assert form.status_code == 200 and 'name="note"' in form.content.decode()
    response = fulfilment.post(
        f"/admin/stock/edit/{stock.pk}/", {"quantity": 9, "low_stock_threshold": 3, "note": "stock count"}
    )
    assert response.status_code == 302
    stock.refresh_from_db()
    assert (stock.quantity, stock.low_stock_threshold) == (9, 3)
    movement = StockMovement.objects.get()
    assert (movement.delta, movement.reason, movement.note, movement.created_by) == (
        5,
        "adjustment",
        "stock count",
        fulfilment.user,
    )
    fulfilment.post(f"/admin/stock/edit/{stock.pk}/", {"quantity": -1, "low_stock_threshold": 3})
    assert Stock.objects.get(pk=stock.pk).quantity == 9


def test_low_stock_view_and_ledger(fulfilment):
    low = stocked_product(quantity=1, low_stock_threshold=3, name="Almost gone")
    stocked_product(quantity=50, name="Plenty")
    page = fulfilment.get("/admin/low-stock/").content.decode()
    assert "Almost gone" in page and "Plenty" not in page
    assert "Plenty" in fulfilment.get("/admin/stock/").content.decode()
    StockMovement.objects.create(
        variant=low.variants.get(), delta=1, quantity_after=1, reason="import", note="delivery 7"
    )
    assert "delivery 7" in fulfilment.get("/admin/stock-ledger/").content.decode()


def test_fulfilment_cannot_touch_the_catalog(fulfilment):
    product = stocked_product()
    assert fulfilment.get(f"/admin/snippets/catalog/product/edit/{product.pk}/").status_code in (302, 403)
