"""Property: whatever a client sends (any query values, any JSON body), the API answers in the contract's
shape and never with a 5xx. Hypothesis drives it here; .ci/run also runs schemathesis against a served instance."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from catalog.tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is reproducible, not a flake
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Random text, plus the values that broke things before: NUL bytes, numbers past every column's range.
NASTY = ["\x00", "a\x00b", "-1", "0", "99999999999999999999", "1e309", "NaN", "-0.001", "' OR 1=1 --", "%00", "../"]
any_text = st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(codec=None), max_size=40))
# In JSON bodies lone surrogates too (query strings cannot carry them: they are not UTF-8).
any_json_text = st.one_of(any_text, st.sampled_from(["\ud800", "x\udfffx"]))
any_number = st.one_of(st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True))
scalar = st.one_of(st.none(), st.booleans(), any_number, any_json_text)
json_value = st.recursive(
    scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_json_text, inner, max_size=4), max_leaves=12
)

LIST_PARAMS = {
    "/api/v1/products/": [
        "search",
        "category",
        "brand",
        "min_price",
        "max_price",
        "in_stock",
        "on_sale",
        "ordering",
        "page",
        "page_size",
    ],
    "/api/v1/categories/": ["page", "page_size", "parent"],
    "/api/v1/brands/": ["page", "page_size"],
    "/api/v1/orders/": ["page", "page_size", "status", "email"],
    "/api/v2/pages/": ["search", "type", "fields", "limit", "offset", "order", "child_of"],
}
WRITES = ["/api/v1/carts/", "/api/v1/orders/", "/api/v1/auth/token/", "/api/v1/auth/register/", "/api/v1/products/"]


def assert_contract_answer(response):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        assert "errors" in body or "message" in body, body  # DRF's shape, or Wagtail v2's {"message": ...}


@pytest.fixture
def staff_client(db):
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def catalog(db):
    category = CategoryFactory(slug="lamps")
    return [ProductFactory(category=category, in_stock=True) for _ in range(2)]


@pytest.mark.parametrize("path", list(LIST_PARAMS))
def test_any_query_values_on_a_list_are_never_a_server_error(staff_client, catalog, path):
    params = st.dictionaries(st.sampled_from(LIST_PARAMS[path]), any_text, max_size=4)

    @FUZZ
    @given(query=params)
    def check(query):
        assert_contract_answer(staff_client.get(path, query))

    check()


@pytest.mark.parametrize("path", WRITES)
def test_any_json_body_is_never_a_server_error(staff_client, catalog, path):
    @FUZZ
    @given(body=json_value)
    def check(body):
        # ensure_ascii escapes lone surrogates as \\udXXX, so the parser (not the encoder) meets them.
        data = json.dumps(body, ensure_ascii=True, allow_nan=True)
        assert_contract_answer(staff_client.post(path, data=data, content_type="application/json"))

    check()


def test_any_product_attributes_are_never_a_server_error(staff_client, catalog):
    """A staff write that passes every other check: attributes are free-form JSON stored in a JSONB column."""
    sku = st.text(alphabet="ABCDEFGHJK0123456789", min_size=6, max_size=12)
    body = st.fixed_dictionaries(
        {"name": st.just("Lamp"), "sku": sku, "price": st.just("10.00"), "category": st.just("lamps")},
        optional={"attributes": st.dictionaries(any_json_text, json_value, max_size=3), "stock": any_number},
    )

    @FUZZ
    @given(body=body)
    def check(body):
        data = json.dumps(body, ensure_ascii=True, allow_nan=True)
        assert_contract_answer(staff_client.post("/api/v1/products/", data=data, content_type="application/json"))

    check()
