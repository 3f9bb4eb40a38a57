"""Cart services: access and ownership, stock checks, repricing on read, the merge at sign-in."""

import logging
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from catalog.models import Product
from commerce.models import Cart, CartItem, Stock
from commerce.selectors import carts_with_items, price_cart
from commerce.services.carts import (
    CART_SESSION_KEY,
    add_to_cart,
    apply_coupon,
    create_cart,
    get_cart,
    merge_guest_cart,
    remove_cart_item,
    remove_coupon,
    update_cart_item,
)
from commerce.tests.factories import stocked_product
from storefront.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


def lines(cart) -> dict[str, int]:
    return dict(CartItem.objects.filter(cart=cart).values_list("variant__product__slug", "quantity"))


def test_adding_the_same_product_again_adds_to_its_line():
    product = stocked_product(quantity=5)
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=2)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=3)
    assert lines(cart) == {product.slug: 5}


def test_adding_more_than_available_is_out_of_stock_and_changes_nothing():
    product = stocked_product(quantity=3, sku="SKU-LAST3")
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=2)
    with pytest.raises(Conflict) as excinfo:
        add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=2)
    assert (excinfo.value.code, excinfo.value.attr) == ("out_of_stock", "quantity")
    assert "Only 3 left of SKU-LAST3" in excinfo.value.detail
    assert lines(cart) == {product.slug: 2}


@pytest.mark.parametrize("hide", ["deleted", "inactive", "unknown"])
def test_a_product_that_is_not_for_sale_cannot_be_added(hide):
    product = stocked_product()
    if hide == "deleted":
        Product.objects.filter(id=product.id).update(deleted_at=timezone.now())
    elif hide == "inactive":
        Product.objects.filter(id=product.id).update(is_active=False)
    cart = create_cart(user=ANON)
    with pytest.raises(NotFound) as excinfo:
        add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug if hide != "unknown" else "nope", quantity=1)
    assert excinfo.value.attr == "product"
    assert lines(cart) == {}


def test_quantity_below_one_is_invalid():
    cart = create_cart(user=ANON)
    with pytest.raises(InvalidInput):
        add_to_cart(cart_id=cart.id, user=ANON, product_slug=stocked_product().slug, quantity=0)


def test_update_to_zero_removes_the_line_and_lowering_is_allowed_beyond_stock():
    product = stocked_product(quantity=5)
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=5)
    item = CartItem.objects.get(cart=cart)
    Stock.objects.filter(variant__product=product).update(quantity=2)
    update_cart_item(cart_id=cart.id, user=ANON, item_id=item.id, quantity=4)  # lowering: fine
    with pytest.raises(Conflict):
        update_cart_item(cart_id=cart.id, user=ANON, item_id=item.id, quantity=5)
    assert lines(cart) == {product.slug: 4}
    update_cart_item(cart_id=cart.id, user=ANON, item_id=item.id, quantity=0)
    assert lines(cart) == {}


def test_items_of_another_cart_are_not_found():
    product = stocked_product()
    mine, theirs = create_cart(user=ANON), create_cart(user=ANON)
    add_to_cart(cart_id=theirs.id, user=ANON, product_slug=product.slug, quantity=1)
    item = CartItem.objects.get(cart=theirs)
    with pytest.raises(NotFound):
        update_cart_item(cart_id=mine.id, user=ANON, item_id=item.id, quantity=2)
    with pytest.raises(NotFound):
        remove_cart_item(cart_id=mine.id, user=ANON, item_id=item.id)
    assert lines(theirs) == {product.slug: 1}


def test_a_checked_out_cart_is_read_only():
    product = stocked_product()
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=1)
    Cart.objects.filter(pk=cart.pk).update(status=Cart.Status.CHECKED_OUT)
    item = CartItem.objects.get(cart=cart)
    for call in (
        lambda: add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=1),
        lambda: update_cart_item(cart_id=cart.id, user=ANON, item_id=item.id, quantity=2),
        lambda: remove_cart_item(cart_id=cart.id, user=ANON, item_id=item.id),
        lambda: remove_coupon(cart_id=cart.id, user=ANON),
    ):
        with pytest.raises(Conflict) as excinfo:
            call()
        assert excinfo.value.code == "cart_checked_out"
    assert get_cart(cart_id=cart.id, user=ANON) == cart  # still readable
    assert lines(cart) == {product.slug: 1}


def test_an_anonymous_cart_becomes_the_first_signed_in_users_and_is_hidden_from_everyone_else():
    alice, bob = UserFactory(), UserFactory()
    cart = create_cart(user=ANON)
    assert get_cart(cart_id=cart.id, user=alice).user == alice
    with pytest.raises(NotFound):
        get_cart(cart_id=cart.id, user=bob)
    with pytest.raises(NotFound):
        get_cart(cart_id=cart.id, user=ANON)
    with pytest.raises(NotFound):
        add_to_cart(cart_id=cart.id, user=bob, product_slug=stocked_product().slug, quantity=1)


def test_unknown_cart_is_not_found():
    import uuid

    with pytest.raises(NotFound):
        get_cart(cart_id=uuid.uuid4(), user=ANON)


def test_coupons_are_invalid_until_promotions_exist():
    cart = create_cart(user=ANON)
    with pytest.raises(InvalidInput) as excinfo:
        apply_coupon(cart_id=cart.id, user=ANON, code="SAVE10")
    assert (excinfo.value.code, excinfo.value.attr) == ("invalid_coupon", "code")
    assert Cart.objects.get(pk=cart.pk).coupon_code is None


