"""Hostile input is refused once, at the edge, in the contract's error shape: never a 500 from a view."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import override_settings
from rest_framework.test import APIClient

from catalog.tests.factories import CategoryFactory, ProductFactory
from commerce.tests.factories import StockFactory
from storefront.api.errors import StorefrontExceptionHandler
from storefront.api.parsers import MAX_DEPTH

pytestmark = pytest.mark.django_db


def assert_error(response, status, code, attr=None):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"type", "errors"}
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["attr"] == attr
    return body


NUL_URLS = [
    "/api/v1/orders/%00/",
    "/api/v1/products/?brand=%00",
    "/api/v1/products/?category=%00",
    "/api/v1/products/?search=a%00b",
    "/api/v1/products/%00/",
    "/api/v1/categories/%00/",
    "/api/v1/brands/?x%00=1",
    "/api/v1/orders/?email=%00",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v1/cms/banners/?position=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_an_api_url_is_a_400(api_client, user, url):
    api_client.force_authenticate(user)
    assert_error(api_client.get(url), 400, "null_characters_not_allowed")


def test_a_nul_byte_in_an_unsafe_api_call_is_a_400(api_client):
    assert_error(api_client.post("/api/v1/orders/%00/cancel/", {}, format="json"), 400, "null_characters_not_allowed")


@pytest.mark.parametrize("url", ["/orders/%00/", "/products/%00/", "/search/?q=%00", "/categories/a%00/"])
def test_a_nul_byte_in_a_page_url_is_a_plain_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.fixture
def merchandiser(db):
    from accounts.tests.factories import UserFactory

    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True, is_superuser=True))
    return client


def _product_body(**extra):
    category = CategoryFactory()
    return {"name": "Lamp", "sku": "LAMP-1", "price": "10.00", "category": category.slug, **extra}


@pytest.mark.parametrize("bad", ["b\x00", "\ud800", "ok\udfffok"])
def test_nul_or_lone_surrogate_in_a_json_body_is_a_400_naming_where(merchandiser, bad):
    body = json.dumps(_product_body(attributes={"colour": bad}))  # json escapes both as \\u....
    response = merchandiser.post("/api/v1/products/", data=body, content_type="application/json")
    assert_error(response, 400, "invalid_characters", attr="attributes.colour")


@pytest.mark.parametrize("key", ["col\x00our", "col\ud800our"])
def test_nul_or_lone_surrogate_in_a_json_key_is_a_400(merchandiser, key):
    body = json.dumps(_product_body(attributes={key: "red"}))
    response = merchandiser.post("/api/v1/products/", data=body, content_type="application/json")
    # The key is named with U+FFFD in its place: the error itself must be encodable.
    assert_error(response, 400, "invalid_characters", attr="attributes.col\ufffdour")


def test_a_clean_body_still_passes_the_parser(merchandiser):
    body = json.dumps(_product_body(attributes={"colour": "réd ✓"}))
    assert merchandiser.post("/api/v1/products/", data=body, content_type="application/json").status_code == 201


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
def test_deeply_nested_json_is_a_400(api_client, depth):
    response = api_client.post("/api/v1/carts/", data=_nested(depth), content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_json_within_the_depth_limit_is_parsed(api_client):
    response = api_client.post("/api/v1/carts/", data=_nested(MAX_DEPTH - 1), content_type="application/json")
    assert response.status_code == 201  # unknown fields are ignored


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_size_limit_is_a_413(api_client):
    body = json.dumps({"source": "x" * 2000})
    response = api_client.post("/api/v1/carts/", data=body, content_type="application/json")
    assert_error(response, 413, "request_too_large")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_page_form_over_the_size_limit_is_a_413(client):
    response = client.post("/cart/", data="a=" + "x" * 2000, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_too_big_while_reading_is_a_413_too():
    # A body that outgrows the limit while being read (no declared length) surfaces inside DRF as this exception.
    response = StorefrontExceptionHandler(RequestDataTooBig("too big"), {"view": None, "request": None}).run()
    assert response.status_code == 413
    assert response.data["errors"][0]["code"] == "request_too_large"


def test_an_overlong_url_is_a_414(api_client):
    assert_error(api_client.get("/api/v1/products/?search=" + "a" * 5000), 414, "uri_too_long")


def test_multipart_bodies_are_not_accepted(merchandiser):
    response = merchandiser.post("/api/v1/products/", data={"name": "x"}, format="multipart")
    assert_error(response, 415, "unsupported_media_type")


def test_options_on_stock_adjust_describes_the_endpoint(merchandiser):
    stock = StockFactory(product=ProductFactory())
    response = merchandiser.options(f"/api/v1/stock/{stock.variant.product.slug}/adjust/")
    assert response.status_code == 200
    assert response.json()["parses"] == ["application/json"]


def test_options_on_a_csv_report_answers_json(merchandiser):
    response = merchandiser.options("/api/v1/reports/sales/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["renders"] == ["application/json", "text/csv"]
