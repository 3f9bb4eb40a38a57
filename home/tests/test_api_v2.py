"""Wagtail API v2: the home page and content pages with their StreamField bodies resolved."""

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from home.tests.factories import BannerFactory, GuaranteeFactory, ImageFactory, make_content_page, make_home_page

pytestmark = pytest.mark.django_db


def find(api_client, html_path):
    """GET pages/find/, which redirects to the page's detail URL (absolute, on the request's host)."""
    response = api_client.get("/api/v2/pages/find/", {"html_path": html_path})
    if response.status_code != 302:
        return response
    location = urlsplit(response["Location"])
    assert location.path.startswith("/api/v2/pages/")
    return api_client.get(f"{location.path}?{location.query}")


def hero(image=None, heading="Hello", cta_page=None):
    return (
        "hero",
        {
            "image": image,
            "heading": heading,
            "text": "Welcome",
            "cta_label": "Shop",
            "cta_link": "/products/",
            "cta_page": cta_page,
        },
    )


def test_find_home_page_by_path_returns_its_body(api_client):
    image = ImageFactory(title="Hero")
    BannerFactory(title="Top banner", position="home_top")
    GuaranteeFactory(title="Free shipping", description="Over $50", icon="truck")
    home = make_home_page(
        body=[
            hero(image),
            ("banner_slot", {"position": "home_top"}),
            ("guarantees", {"heading": "Why us"}),
            ("rich_text", RichText("<p>Made to last</p>")),
        ],
        search_description="The best shop",
    )

    response = find(api_client, "/")

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == home.id
    assert data["meta"]["type"] == "home.HomePage"
    assert data["meta"]["search_description"] == "The best shop"
    blocks = {block["type"]: block["value"] for block in data["body"]}
    hero_image = blocks["hero"].pop("image")
    assert blocks["hero"] == {"heading": "Hello", "text": "Welcome", "cta": {"label": "Shop", "url": "/products/"}}
    assert ".fill-1600x640" in hero_image["url"] and hero_image["alt"] == "Hero"
    assert set(hero_image) == {"url", "width", "height", "alt"}
    assert blocks["banner_slot"]["position"] == "home_top"
    assert [b["title"] for b in blocks["banner_slot"]["banners"]] == ["Top banner"]
    assert blocks["guarantees"] == {
        "heading": "Why us",
        "items": [{"title": "Free shipping", "description": "Over $50", "icon": "truck"}],
    }
    assert blocks["rich_text"] == "<p>Made to last</p>"


def test_content_page_api_fields(api_client):
    home = make_home_page()
    page = make_content_page(
        home, title="Shipping", slug="shipping", intro="How it ships", body=[("rich_text", RichText("<p>Fast</p>"))]
    )

    response = find(api_client, "/shipping/")

    data = response.json()
    assert data["id"] == page.id
    assert data["title"] == "Shipping"
    assert data["intro"] == "How it ships"
    assert data["body"][0]["type"] == "rich_text" and data["body"][0]["value"] == "<p>Fast</p>"
    assert data["meta"]["html_url"].endswith("/shipping/")


def test_listing_by_type_exposes_api_fields(api_client):
    home = make_home_page()
    make_content_page(home, title="About", slug="about", intro="Us")

    response = api_client.get("/api/v2/pages/", {"type": "home.ContentPage", "fields": "intro"})

    assert response.status_code == 200
    assert [(item["title"], item["intro"]) for item in response.json()["items"]] == [("About", "Us")]


def test_hero_cta_to_an_unpublished_page_is_dropped(api_client):
    home = make_home_page()
    draft = make_content_page(home, title="Soon", slug="soon")
    draft.unpublish()
    home.body = [hero(cta_page=draft)]
    home.body[0].value["cta_link"] = ""
    home.save_revision().publish()

    data = api_client.get(f"/api/v2/pages/{home.id}/").json()

    assert data["body"][0]["value"]["cta"] is None