def test_prices_are_recomputed_on_every_read():
    product = stocked_product(price=Decimal("10.00"))
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=product.slug, quantity=3)
    Product.objects.filter(id=product.id).update(price=Decimal("12.50"))
    priced = price_cart(carts_with_items().get(pk=cart.pk))
    assert [(line.unit_price, line.line_total) for line in priced.lines] == [(Decimal("12.50"), Decimal("37.50"))]
    assert (priced.subtotal, priced.discount_total, priced.total, priced.item_count) == (
        Decimal("37.50"),
        Decimal("0.00"),
        Decimal("37.50"),
        3,
    )


def test_lines_of_products_no_longer_for_sale_are_left_out_of_the_cart():
    kept, gone = stocked_product(price=Decimal("5.00")), stocked_product(price=Decimal("7.00"))
    cart = create_cart(user=ANON)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=kept.slug, quantity=1)
    add_to_cart(cart_id=cart.id, user=ANON, product_slug=gone.slug, quantity=1)
    Product.objects.filter(id=gone.id).update(deleted_at=timezone.now())
    priced = price_cart(carts_with_items().get(pk=cart.pk))
    assert [line.item.variant.product_id for line in priced.lines] == [kept.id]
    assert priced.total == Decimal("5.00")


# --- merge at sign-in ---------------------------------------------------------------------------------


def test_guest_cart_merges_into_the_users_open_cart_capped_at_stock():
    user = UserFactory()
    shared, only_guest = stocked_product(quantity=4), stocked_product(quantity=9)
    mine = create_cart(user=user)
    add_to_cart(cart_id=mine.id, user=user, product_slug=shared.slug, quantity=3)
    guest = create_cart(user=ANON)
    add_to_cart(cart_id=guest.id, user=ANON, product_slug=shared.slug, quantity=2)
    add_to_cart(cart_id=guest.id, user=ANON, product_slug=only_guest.slug, quantity=2)

    assert merge_guest_cart(guest_cart_id=guest.id, user=user) == mine
    assert lines(mine) == {shared.slug: 4, only_guest.slug: 2}
    guest.refresh_from_db()
    assert (guest.status, guest.merged_into, guest.user) == ("merged", mine, user)
    # The guest's old id now answers with the user's cart, for the user only.
    assert get_cart(cart_id=guest.id, user=user) == mine
    with pytest.raises(NotFound):
        get_cart(cart_id=guest.id, user=ANON)


def test_a_user_without_an_open_cart_takes_the_guest_cart_over():
    user = UserFactory()
    guest = create_cart(user=ANON)
    assert merge_guest_cart(guest_cart_id=guest.id, user=user) == guest
    guest.refresh_from_db()
    assert (guest.user, guest.status) == (user, "open")


@pytest.mark.parametrize("case", ["someone_elses", "checked_out", "garbage", "unknown"])
def test_merge_ignores_what_it_must_not_touch(case):
    user, other = UserFactory(), UserFactory()
    cart = create_cart(user=other if case == "someone_elses" else ANON)
    if case == "checked_out":
        Cart.objects.filter(pk=cart.pk).update(status=Cart.Status.CHECKED_OUT)
    cart_id = {"garbage": "not-a-uuid", "unknown": "00000000-0000-0000-0000-000000000000"}.get(case, cart.id)
    assert merge_guest_cart(guest_cart_id=cart_id, user=user) is None
    cart.refresh_from_db()
    assert cart.user_id == (other.id if case == "someone_elses" else None)


def test_session_sign_in_merges_the_guest_cart_from_the_session():
    user = UserFactory()
    mine = create_cart(user=user)
    guest = create_cart(user=ANON)
    add_to_cart(cart_id=guest.id, user=ANON, product_slug=stocked_product().slug, quantity=1)
    request = SimpleNamespace(session={CART_SESSION_KEY: str(guest.id)})
    user_logged_in.send(sender=type(user), request=request, user=user)
    assert CartItem.objects.filter(cart=mine).count() == 1
    assert request.session[CART_SESSION_KEY] == str(mine.id)


@pytest.mark.parametrize("sign_in", ["session", "token"])
def test_a_failing_merge_never_fails_the_sign_in(sign_in, monkeypatch, caplog):
    from commerce import receivers

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(receivers, "merge_guest_cart", explode)
    user = UserFactory()
    guest = create_cart(user=ANON)
    if sign_in == "session":
        client = Client()
        session = client.session
        session[CART_SESSION_KEY] = str(guest.id)
        session.save()
        response = client.post("/accounts/login/", {"username": user.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 302 and client.session[SESSION_KEY] == str(user.pk)
    else:
        response = APIClient().post(
            "/api/v1/auth/token/", {"email": user.email, "password": DEFAULT_PASSWORD, "cart": str(guest.id)}
        )
        assert response.status_code == 200 and set(response.json()) == {"access", "refresh"}

    failures = [r for r in caplog.records if r.name == "commerce.receivers" and r.levelno == logging.ERROR]
    assert [(r.getMessage(), r.cart_id, str(r.exc_info[1])) for r in failures] == [
        ("guest cart merge failed", str(guest.id), "boom")
    ]
    assert Cart.objects.get(pk=guest.pk).user_id is None
