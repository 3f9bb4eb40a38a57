"""The shop's most visited pages (/, /products/, /categories/<slug>/) come whole from the response cache for
visitors without cookies; anyone with a cart, a message or a session gets them rendered. A page with a CSRF form
(the product page) is stored with a marker where the token goes, and each visitor gets a token of their own."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from catalog import services as catalog_services
from catalog.tests.factories import CategoryFactory
from commerce.tests.factories import stocked_product
from home.tests.factories import make_home_page, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    home = make_home_page(body=[("rich_text", "<p>Hello shoppers</p>")])
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    runner = stocked_product(name="Runner", slug="runner", price=Decimal("80.00"), category=shoes, quantity=5)
    return {"home": home, "runner": runner}


@pytest.mark.parametrize("path", ["/", "/products/", "/categories/shoes/", "/products/?ordering=price"])
def test_a_cookie_less_visit_is_answered_from_the_cache(client, shop, path, django_assert_num_queries):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    assert "Cookie" in second["Vary"]  # so no shared HTTP cache gives it to a signed-in visitor
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Content-Security-Policy" in second


def form_token(response) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1).decode()


def test_a_product_page_comes_from_the_cache_with_each_visitors_own_token(client, shop, django_assert_num_queries):
    first = client.get("/products/runner/")
    assert first.status_code == 200 and "ETag" not in first  # its form holds this visitor's token: no 304s
    visitor = Client(enforce_csrf_checks=True)  # another visitor, also without cookies
    with django_assert_num_queries(0):
        page = visitor.get("/products/runner/")
    assert page.status_code == 200 and b"Runner" in page.content
    assert b"{csrf-token}" not in page.content
    assert int(page["Content-Length"]) == len(page.content)
    assert form_token(page) != form_token(first)
    assert page.cookies["csrftoken"].value  # the secret their token is checked against
    # The token works: the visitor adds to the cart with the page's own form.
    added = visitor.post("/cart/add/", {"csrfmiddlewaretoken": form_token(page), "product": "runner", "quantity": 1})
    assert added.status_code == 302
    assert b"Runner" in visitor.get("/cart/").content


def test_a_visitor_with_a_csrf_cookie_keeps_it(shop):
    returning = Client(enforce_csrf_checks=True)
    returning.get("/products/runner/")  # fills the cache, and gives this visitor their cookie
    secret = returning.cookies["csrftoken"].value
    returning.cookies.pop("sessionid", None)
    page = returning.get("/products/runner/")  # from the cache: the token matches the cookie they hold
    assert returning.cookies["csrftoken"].value == secret
    added = returning.post("/cart/add/", {"csrfmiddlewaretoken": form_token(page), "product": "runner", "quantity": 1})
    assert added.status_code == 302


def test_a_stale_token_is_refused_as_for_a_rendered_page(shop):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/products/runner/")
    stranger = Client(enforce_csrf_checks=True)
    token = form_token(stranger.get("/products/runner/"))
    stranger_cookie = stranger.cookies["csrftoken"].value
    assert stranger_cookie != visitor.cookies["csrftoken"].value
    # Another visitor's token with this visitor's cookie: Django's CSRF check refuses it.
    assert (
        visitor.post("/cart/add/", {"csrfmiddlewaretoken": token, "product": "runner", "quantity": 1}).status_code
        == 403
    )


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_cookies_gets_the_page_rendered(client, shop, settings, cookie):
    client.get("/")
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME if cookie == "sessionid" else cookie] = "x"
    response = visitor.get("/")
    assert response.status_code == 200
    assert "ETag" not in response


def test_a_signed_in_editor_neither_reads_nor_fills_it(client, shop):
    editor = Client()
    editor.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "ETag" not in editor.get("/")
    response = client.get("/")  # anonymous: a miss, filled now, not by the editor's page (which has the userbar)
    assert b"wagtail-userbar" not in response.content
    assert "ETag" in client.get("/")


def test_publishing_the_home_page_shows_at_once(client, shop, on_commit):
    client.get("/")
    home = shop["home"]
    home.body = [("rich_text", "<p>Summer sale</p>")]
    on_commit(publish, home)
    assert b"Summer sale" in client.get("/").content


def test_a_price_change_shows_on_the_listing_at_once(client, shop, on_commit):
    assert b"80.00" in client.get("/products/").content
    on_commit(catalog_services.update_product, slug="runner", price=Decimal("70.00"))
    page = client.get("/products/").content
    assert b"70.00" in page and b"80.00" not in page


def test_other_paths_are_not_cached(client, shop):
    client.get("/search/?q=runner")
    assert "ETag" not in client.get("/search/?q=runner")


def test_a_page_showing_the_visitors_csrf_secret_is_not_stored(rf):
    """The marker replaces the tokens of forms; a page showing the secret itself anywhere else is not shared."""
    from catalog.cache import _page_template

    request = rf.get("/")
    request.META["CSRF_COOKIE"] = "s" * 32
    form = b'<form><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
    assert _page_template(request, form) == form.replace(b'value="t"', b'value="{csrf-token}"')
    assert _page_template(request, form + b"<script>var secret = '" + b"s" * 32 + b"'</script>") is None
