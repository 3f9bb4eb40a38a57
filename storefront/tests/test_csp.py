"""Content-Security-Policy: enforced and strict on the shop's pages; Report-Only on the admins and Swagger UI,
which need inline scripts and styles."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from commerce.tests.factories import stocked_product
from home.tests.factories import make_home_page
from home.tests.test_preview import admin_preview

pytestmark = pytest.mark.django_db
ENFORCED = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_strict(header: str) -> None:
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["img-src"][:2] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


@pytest.fixture
def product():
    return stocked_product(quantity=3)


@pytest.mark.parametrize("path", ["/", "/products/", "product", "/cart/", "/search/?q=x", "/accounts/login/"])
def test_shop_pages_enforce_the_strict_policy(client, product, path):
    make_home_page()
    response = client.get(f"/products/{product.slug}/" if path == "product" else path)
    assert response.status_code == 200
    assert_strict(response[ENFORCED])
    assert REPORT_ONLY not in response  # the enforced header says it all


def test_the_checkout_page_enforces_it_too(client, product):
    client.post("/cart/add/", {"product": product.slug, "quantity": 1})
    response = client.get("/checkout/")
    assert response.status_code == 200
    assert_strict(response[ENFORCED])


def test_the_api_answers_carry_it(client, product):
    assert_strict(client.get(f"/api/v1/products/{product.slug}/")[ENFORCED])


@pytest.mark.parametrize("path", ["/admin/", "/admin/stock/", "/django-admin/", "/api/docs/"])
def test_admin_pages_are_report_only(client, staff_user, path):
    client.force_login(staff_user)
    response = client.get(path)
    assert response.status_code == 200
    assert ENFORCED not in response
    assert_strict(response[REPORT_ONLY])


def test_the_preview_may_be_framed_by_the_admin_and_nothing_else_may(client, staff_user):
    home_page = make_home_page()
    client.force_login(staff_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.id])
    form = nested_form_data(
        {
            "title": "Home",
            "slug": home_page.slug,
            "body": streamfield([("rich_text", rich_text("<p>Soon</p>"))]),
            "comments": inline_formset([]),
        }
    )
    response = client.get("/preview/", admin_preview(client, url, form))
    assert response.status_code == 200
    assert directives(response[ENFORCED])["frame-ancestors"] == ["'self'"]
    assert directives(client.get("/")[ENFORCED])["frame-ancestors"] == ["'none'"]


def test_the_settings_policy_is_built_once_and_is_django_csps(client, product):
    from csp.utils import build_policy

    from storefront.csp import settings_policy

    settings_policy.cache_clear()
    first = client.get("/cart/")[ENFORCED]
    assert first == build_policy() and settings_policy.cache_info().misses == 1
    assert client.get("/products/")[ENFORCED] == first
    assert settings_policy.cache_info().misses == 1  # built once for both answers


def test_a_settings_change_gives_the_new_policy(client, product, settings):
    assert "https://cdn.example.com" not in client.get("/cart/")[ENFORCED]
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "img-src": ["'self'", "https://cdn.example.com"]},
    }
    assert "img-src 'self' https://cdn.example.com" in client.get("/cart/")[ENFORCED]


def test_a_request_that_used_a_nonce_gets_it_in_its_header(rf, settings):
    from csp.constants import NONCE
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    from storefront.csp import CSPMiddleware

    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "script-src": ["'self'", NONCE]},
    }
    middleware = CSPMiddleware(lambda request: HttpResponse())
    used = rf.get("/cart/")
    middleware.process_request(used)
    nonce = str(used.csp_nonce)  # a template asked for it
    assert f"'nonce-{nonce}'" in middleware.process_response(used, HttpResponse())[ENFORCED]
    unused = rf.get("/cart/")
    middleware.process_request(unused)
    assert "nonce-" not in middleware.process_response(unused, HttpResponse())[ENFORCED]
    with pytest.raises(CSPNonceError):  # asked for after the header was written: never silently missing
        str(unused.csp_nonce)
