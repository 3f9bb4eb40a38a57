"""The served OpenAPI schema describes /api/v2/ as it answers: real answers of the home page (every kind of block),
a content page, a preview, the listings and the errors are validated against their operations' schemas, strictly
(no field the schema does not name, none it requires missing)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalog.tests.factories import CategoryFactory, ProductFactory, ProductImageFactory
from home.tests.factories import BannerFactory, GuaranteeFactory, ImageFactory, make_content_page, make_home_page
from storefront.tests.openapi import assert_matches, served_schema

pytestmark = pytest.mark.django_db

DETAIL = "/api/v2/pages/{id}/"


@pytest.fixture
def home_page():
    """A home page whose body has every kind of block, each resolving to something (images included)."""
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    CategoryFactory(name="Boots", slug="boots", parent=shoes)
    runner = ProductFactory(name="Runner", category=shoes)
    ProductImageFactory(product=runner)
    BannerFactory(title="Sale", position="home_top", image=ImageFactory())
    GuaranteeFactory(title="Free shipping")
    home = make_home_page(
        body=[
            (
                "hero",
                {"image": ImageFactory(), "heading": "Hi", "text": "", "cta_label": "Shop", "cta_link": "/products/"},
            ),
            ("hero", {"image": None, "heading": "No image", "text": "Plain", "cta_label": "", "cta_link": ""}),
            ("banner_slot", {"position": "home_top"}),
            ("featured_products", {"heading": "Picks", "products": [runner, ProductFactory()]}),
            ("featured_categories", {"heading": "", "categories": [shoes]}),
            ("guarantees", {"heading": "Why us"}),
            ("rich_text", RichText("<p>Made to last</p>")),
        ],
        search_description="The best shop",
    )
    return home


@pytest.fixture
def content_page(home_page):
    return make_content_page(
        home_page,
        title="Shipping",
        slug="shipping",
        body=[
            ("rich_text", RichText("<p>Fast</p>")),
            ("banner_slot", {"position": "home_top"}),
            ("featured_products", {"heading": "", "products": [ProductFactory()]}),
            ("guarantees", {"heading": ""}),
        ],
    )


def test_the_schema_describes_the_content_api():
    paths = served_schema()["paths"]

    assert {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/pages/find/",
        "/api/v2/page_preview/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
    } <= set(paths)
    listing = {parameter["name"] for parameter in paths["/api/v2/pages/"]["get"]["parameters"]}
    assert {"type", "fields", "child_of", "search", "limit", "offset", "order"} <= listing
    body = served_schema()["components"]["schemas"]["HomePageBody"]
    assert set(body["discriminator"]["mapping"]) == {
        "hero",
        "banner_slot",
        "featured_products",
        "featured_categories",
        "guarantees",
        "rich_text",
    }


def test_home_page_detail_matches_the_schema(api_client, home_page):
    data = api_client.get(f"/api/v2/pages/{home_page.pk}/").json()

    assert [block["type"] for block in data["body"]] == [
        "hero",
        "hero",
        "banner_slot",
        "featured_products",
        "featured_categories",
        "guarantees",
        "rich_text",
    ]
    assert data["body"][2]["value"]["banners"] and data["body"][3]["value"]["products"][0]["image"]
    assert_matches(data, DETAIL)


def test_content_page_detail_matches_the_schema(api_client, content_page):
    data = api_client.get(f"/api/v2/pages/{content_page.pk}/").json()

    assert data["meta"]["parent"] is not None
    assert_matches(data, DETAIL)


def test_find_without_redirect_matches_the_schema(api_client, content_page):
    found = api_client.get("/api/v2/pages/find/", {"html_path": "/shipping/", "redirect": "false"})

    assert found.status_code == 200
    assert_matches(found.json(), "/api/v2/pages/find/")
    assert api_client.get("/api/v2/pages/find/", {"html_path": "/shipping/"}).status_code == 302


def test_a_block_of_the_wrong_shape_fails_validation(api_client, home_page):
    """The check is not vacuous: a hero whose image lost its width, or an unknown block type, is rejected."""
    data = api_client.get(f"/api/v2/pages/{home_page.pk}/").json()
    del data["body"][0]["value"]["image"]["width"]
    with pytest.raises(AssertionError, match="body/0"):
        assert_matches(data, DETAIL)

    data = api_client.get(f"/api/v2/pages/{home_page.pk}/").json()
    data["body"][0]["type"] = "carousel"
    with pytest.raises(AssertionError):
        assert_matches(data, DETAIL)

    data = api_client.get(f"/api/v2/pages/{home_page.pk}/").json()
    data["body"][3]["value"]["products"][0]["undocumented"] = 1
    with pytest.raises(AssertionError, match="undocumented"):
        assert_matches(data, DETAIL)


def test_listings_match_the_schema(api_client, content_page):
    ImageFactory()
    get_document_model().objects.create(title="Sizes", file=ContentFile(b"size chart", name="sizes.txt"))

    pages = api_client.get("/api/v2/pages/").json()
    assert pages["meta"]["total_count"] == 2
    assert_matches(pages, "/api/v2/pages/")
    assert_matches(
        api_client.get("/api/v2/pages/", {"type": "home.ContentPage", "search": "ship"}).json(), "/api/v2/pages/"
    )
    images = api_client.get("/api/v2/images/").json()
    assert_matches(images, "/api/v2/images/")
    image_id = images["items"][0]["id"]
    assert_matches(api_client.get(f"/api/v2/images/{image_id}/").json(), "/api/v2/images/{id}/")
    assert_matches(api_client.get("/api/v2/documents/").json(), "/api/v2/documents/")


def test_errors_match_the_schema_and_the_contracts_shape(api_client, home_page):
    missing = api_client.get("/api/v2/pages/999999/")
    bad_type = api_client.get("/api/v2/pages/", {"type": "nope.Nothing"})
    bad_limit = api_client.get("/api/v2/pages/", {"limit": "1000"})
    not_found = api_client.get("/api/v2/pages/find/", {"html_path": "/nowhere/"})
    bad_id = api_client.get("/api/v2/images/find/", {"id": "abc"})

    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not_found"
    assert_matches(missing.json(), DETAIL, 404)
    assert bad_type.status_code == 400
    assert bad_type.json() == {
        "type": "client_error",
        "errors": [{"code": "bad_request", "detail": "type doesn't exist", "attr": None}],
    }
    assert_matches(bad_type.json(), "/api/v2/pages/", 400)
    assert bad_limit.status_code == 400 and "100" in bad_limit.json()["errors"][0]["detail"]
    assert not_found.status_code == 404
    assert_matches(not_found.json(), "/api/v2/pages/find/", 404)
    assert bad_id.status_code == 404


def test_preview_answers_the_detail_shape(api_client, staff_user, home_page, client):
    """The home page's hero headline edited as a draft: page_preview answers the draft in the live page's shape,
    and the live page is unchanged."""
    client.force_login(staff_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk])
    form = nested_form_data(
        {
            "title": "Home",
            "slug": home_page.slug,
            "body": streamfield(
                [
                    (
                        "hero",
                        {
                            "image": "",
                            "heading": "Draft headline",
                            "text": "",
                            "cta_label": "",
                            "cta_link": "",
                            "cta_page": "",
                        },
                    ),
                    ("rich_text", rich_text("<p>Draft</p>")),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    assert client.post(url, form).json() == {"is_valid": True, "is_available": True}
    location = client.get(url)["Location"]
    query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}

    draft = api_client.get("/api/v2/page_preview/", query)

    assert draft.status_code == 200
    assert draft.json()["body"][0]["value"]["heading"] == "Draft headline"
    assert_matches(draft.json(), "/api/v2/page_preview/")
    live = api_client.get(f"/api/v2/pages/{home_page.pk}/").json()
    assert live["body"][0]["value"]["heading"] == "Hi"
    assert_matches(live, DETAIL)
    assert set(draft.json()) == set(live) and set(draft.json()["meta"]) == set(live["meta"])
