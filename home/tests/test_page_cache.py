"""The shop's most visited pages (/, /products/, /categories/<slug>/) come whole from the response cache for
visitors without cookies; anyone with a cart, a message or a session gets them rendered, and a page with a
CSRF form (the product page) is never stored."""

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


def test_a_page_with_a_csrf_form_is_never_stored(client, shop, django_assert_max_num_queries):
    assert b"csrfmiddlewaretoken" in client.get("/products/runner/").content
    fresh = Client()  # another visitor, also without cookies
    response = fresh.get("/products/runner/")
    assert response.status_code == 200
    assert "ETag" not in response  # rendered, not a cached answer
    # Its token belongs to this visitor's own CSRF cookie.
    assert response.cookies.get("csrftoken")


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


def test_a_page_holding_a_csrf_token_is_refused_even_without_a_set_cookie():
    """Django re-sends the CSRF cookie with every form it renders (the Set-Cookie alone keeps such pages out);
    the token check holds should that ever change, e.g. with CSRF_USE_SESSIONS."""
    from django.http import HttpResponse

    from catalog.cache import OtherReads, _storable

    pages = OtherReads(version=lambda: 1, pages=True)
    form = HttpResponse(b'<form><input name="csrfmiddlewaretoken" value="t"></form>')
    assert not form.cookies
    assert not _storable(form, pages)
    assert _storable(HttpResponse(b"<p>no form</p>"), pages)
