"""The shop's listing pages show the catalog's facets as filters: brands and attribute values with their counts."""

import re

import pytest

from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def names(html: str) -> set[str]:
    return set(re.findall(r'class="product-card__name"><a href="[^"]+">([^<]+)</a>', html))


@pytest.fixture
def rack():
    shirts = CategoryFactory(name="Shirts", slug="shirts")
    acme = BrandFactory(name="Acme", slug="acme")
    ProductFactory(name="Red S", category=shirts, brand=acme, attributes={"colour": "Red", "size": "S"})
    ProductFactory(name="Red M", category=shirts, brand=acme, attributes={"colour": "Red", "size": "M"})
    ProductFactory(name="Blue M", category=shirts, attributes={"colour": "Blue", "size": "M"})


def test_the_listing_shows_attribute_and_brand_facets_with_counts(client, rack):
    html = client.get("/products/").content.decode()
    assert re.search(r'name="attr.colour" value="Red"> Red <span class="filters__count">\(2\)</span>', html)
    assert re.search(r'name="attr.size" value="M"> M <span class="filters__count">\(2\)</span>', html)
    assert re.search(r'name="brand" value="acme"> Acme <span class="filters__count">\(2\)</span>', html)


def test_ticking_attribute_values_filters_the_page(client, rack):
    response = client.get("/products/", {"attr.colour": ["Red", "Blue"], "attr.size": "M"})
    html = response.content.decode()
    assert names(html) == {"Red M", "Blue M"}
    assert 'name="attr.colour" value="Red" checked' in html and 'name="attr.size" value="S">' in html


def test_a_category_page_facets_its_own_products(client, rack):
    ProductFactory(name="Lamp", attributes={"bulb": "E27"})
    html = client.get("/categories/shirts/").content.decode()
    assert 'name="attr.colour"' in html and 'name="attr.bulb"' not in html


def test_an_unknown_attribute_is_shown_as_an_error_not_a_500(client, rack):
    response = client.get("/products/", {"attr.flavour": "Mint"})
    assert response.status_code == 400
    assert "No product has the attribute" in response.content.decode()


def test_attribute_values_are_escaped(client):
    ProductFactory(name="Odd", attributes={"colour": '<script>alert("x")</script>'})
    html = client.get("/products/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
