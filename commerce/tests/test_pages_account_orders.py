"""/accounts/orders/ and /accounts/orders/<number>/: the signed-in shopper's own orders only."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from accounts.tests.factories import UserFactory
from accounts.tests.pages import place_order_for
from commerce import views

URL = "/accounts/orders/"

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in (URL, f"{URL}SO-1/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_history_lists_the_users_orders_newest_first_and_links_them(client, user):
    first = place_order_for(user)
    second = place_order_for(user, quantity=2)
    place_order_for(UserFactory())  # someone else's
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Your orders"
    links = [a["href"] for a in soup.select(".order-table tbody a")]
    assert links == [f"{URL}{second.number}/", f"{URL}{first.number}/"]
    assert soup.find("th", scope="col")
    assert f"{second.total} {second.currency}" in soup.get_text()


def test_staff_who_may_read_every_order_still_see_only_their_own_here(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_order"))
    theirs = place_order_for(UserFactory())
    mine = place_order_for(staff)
    client.force_login(staff)

    soup = BeautifulSoup(client.get(URL).content, "html.parser")

    assert [a.get_text() for a in soup.select(".order-table tbody a")] == [mine.number]
    assert client.get(f"{URL}{theirs.number}/").status_code == 404


def test_an_empty_history_says_so(client, user):
    client.force_login(user)

    assert "You have not placed an order yet" in client.get(URL).content.decode()


def test_the_history_is_paginated(client, user, monkeypatch):
    monkeypatch.setattr(views, "ORDERS_PER_PAGE", 2)
    orders = [place_order_for(user) for _ in range(3)]
    client.force_login(user)

    page1 = BeautifulSoup(client.get(URL).content, "html.parser")
    page2 = BeautifulSoup(client.get(URL, {"page": 2}).content, "html.parser")
    beyond = BeautifulSoup(client.get(URL, {"page": "999"}).content, "html.parser")

    assert len(page1.select(".order-table tbody tr")) == 2
    assert page1.find("a", rel="next")["href"] == "?page=2"
    assert [a.get_text() for a in page2.select(".order-table tbody a")] == [orders[0].number]
    assert [a.get_text() for a in beyond.select(".order-table tbody a")] == [orders[0].number]  # the last page
    assert client.get(URL, {"page": "x"}).status_code == 200


def test_the_history_costs_the_same_queries_for_one_or_many_orders(client, user, django_assert_max_num_queries):
    place_order_for(user)
    client.force_login(user)
    client.get(URL)  # warm: the first page of a process also loads the site's navigation and settings
    with django_assert_max_num_queries(50) as one:
        client.get(URL)
    for _ in range(5):
        place_order_for(user, quantity=2)
    with django_assert_max_num_queries(len(one.captured_queries)) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_detail_shows_the_users_order_escaped(client, user):
    order = place_order_for(user)
    order.shipping_address = {**order.shipping_address, "name": "<script>alert(1)</script>"}
    order.save(update_fields=["shipping_address"])
    client.force_login(user)

    response = client.get(f"{URL}{order.number}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Order {order.number}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert BeautifulSoup(html, "html.parser").find("a", href=URL)


def test_another_users_order_and_an_unknown_one_are_404(client, user):
    theirs = place_order_for(UserFactory())
    client.force_login(user)

    assert client.get(f"{URL}{theirs.number}/").status_code == 404
    assert client.get(f"{URL}NO-SUCH-ORDER/").status_code == 404


def test_a_guest_order_is_not_in_anyones_history(client, user):
    from django.contrib.auth.models import AnonymousUser

    from accounts.tests.pages import ADDRESS
    from commerce.services.carts import add_to_cart, create_cart
    from commerce.services.orders import place_order
    from commerce.tests.factories import stocked_product

    product = stocked_product()
    cart = create_cart(user=AnonymousUser())
    add_to_cart(cart_id=cart.pk, user=AnonymousUser(), product_slug=product.slug, quantity=1)
    guest = place_order(cart_id=cart.pk, email=user.email, shipping_address=ADDRESS, user=AnonymousUser()).order
    client.force_login(user)

    assert guest.number not in client.get(URL).content.decode()
    assert client.get(f"{URL}{guest.number}/").status_code == 404
