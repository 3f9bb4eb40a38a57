"""Links in the Wagtail API v2 (detail_url, html_url, download_url, the find/ redirect) and in sitemap.xml name
the host the request reached, or the configured public address; no cached answer carries one caller's host to
another."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from catalog.tests.factories import CategoryFactory, ProductFactory
from home.tests.factories import BannerFactory, ImageFactory, link, make_content_page, make_navigation

pytestmark = pytest.mark.django_db

HOST = "shop.test:8443"
EVIL = "evil.example:1"


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "shop.test", "evil.example"]


@pytest.fixture
def about(home_page):
    return make_content_page(home_page, title="About", slug="about")


def locations(response) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_page_links_name_the_requests_host(api_client, hosts, home_page, about):
    listing = api_client.get("/api/v2/pages/", {"type": "home.ContentPage"}, HTTP_HOST=HOST).json()
    detail = api_client.get(f"/api/v2/pages/{about.pk}/", HTTP_HOST=HOST).json()

    [meta] = [item["meta"] for item in listing["items"]]
    assert meta["detail_url"] == f"http://{HOST}/api/v2/pages/{about.pk}/"
    assert meta["html_url"] == f"http://{HOST}/about/"
    assert detail["meta"]["detail_url"] == f"http://{HOST}/api/v2/pages/{about.pk}/"
    assert detail["meta"]["html_url"] == f"http://{HOST}/about/"
    parent = detail["meta"]["parent"]["meta"]
    assert (parent["detail_url"], parent["html_url"]) == (
        f"http://{HOST}/api/v2/pages/{home_page.pk}/",
        f"http://{HOST}/",
    )


def test_links_follow_the_requests_scheme(api_client, about):
    meta = api_client.get(f"/api/v2/pages/{about.pk}/", secure=True).json()["meta"]

    assert meta["detail_url"].startswith("https://testserver/") and meta["html_url"] == "https://testserver/about/"


def test_find_redirects_to_the_requests_host(api_client, hosts, about):
    response = api_client.get("/api/v2/pages/find/", {"html_path": "/about/", "fields": "intro"}, HTTP_HOST=HOST)

    assert response.status_code == 302
    assert response["Location"] == f"http://{HOST}/api/v2/pages/{about.pk}/?fields=intro"
    assert api_client.get(response["Location"], HTTP_HOST=HOST).json()["intro"] == "Who we are."


def test_image_and_document_links_name_the_requests_host(api_client, hosts):
    image = ImageFactory()
    document = get_document_model().objects.create(title="Sizes", file=ContentFile(b"size chart", name="sizes.txt"))

    [image_meta] = [item["meta"] for item in api_client.get("/api/v2/images/", HTTP_HOST=HOST).json()["items"]]
    [document_meta] = [item["meta"] for item in api_client.get("/api/v2/documents/", HTTP_HOST=HOST).json()["items"]]

    assert image_meta["detail_url"] == f"http://{HOST}/api/v2/images/{image.pk}/"
    assert document_meta["detail_url"] == f"http://{HOST}/api/v2/documents/{document.pk}/"
    assert document_meta["download_url"] == f"http://{HOST}{document.url}"
    find = api_client.get("/api/v2/images/find/", {"id": image.pk}, HTTP_HOST=HOST)
    assert find["Location"] == f"http://{HOST}/api/v2/images/{image.pk}/"


def test_sitemap_names_the_requests_host(client, hosts, about):
    CategoryFactory(slug="shoes")
    product = ProductFactory()

    found = locations(client.get("/sitemap.xml", HTTP_HOST=HOST))

    assert {
        f"http://{HOST}/",
        f"http://{HOST}/about/",
        f"http://{HOST}/products/",
        f"http://{HOST}/categories/shoes/",
        f"http://{HOST}/products/{product.slug}/",
    } <= set(found)
    assert all(location.startswith(f"http://{HOST}/") for location in found)


def test_a_configured_public_address_wins(api_client, client, hosts, settings, about):
    settings.PUBLIC_BASE_URL = settings.WAGTAILAPI_BASE_URL = "https://shop.example.com"

    meta = api_client.get(f"/api/v2/pages/{about.pk}/", HTTP_HOST=HOST).json()["meta"]
    find = api_client.get("/api/v2/pages/find/", {"html_path": "/about/"}, HTTP_HOST=HOST)
    found = locations(client.get("/sitemap.xml", HTTP_HOST=HOST))

    assert meta["detail_url"] == f"https://shop.example.com/api/v2/pages/{about.pk}/"
    assert meta["html_url"] == "https://shop.example.com/about/"
    assert find["Location"] == f"https://shop.example.com/api/v2/pages/{about.pk}/"
    assert found and all(location.startswith("https://shop.example.com/") for location in found)


def test_no_cached_answer_carries_another_callers_host(api_client, client, hosts, home_page, about):
    """Every answer is first requested with Host: evil.example:1 (filling whatever caches it uses), then by another
    caller: that one must never receive the first caller's host."""
    BannerFactory(position="home_top", image=ImageFactory())
    make_navigation([(link("About", page=about), [])])
    home_page.body = [("banner_slot", {"position": "home_top"})]
    home_page.save_revision().publish()
    paths = [
        "/api/v2/pages/",
        f"/api/v2/pages/{home_page.pk}/",
        f"/api/v2/pages/{about.pk}/",
        "/api/v2/pages/find/?html_path=/about/",
        "/api/v2/images/",
        "/api/v1/cms/navigation/",
        "/api/v1/cms/footer/",
        "/api/v1/cms/banners/?position=home_top&page_size=1",
        "/api/v1/cms/guarantees/",
        "/sitemap.xml",
        "/",
        "/about/",
    ]

    for path in paths:
        first = client.get(path, HTTP_HOST=EVIL)
        assert first.status_code in (200, 302), path
    for path in paths:
        second = client.get(path)
        assert "evil.example" not in second.content.decode() + second.get("Location", ""), path
    # the answers do name the host they were asked on: the check above is not vacuous
    assert "evil.example" in client.get(f"/api/v2/pages/{about.pk}/", HTTP_HOST=EVIL).content.decode()
