"""Snippet drafts previewed on a separate frontend: the admin's preview of a banner or the navigation redirects to the
frontend's /preview/ with a token, /api/v2/snippet_preview/ answers the draft in its /api/v1/cms/ shape (the live
snippet unchanged), and with the default client (this site's /preview/) the admin keeps rendering the template."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.tests.factories import BannerFactory, ImageFactory, link, make_navigation
from storefront.tests.openapi import assert_matches

pytestmark = pytest.mark.django_db

FRONTEND = "http://localhost:3000"


@pytest.fixture
def editor(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def headless(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": f"{FRONTEND}/preview/"},
    }


def banner_form(banner, **changes):
    return {
        "title": banner.title,
        "subtitle": banner.subtitle,
        "image": banner.image_id or "",
        "link_url": banner.link_url,
        "position": banner.position,
        "sort_order": banner.sort_order,
        **changes,
    }


def admin_preview(editor, url, form) -> dict:
    assert editor.post(url, form).json() == {"is_valid": True, "is_available": True}
    response = editor.get(url)
    assert response.status_code == 302, response.content[:300]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{FRONTEND}/preview/"
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def test_a_banner_draft_is_previewed_on_the_frontend(editor, api_client, headless):
    banner = BannerFactory(title="Live title", image=ImageFactory())
    url = reverse("wagtailsnippets_home_banner:preview_on_edit", args=[banner.pk])

    query = admin_preview(editor, url, banner_form(banner, title="Draft title"))

    assert query["content_type"] == "home.banner"
    response = api_client.get("/api/v2/snippet_preview/", query)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["type"] == "banner"
    assert (data["value"]["id"], data["value"]["title"]) == (banner.pk, "Draft title")
    assert data["value"]["image"]["url"].startswith("http://testserver/media/")
    assert_matches(data, "/api/v2/snippet_preview/")
    # Previewing saved nothing: the live banner is as it was.
    assert [b["title"] for b in api_client.get("/api/v1/cms/banners/").json()["results"]] == ["Live title"]
    # Our own /preview/ route renders the same token with the snippet's preview template.
    assert "Draft title" in Client().get("/preview/", query).content.decode()


def test_a_navigation_draft_is_previewed_on_the_frontend(editor, api_client, headless):
    menu = make_navigation([(link("Shop", url="/products/"), [])])
    item = {"label": "Sale", "page": "", "category": "", "url": "/sale/", "children": {"count": "0"}}
    form = nested_form_data({"name": "Main", "items": streamfield([("item", item)])})

    query = admin_preview(editor, reverse("wagtailsnippets_home_navigationmenu:preview_on_edit", args=[menu.pk]), form)

    data = api_client.get("/api/v2/snippet_preview/", query).json()
    assert data == {"type": "navigation", "value": {"items": [{"label": "Sale", "url": "/sale/", "children": []}]}}
    assert_matches(data, "/api/v2/snippet_preview/")
    assert api_client.get("/api/v1/cms/navigation/").json()["items"][0]["label"] == "Shop"


def test_a_new_banner_can_be_previewed(editor, api_client, headless):
    url = reverse("wagtailsnippets_home_banner:preview_on_add")
    form = {"title": "Brand new", "subtitle": "", "link_url": "/new/", "position": "sidebar", "sort_order": 0}

    query = admin_preview(editor, url, form)

    data = api_client.get("/api/v2/snippet_preview/", query).json()
    assert (data["value"]["id"], data["value"]["title"], data["value"]["image"]) == (None, "Brand new", None)


def test_with_the_default_client_the_admin_renders_the_template(editor):
    banner = BannerFactory(title="Live title")
    url = reverse("wagtailsnippets_home_banner:preview_on_edit", args=[banner.pk])
    editor.post(url, banner_form(banner, title="Draft title"))

    response = editor.get(url)

    assert response.status_code == 200 and "Draft title" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "attr"),
    [
        ({"token": "x"}, 400, "content_type"),
        ({"content_type": "home.banner"}, 400, "token"),
        ({"content_type": "home.banner", "token": "home.banner:1:forged"}, 404, "token"),
        ({"content_type": "home.homepage", "token": "x"}, 404, "content_type"),
        ({"content_type": "catalog.product", "token": "x"}, 404, "content_type"),
        ({"content_type": "nonsense", "token": "x"}, 404, "content_type"),
    ],
)
def test_bad_input(api_client, db, query, status, attr):
    response = api_client.get("/api/v2/snippet_preview/", query)

    assert response.status_code == status
    assert response.json()["errors"][0]["attr"] == attr
    assert_matches(response.json(), "/api/v2/snippet_preview/", status)
