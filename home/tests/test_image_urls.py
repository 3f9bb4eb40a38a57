"""Every image `url` the API gives is absolute, on the scheme and host the request reached (or PUBLIC_BASE_URL), so a
frontend on another origin can use it as it is: catalog summaries, details and brand logos, cart lines, banners,
page bodies and /api/v2/images/. The read models under them stay host-free, so caches never mix two hosts."""

import pytest
from rest_framework.test import APIClient

from catalog.tests.factories import BrandFactory, ProductImageFactory, WagtailImageFactory
from commerce.tests.factories import stocked_product
from home.tests.factories import BannerFactory, ImageFactory, make_home_page
from storefront.public_urls import absolute_image_urls, absolute_media_url

pytestmark = pytest.mark.django_db

HOST_A = "shop-a.test"
HOST_B = "shop-b.test:8443"


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "shop-a.test", "shop-b.test"]


@pytest.fixture
def shop():
    """A product with two images, a brand with a logo, a banner, and a home page whose body shows all of them."""
    product = stocked_product(quantity=5, brand=BrandFactory(logo=WagtailImageFactory()))
    ProductImageFactory(product=product)
    ProductImageFactory(product=product)
    BannerFactory(position="home_top", image=ImageFactory())
    home = make_home_page(
        body=[
            ("hero", {"image": ImageFactory(), "heading": "Hi", "text": "", "cta_label": "", "cta_link": ""}),
            ("banner_slot", {"position": "home_top"}),
            ("featured_products", {"heading": "", "products": [product]}),
        ]
    )
    return {"product": product, "home": home}


def image_urls(data) -> list[str]:
    """The ``url`` of every image object ({url, width, height, alt}) in an answer."""
    if isinstance(data, list):
        return [url for item in data for url in image_urls(item)]
    if isinstance(data, dict):
        if {"url", "width", "height"} <= data.keys():
            return [data["url"]]
        return [url for value in data.values() for url in image_urls(value)]
    return []


def answers(client, shop, **extra) -> dict[str, object]:
    """Every answer that carries images, for one caller, by name."""
    product, home = shop["product"], shop["home"]
    cart = client.post("/api/v1/carts/", **extra).json()
    client.post(f"/api/v1/carts/{cart['id']}/items/", {"product": product.slug, "quantity": 1}, **extra)
    paths = {
        "products": "/api/v1/products/",
        "product": f"/api/v1/products/{product.slug}/",
        "brands": "/api/v1/brands/",
        "brand": f"/api/v1/brands/{product.brand.slug}/",
        "banners": "/api/v1/cms/banners/",
        "cart": f"/api/v1/carts/{cart['id']}/",
        "home": f"/api/v2/pages/{home.pk}/",
        "find": "/api/v2/pages/find/?html_path=/&redirect=false",
    }
    return {name: client.get(path, **extra).json() for name, path in paths.items()}


def test_every_image_url_is_absolute_on_the_requests_host(hosts, shop):
    found = answers(APIClient(), shop, HTTP_HOST=HOST_B, secure=True)

    for name, data in found.items():
        urls = image_urls(data)
        assert urls, name  # each answer does show images: the check below is not vacuous
        assert all(url.startswith(f"https://{HOST_B}/media/") for url in urls), (name, urls)
    assert len(found["product"]["images"]) == 2 and found["brands"]["results"][0]["logo"]
    blocks = found["home"]["body"]
    assert blocks[0]["value"]["image"]["url"].startswith(f"https://{HOST_B}/media/images/")


def test_wagtail_image_download_urls_are_absolute(api_client, hosts):
    image = ImageFactory()

    listing = api_client.get("/api/v2/images/", HTTP_HOST=HOST_A).json()
    detail = api_client.get(f"/api/v2/images/{image.pk}/", HTTP_HOST=HOST_A).json()

    assert listing["items"][0]["meta"]["download_url"] == f"http://{HOST_A}{image.file.url}"
    assert detail["meta"]["download_url"] == f"http://{HOST_A}{image.file.url}"


def test_two_hosts_never_see_each_others_image_urls(hosts, shop):
    """Host A asks first (filling the response cache and every read-model cache), then host B, then A again: each
    sees only its own host, though both were served from the same cached read models."""
    first = answers(APIClient(), shop, HTTP_HOST=HOST_A)
    second = answers(APIClient(), shop, HTTP_HOST=HOST_B)
    third = answers(APIClient(), shop, HTTP_HOST=HOST_A)

    for name in first:
        assert all(url.startswith(f"http://{HOST_A}/") for url in image_urls(first[name])), name
        assert all(url.startswith(f"http://{HOST_B}/") for url in image_urls(second[name])), name
        assert image_urls(third[name]) == image_urls(first[name]), name
        assert HOST_A not in str(second[name]) and HOST_B not in str(third[name]), name


def test_a_configured_public_address_wins(hosts, settings, shop):
    settings.PUBLIC_BASE_URL = "https://shop.example.com"

    found = answers(APIClient(), shop, HTTP_HOST=HOST_A)

    urls = [url for data in found.values() for url in image_urls(data)]
    assert urls and all(url.startswith("https://shop.example.com/media/") for url in urls)


def test_absolute_image_urls_copies_and_keeps_what_is_absolute(rf):
    request = rf.get("/", HTTP_HOST="testserver")
    shared = {"url": "/media/a.webp", "width": 1, "height": 1, "alt": ""}
    cdn = {"url": "https://cdn.example/b.webp", "width": 1, "height": 1, "alt": ""}
    data = {"results": [{"image": shared}, {"image": cdn}, {"image": None}], "link": {"label": "x", "url": "/a/"}}

    out = absolute_image_urls(request, data)

    assert out["results"][0]["image"]["url"] == "http://testserver/media/a.webp"
    assert out["results"][1]["image"] is cdn and out["results"][2] is data["results"][2]
    assert out["link"] is data["link"]  # a link is not an image: left as it is
    assert shared["url"] == "/media/a.webp"  # the read model given in is never changed
    assert absolute_media_url(request, "//cdn.example/c.webp") == "http://cdn.example/c.webp"
