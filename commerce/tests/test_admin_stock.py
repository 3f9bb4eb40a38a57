"""Stock in the Wagtail admin: Fulfilment finds a product's stock, edits it, adjusts it with a reason and
reads its ledger, all through commerce.services.stock; Editors get none of it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.tests.factories import UserFactory
from commerce.models import Stock, StockMovement
from commerce.tests.factories import stocked_product
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db


def _staff_client(group_name: str) -> Client:
    apply_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def fulfilment():
    return _staff_client("Fulfilment")


@pytest.fixture
def editor():
    return _staff_client("Editors")


@pytest.fixture
def teapot():
    product = stocked_product(quantity=6, low_stock_threshold=2, name="Blue Teapot", sku="TEA-100")
    return Stock.objects.get(variant__product=product)


def test_stock_reads_as_its_product_name_and_sku(teapot):
    assert str(teapot) == "Blue Teapot (TEA-100)"


def test_stock_rows_link_to_edit_adjust_and_the_ledger(fulfilment, teapot):
    page = fulfilment.get("/admin/stock/").content.decode()
    assert "<title>Stock" in page and "Stocks" not in page
    assert f'href="/admin/stock/edit/{teapot.pk}/"' in page
    assert f'href="/admin/stock/adjust/{teapot.pk}/"' in page
    assert f'href="/admin/stock-ledger/?variant={teapot.variant_id}"' in page
    low = stocked_product(quantity=1, low_stock_threshold=3, name="Almost gone")
    low_page = fulfilment.get("/admin/low-stock/").content.decode()
    assert f'href="/admin/low-stock/edit/{low.variants.get().stock.pk}/"' in low_page


def test_stock_is_found_by_product_name_or_sku(fulfilment, teapot):
    stocked_product(name="Green Kettle", sku="KET-200")
    by_name = fulfilment.get("/admin/stock/", {"q": "teapot"}).content.decode()
    assert "Blue Teapot" in by_name and "Green Kettle" not in by_name
    by_sku = fulfilment.get("/admin/stock/", {"q": "KET-200"}).content.decode()
    assert "Green Kettle" in by_sku and "Blue Teapot" not in by_sku


def test_the_edit_page_is_titled_by_product_and_links_adjust_and_ledger(fulfilment, teapot):
    page = fulfilment.get(f"/admin/stock/edit/{teapot.pk}/").content.decode()
    assert "Blue Teapot (TEA-100)" in page and f"{teapot.variant_id}: 6" not in page
    assert f'href="/admin/stock/adjust/{teapot.pk}/"' in page
    assert f'href="/admin/stock-ledger/?variant={teapot.variant_id}"' in page


def test_editing_quantity_and_threshold_goes_through_the_service(fulfilment, teapot):
    response = fulfilment.post(
        f"/admin/stock/edit/{teapot.pk}/", {"quantity": 10, "low_stock_threshold": 4, "note": "count"}
    )
    assert response.status_code == 302
    teapot.refresh_from_db()
    assert (teapot.quantity, teapot.low_stock_threshold) == (10, 4)
    movement = StockMovement.objects.get(variant=teapot.variant)
    assert (movement.delta, movement.quantity_after, movement.note) == (4, 10, "count")


def test_an_adjustment_with_a_reason_writes_one_ledger_row(fulfilment, teapot):
    url = f"/admin/stock/adjust/{teapot.pk}/"
    form = fulfilment.get(url)
    assert form.status_code == 200 and 'name="delta"' in form.content.decode()
    response = fulfilment.post(url, {"delta": -2, "reason": "adjustment", "note": "2 broken in storage"})
    assert response.status_code == 302
    assert response.url == f"/admin/stock-ledger/?variant={teapot.variant_id}"
    teapot.refresh_from_db()
    assert teapot.quantity == 4
    movement = StockMovement.objects.get(variant=teapot.variant)
    assert (movement.delta, movement.reason, movement.note, movement.created_by) == (
        -2,
        "adjustment",
        "2 broken in storage",
        fulfilment.user,
    )


@pytest.mark.parametrize(
    "data, field",
    [
        ({"delta": -7, "reason": "adjustment", "note": "too many"}, "delta"),  # below zero: the service refuses
        ({"delta": 0, "reason": "adjustment", "note": "nothing"}, "delta"),
        ({"delta": 1, "reason": "sale", "note": "not by hand"}, "reason"),
        ({"delta": 1, "reason": "import", "note": ""}, "note"),
        ({"delta": 1, "reason": "import", "note": "x" * 201}, "note"),
        ({"delta": "many", "reason": "import", "note": "typo"}, "delta"),
    ],
)
def test_a_refused_adjustment_changes_nothing_and_says_why(fulfilment, teapot, data, field):
    response = fulfilment.post(f"/admin/stock/adjust/{teapot.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Stock.objects.get(pk=teapot.pk).quantity == 6
    assert not StockMovement.objects.exists()


def test_the_ledger_filters_to_one_product(fulfilment, teapot):
    other = stocked_product(name="Green Kettle")
    StockMovement.objects.create(variant=teapot.variant, delta=6, quantity_after=6, reason="import", note="first")
    StockMovement.objects.create(
        variant=other.variants.get(), delta=3, quantity_after=3, reason="import", note="second"
    )
    page = fulfilment.get("/admin/stock-ledger/", {"variant": teapot.variant_id}).content.decode()
    assert "first" in page and "second" not in page
    assert fulfilment.get("/admin/stock-ledger/", {"product": "nonsense"}).status_code == 200


def test_an_editor_gets_no_stock_pages(editor, teapot):
    for url in (
        "/admin/stock/",
        "/admin/low-stock/",
        f"/admin/stock/edit/{teapot.pk}/",
        f"/admin/stock/adjust/{teapot.pk}/",
        "/admin/stock-ledger/",
    ):
        assert editor.get(url).status_code in (302, 403), url
    editor.post(f"/admin/stock/adjust/{teapot.pk}/", {"delta": 5, "reason": "adjustment", "note": "sneaky"})
    editor.post(f"/admin/stock/edit/{teapot.pk}/", {"quantity": 50, "low_stock_threshold": 2})
    assert Stock.objects.get(pk=teapot.pk).quantity == 6
    assert not StockMovement.objects.exists()
