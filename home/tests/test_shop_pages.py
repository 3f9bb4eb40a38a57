"""Server-rendered catalog pages: they show what the catalog API shows, with the same filters."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Review
from catalog.search import index_product
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory, ProductImageFactory, ReviewFactory
from home.tests.factories import BannerFactory

pytestmark = pytest.mark.django_db


def names(html: str) -> list[str]:
    return re.findall(r'class="product-card__name"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def shelf():
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    boots = CategoryFactory(name="Boots", slug="boots", parent=shoes)
    hats = CategoryFactory(name="Hats", slug="hats")
    acme, globex = BrandFactory(name="Acme", slug="acme"), BrandFactory(name="Globex", slug="globex")
    products = {
        "runner": ProductFactory(name="Runner", price=Decimal("80.00"), category=shoes, brand=acme, in_stock=True),
        "hiker": ProductFactory(name="Hiker boot", price=Decimal("120.00"), category=boots, brand=globex),
        "cap": ProductFactory(name="Cap", price=Decimal("15.00"), category=hats, brand=acme, in_stock=True),
        "hidden": ProductFactory(name="Hidden", price=Decimal("10.00"), category=hats, is_active=False),
    }
    for product in products.values():
        index_product(product)
    return products


def test_listing_shows_visible_products_newest_first(client, shelf):
    response = client.get("/products/")

    assert response.status_code == 200
    html = response.content.decode()
    assert names(html) == ["Cap", "Hiker boot", "Runner"]
    assert "<title>All products · Storefront</title>" in html
    assert "3 products" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=shoes", ["Hiker boot", "Runner"]),  # descendants included
        ("brand=acme&brand=globex&ordering=price", ["Cap", "Runner", "Hiker boot"]),  # checkboxes
        ("brand=acme,globex&ordering=-price", ["Hiker boot", "Runner", "Cap"]),  # the API's comma list
        ("min_price=20&max_price=100", ["Runner"]),
        ("in_stock=true&ordering=name", ["Cap", "Runner"]),
        ("search=boot", ["Hiker boot"]),
        ("category=&brand=&min_price=&ordering=name", ["Cap", "Hiker boot", "Runner"]),  # empty fields: no filter
    ],
)
def test_listing_filters_and_orderings_match_the_api(client, api_client, shelf, query, expected):
    html = client.get(f"/products/?{query}").content.decode()
    api_query = query.replace("brand=acme&brand=globex", "brand=acme,globex").replace(
        "category=&brand=&min_price=&", ""
    )

    api = api_client.get(f"/api/v1/products/?{api_query}").json()

    assert names(html) == expected
    assert [p["name"] for p in api["results"]] == expected


@pytest.mark.parametrize("query", ["ordering=cheapest", "min_price=abc", "category=nope"])
def test_bad_filters_are_a_400_page_with_the_message(client, shelf, query):
    response = client.get(f"/products/?{query}")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and names(html) == []


def test_pagination_links_keep_the_filters(client, shelf):
    response = client.get("/products/?brand=acme&brand=globex&ordering=name&page_size=2")

    html = response.content.decode()
    assert names(html) == ["Cap", "Hiker boot"]
    assert 'href="?brand=acme&amp;brand=globex&amp;ordering=name&amp;page_size=2&amp;page=2"' in html
    assert names(
        client.get("/products/?brand=acme&brand=globex&ordering=name&page_size=2&page=2").content.decode()
    ) == ["Runner"]


def test_sort_links(client, shelf):
    html = client.get("/products/?category=shoes&ordering=price").content.decode()

    assert '<strong aria-current="true">Price: low to high</strong>' in html
    assert 'href="?category=shoes&amp;ordering=-price"' in html
    assert 'href="?category=shoes">Newest</a>' in html


@pytest.mark.parametrize("size", [1, 24, 100])
def test_listing_query_count_is_constant(client, size, django_assert_max_num_queries):
    category = CategoryFactory()
    for _ in range(size):
        ProductImageFactory(product=ProductFactory(category=category))
    client.get(f"/products/?page_size={size}")  # renditions are generated on the first view

    with django_assert_max_num_queries(12):
        response = client.get(f"/products/?page_size={size}")

    assert len(names(response.content.decode())) == size


def test_category_page(client, shelf):
    BannerFactory(title="Boot week", position="category_top")

    response = client.get("/categories/shoes/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Shoes</h1>" in html and names(html) == ["Hiker boot", "Runner"]
    assert 'href="/categories/boots/">Boots</a>' in html and "Boot week" in html
    assert "<title>Shoes · Storefront</title>" in html


def test_category_filters_stay_inside_the_category(client, shelf):
    html = client.get("/categories/shoes/?category=hats&in_stock=true").content.decode()

    assert names(html) == ["Runner"]


def test_search_page(client, shelf):
    html = client.get("/search/?q=boot").content.decode()

    assert names(html) == ["Hiker boot"]
    assert "Results for “boot”" in html
    assert client.get("/search/").status_code == 200
    assert names(client.get("/search/?q=hidden").content.decode()) == []


def test_product_page_with_json_ld(client, shelf):
    runner = shelf["runner"]
    ProductImageFactory(product=runner, alt_text="Side view")
    ReviewFactory(product=runner, rating=5, title="Great", status=Review.Status.APPROVED)
    runner.rating, runner.review_count = Decimal("5.00"), 1
    runner.description = "<p>Light & fast <b>running</b> shoe.</p>"
    runner.save()

    response = client.get(f"/products/{runner.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Runner · Storefront</title>" in html
    assert '<meta name="description" content="Light &amp; fast running shoe.">' in html
    assert 'alt="Side view"' in html and "Great" in html
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(script)
    assert data["@type"] == "Product" and data["name"] == "Runner" and data["sku"] == runner.sku
    assert data["offers"]["price"] == "80.00" and data["offers"]["priceCurrency"] == "USD"
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"  # no stock row: nothing available
    assert data["brand"] == {"@type": "Brand", "name": "Acme"}
    assert data["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": "5.00", "reviewCount": 1}
    assert data["description"] == "Light & fast running shoe."
    assert data["url"] == f"http://testserver/products/{runner.slug}/"


def test_json_ld_cannot_close_its_script_tag(client, shelf):
    cap = shelf["cap"]
    cap.name = "</script><script>alert(1)</script>"
    cap.save()

    html = client.get(f"/products/{cap.slug}/").content.decode()

    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(script)["name"] == cap.name
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("path", ["/products/nope/", "/categories/nope/"])
def test_unknown_slugs_are_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_hidden_and_deleted_products_are_404(client, shelf):
    deleted = shelf["cap"]
    deleted.deleted_at = timezone.now()
    deleted.save()

    assert client.get(f"/products/{shelf['hidden'].slug}/").status_code == 404
    assert client.get(f"/products/{deleted.slug}/").status_code == 404
    assert "Cap" not in names(client.get("/products/").content.decode())


def test_sitemap_lists_pages_categories_and_visible_products(client, home_page, shelf):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    # One host for every entry: the one the request reached (the test client's), pages included.
    assert "http://testserver/" in locations
    assert "http://testserver/products/" in locations
    assert "http://testserver/categories/boots/" in locations
    assert f"http://testserver/products/{shelf['runner'].slug}/" in locations
    assert f"http://testserver/products/{shelf['hidden'].slug}/" not in locations
    assert all(location.startswith("http://testserver/") for location in locations)