def test_unknown_path_is_a_404(api_client):
    make_home_page()

    response = find(api_client, "/nope/")

    assert response.status_code == 404


def _home_api_queries(api_client, home, heroes):
    images = [ImageFactory() for _ in range(heroes)]
    home.body = [hero(image, heading=f"Hero {n}") for n, image in enumerate(images)] + [
        ("banner_slot", {"position": "home_top"}),
        ("guarantees", {"heading": ""}),
    ]
    home.save_revision().publish()
    url = f"/api/v2/pages/{home.id}/"
    api_client.get(url)  # renditions and cached read models are built once
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(url)
    assert response.status_code == 200
    assert len(response.json()["body"]) == heroes + 2
    return len(queries)


def test_home_page_api_query_count_does_not_grow_with_content(api_client):
    home = make_home_page()
    for _ in range(5):
        BannerFactory(position="home_top", image=ImageFactory())
        GuaranteeFactory()

    one = _home_api_queries(api_client, home, heroes=1)
    many = _home_api_queries(api_client, home, heroes=6)

    assert many == one
    # Wagtail's own lookups (view restrictions, site, page, specific page) plus one for images, one for renditions.
    assert one <= 6


def _catalog_summaries(api_client, slugs):
    """The catalog API's own summaries of these products (the reference the blocks must match)."""
    results = api_client.get("/api/v1/products/", {"page_size": 100}).json()["results"]
    by_slug = {summary["slug"]: summary for summary in results}
    return [by_slug[slug] for slug in slugs]


def test_featured_products_and_categories_resolve_to_catalog_summaries(api_client):
    from catalog.tests.factories import CategoryFactory, ProductFactory, ProductImageFactory

    shoes = CategoryFactory(name="Shoes", slug="shoes")
    CategoryFactory(name="Boots", slug="boots", parent=shoes)
    runner, cap = ProductFactory(name="Runner", category=shoes), ProductFactory(name="Cap")
    ProductImageFactory(product=runner)
    hidden = ProductFactory(name="Hidden", is_active=False)
    home = make_home_page(
        body=[
            ("featured_products", {"heading": "Picks", "products": [cap, hidden, runner]}),
            ("featured_categories", {"heading": "Browse", "categories": [shoes]}),
        ]
    )

    data = api_client.get(f"/api/v2/pages/{home.id}/").json()

    featured, categories = data["body"][0]["value"], data["body"][1]["value"]
    assert featured["heading"] == "Picks"
    assert featured["products"] == _catalog_summaries(api_client, [cap.slug, runner.slug])  # chosen order, hidden out
    assert featured["products"][1]["image"]["url"].startswith("http://testserver/media/images/")
    catalog_shoes = api_client.get("/api/v1/categories/shoes/").json()
    assert categories == {
        "heading": "Browse",
        "categories": [{key: catalog_shoes[key] for key in ("slug", "name", "parent", "description", "product_count")}],
    }


def test_featured_products_query_count_does_not_grow_with_products(api_client):
    from catalog.tests.factories import ProductFactory, ProductImageFactory

    products = [ProductFactory() for _ in range(12)]
    for product in products:
        ProductImageFactory(product=product)
    home = make_home_page()

    def count(n):
        home.body = [("featured_products", {"heading": "", "products": products[:n]})]
        home.save_revision().publish()
        url = f"/api/v2/pages/{home.id}/"
        api_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(url).json()["body"]
        assert len(body[0]["value"]["products"]) == n
        return len(queries)

    assert count(1) == count(12)


def test_the_site_roots_parent_is_null_and_a_pages_parent_is_its_parent(api_client):
    home = make_home_page()
    about = make_content_page(home, title="About", slug="about")
    assert api_client.get(f"/api/v2/pages/{home.id}/").json()["meta"]["parent"] is None
    parent = api_client.get(f"/api/v2/pages/{about.id}/").json()["meta"]["parent"]
    assert (parent["id"], parent["title"]) == (home.id, home.title)
