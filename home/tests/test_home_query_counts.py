"""The home page on a response-cache miss costs the same number of SQL queries whatever its body holds.

Two misses are measured. After a publish: the answer is gone from the response cache (the content version moved)
while the read models it is built from (banners, guarantees, the catalog's memo) are still cached,
which is what the first visitor after an editor's change meets. Cold: every cache tier is empty (a new deploy, a
flushed Redis), so each read model is built as well.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from catalog.cache import clear_local_cache
from catalog.tests.factories import CategoryFactory, ProductFactory, ProductImageFactory
from home import cms_cache
from home.tests.factories import BannerFactory, GuaranteeFactory, ImageFactory

pytestmark = pytest.mark.django_db

POSITIONS = ("home_hero", "home_top", "home_middle")


@pytest.fixture
def content():
    """Images, banners at three positions, guarantees, twelve products with images, three categories."""
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    categories = [shoes, CategoryFactory(name="Boots", slug="boots", parent=shoes), CategoryFactory(name="Hats")]
    products = [ProductFactory(category=categories[n % 3]) for n in range(12)]
    for product in products:
        ProductImageFactory(product=product)
    for position in POSITIONS:
        BannerFactory(position=position, image=ImageFactory())
    GuaranteeFactory.create_batch(3)
    return {"images": ImageFactory.create_batch(3), "products": products, "categories": categories}


def body(content, *, each: int, products: int) -> list:
    """A home page body with ``each`` blocks of every kind, each featured-products block showing ``products``."""
    blocks = []
    for n in range(each):
        blocks += [
            ("hero", {"image": content["images"][n], "heading": f"Hero {n}", "cta_label": "", "cta_link": ""}),
            ("banner_slot", {"position": POSITIONS[n]}),
            ("featured_products", {"heading": "", "products": content["products"][n : n + products]}),
            ("featured_categories", {"heading": "", "categories": content["categories"][: n + 1]}),
            ("guarantees", {"heading": ""}),
            ("rich_text", RichText(f"<p>Text {n}</p>")),
        ]
    return blocks


def publish_body(home, blocks):
    home.body = blocks
    home.save_revision().publish()


def miss_after_publish(client, url: str) -> tuple[int, object]:
    """Queries of a request whose answer a publish has just dropped from the response cache."""
    assert client.get(url).status_code == 200  # renditions generated, read models cached
    cms_cache.invalidate()  # what publishing does to cached answers (their content version moves)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def cold_miss(client, url: str) -> tuple[int, object]:
    """Queries of a request made with every cache tier empty."""
    assert client.get(url).status_code == 200  # renditions generated
    clear_local_cache()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def api_counts(client, home, content, measure) -> dict:
    counts = {}
    for each, products in ((1, 2), (3, 10)):
        publish_body(home, body(content, each=each, products=products))
        count, response = measure(client, f"/api/v2/pages/{home.id}/")
        featured = [block["value"] for block in response.json()["body"] if block["type"] == "featured_products"]
        assert len(featured) == each and all(len(value["products"]) == products for value in featured)
        counts[each, products] = count
    return counts


def html_counts(client, home, content, measure) -> dict:
    counts = {}
    for each, products in ((1, 2), (3, 10)):
        publish_body(home, body(content, each=each, products=products))
        count, response = measure(client, "/")
        assert response.content.count(b"Hero ") == each
        counts[each, products] = count
    return counts


def test_api_home_page_miss_after_publish_is_constant_and_small(api_client, home_page, content):
    counts = api_counts(api_client, home_page, content, miss_after_publish)
    print(counts)
    assert counts[1, 2] == counts[3, 10], counts
    # Wagtail's own lookups (view restrictions, site, page, specific page), then the body's: images, their
    # renditions, products, categories with their counts, and the teasers' brand and category names and images
    # (which a served process remembers under the catalog version, catalog.memo; a test's transaction does not).
    # The home page's parent (none: it is the site's root) costs no query.
    assert counts[1, 2] <= 10, counts


def test_find_home_page_miss_after_publish_is_as_small(api_client, home_page, content):
    publish_body(home_page, body(content, each=3, products=10))
    count, response = miss_after_publish(api_client, "/api/v2/pages/find/?html_path=/&redirect=false")
    assert response.json()["id"] == home_page.id
    # The page routing found is the one answered (Wagtail's: site, root page, public check; not read again).
    assert count <= 10, count


def test_api_home_page_cold_miss_is_constant(api_client, home_page, content):
    counts = api_counts(api_client, home_page, content, cold_miss)
    print(counts)
    assert counts[1, 2] == counts[3, 10], counts


def test_html_home_page_miss_after_publish_is_constant(client, home_page, content):
    counts = html_counts(client, home_page, content, miss_after_publish)
    print(counts)
    assert counts[1, 2] == counts[3, 10], counts


def test_html_home_page_cold_miss_is_constant(client, home_page, content):
    counts = html_counts(client, home_page, content, cold_miss)
    print(counts)
    assert counts[1, 2] == counts[3, 10], counts
