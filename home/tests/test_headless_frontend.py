"""A frontend on another origin (the Next.js app, CORS_ALLOWED_ORIGINS) can call /api/v1/ and /api/v2/ from the
browser with the headers the contract uses, and the admin's preview sends editors to its /preview/ route
(HEADLESS_PREVIEW_URL) with a token that /api/v2/page_preview/ answers."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

FRONTEND = "http://localhost:3000"
CONTRACT_HEADERS = ["content-type", "authorization", "idempotency-key", "x-order-token", "x-cart-id"]


@pytest.fixture
def frontend_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]


def preflight(client, path, origin=FRONTEND, method="POST"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=",".join(CONTRACT_HEADERS),
    )


@pytest.mark.parametrize(
    ("path", "method"),
    [("/api/v1/orders/", "POST"), ("/api/v1/carts/", "POST"), ("/api/v1/auth/me/", "GET"), ("/api/v2/pages/", "GET")],
)
def test_a_preflight_from_the_frontend_allows_the_contracts_headers(client, frontend_origin, path, method):
    response = preflight(client, path, method=method)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    allowed = {header.strip() for header in response["Access-Control-Allow-Headers"].split(",")}
    assert set(CONTRACT_HEADERS) <= allowed
    assert method in response["Access-Control-Allow-Methods"]


def test_another_origin_is_not_allowed(client, frontend_origin):
    response = preflight(client, "/api/v1/carts/", origin="https://evil.example")

    assert "Access-Control-Allow-Origin" not in response


def test_cached_answers_carry_the_callers_cors_headers(client, frontend_origin, home_page):
    """The response cache answers before the views: a read cached for the frontend carries no CORS grant to
    another origin, and a read cached without an Origin still grants the frontend."""
    ProductFactory()
    for path in ("/api/v1/products/", f"/api/v2/pages/{home_page.pk}/", "/api/v1/cms/navigation/"):
        plain = client.get(path)
        first = client.get(path, HTTP_ORIGIN=FRONTEND)
        evil = client.get(path, HTTP_ORIGIN="https://evil.example")
        again = client.get(path, HTTP_ORIGIN=FRONTEND)

        assert plain.status_code == first.status_code == evil.status_code == again.status_code == 200, path
        assert "Access-Control-Allow-Origin" not in plain and "Access-Control-Allow-Origin" not in evil, path
        assert first["Access-Control-Allow-Origin"] == again["Access-Control-Allow-Origin"] == FRONTEND, path
        assert "origin" in again["Vary"].lower(), path


def test_the_admins_preview_goes_to_the_frontends_preview_route(client, api_client, staff_user, home_page, settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": f"{FRONTEND}/preview"},  # as HEADLESS_PREVIEW_URL sets it
    }
    client.force_login(staff_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk])
    form = nested_form_data(
        {
            "title": "Home",
            "slug": home_page.slug,
            "body": streamfield([("rich_text", rich_text("<p>Draft for the frontend</p>"))]),
            "comments": inline_formset([]),
        }
    )
    assert client.post(url, form).json() == {"is_valid": True, "is_available": True}

    response = client.get(url)

    assert response.status_code == 302  # REDIRECT_ON_PREVIEW: the admin's preview panel follows it
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{FRONTEND}/preview/"
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert set(query) == {"content_type", "token"} and query["content_type"] == "home.homepage"
    draft = api_client.get("/api/v2/page_preview/", query, HTTP_ORIGIN=FRONTEND)
    assert draft.status_code == 200
    assert "Draft for the frontend" in draft.json()["body"][0]["value"]
