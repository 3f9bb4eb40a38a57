"""Attribute filters (``attr.<name>=``) and facet counts (``facets=true``) of the product listing."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.models import ProductAttributeValue
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory
from catalog.tests.test_query_counts import DISCOUNTS_RELOAD

pytestmark = pytest.mark.django_db


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {product["slug"] for product in response.json()["results"]}


def listing(api_client, **params):
    return api_client.get("/api/v1/products/", {"page_size": 100, **params})


@pytest.fixture
def shirts(categories, brands):
    make = lambda slug, **attributes: ProductFactory(  # noqa: E731
        slug=slug, category=categories["t-shirts"], brand=brands["acme"], attributes=attributes
    )
    return {
        "red-s": make("red-s", colour="Red", size="S"),
        "red-m": make("red-m", colour="Red", size="M"),
        "blue-m": make("blue-m", colour="Blue", size="M", organic=True),
        "plain": make("plain"),
    }


def test_an_attribute_filter_keeps_the_products_with_one_of_its_values(api_client, shirts):
    assert slugs(listing(api_client, **{"attr.colour": "Red"})) == {"red-s", "red-m"}
    assert slugs(listing(api_client, **{"attr.size": "S,M"})) == {"red-s", "red-m", "blue-m"}


def test_several_attribute_filters_must_all_hold(api_client, shirts):
    assert slugs(listing(api_client, **{"attr.colour": "Red", "attr.size": "M"})) == {"red-m"}
    assert slugs(listing(api_client, **{"attr.colour": "Blue", "attr.size": "S"})) == set()


def test_numbers_and_booleans_are_filtered_as_json_writes_them(api_client, shirts):
    ProductFactory(slug="mug", attributes={"capacity_ml": 350})
    assert slugs(listing(api_client, **{"attr.organic": "true"})) == {"blue-m"}
    assert slugs(listing(api_client, **{"attr.capacity_ml": "350"})) == {"mug"}


def test_attribute_filters_combine_with_the_other_filters(api_client, shirts, categories):
    ProductFactory(slug="red-shoe", category=categories["shoes"], attributes={"colour": "Red"})
    assert slugs(listing(api_client, **{"attr.colour": "Red", "category": "shoes"})) == {"red-shoe"}
    assert slugs(listing(api_client, **{"attr.colour": "Red", "search": "Product"})) == {"red-s", "red-m", "red-shoe"}


@pytest.mark.parametrize(
    ("params", "attr", "code"),
    [
        ({"attr.": "x"}, "attr.", "invalid"),
        ({"attr." + "n" * 65: "x"}, "attr." + "n" * 65, "invalid"),
        ({"attr.colour": " , "}, "attr.colour", "required"),
        ({"attr.colour": ",".join(f"v{n}" for n in range(21))}, "attr.colour", "max_length"),
        ({"attr.colour": "x" * 201}, "attr.colour", "max_length"),
        ({f"attr.a{n}": "x" for n in range(11)}, "attr.", "max_length"),
        ({"attr.flavour": "Mint"}, "attr.flavour", "invalid_choice"),
        ({"facets": "maybe"}, "facets", "invalid"),
    ],
)
def test_bad_attribute_and_facet_parameters_are_a_400(api_client, shirts, params, attr, code):
    response = listing(api_client, **params)
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert response.json()["errors"][0]["attr"] == attr
    assert response.json()["errors"][0]["code"] == code


def test_attribute_rows_follow_every_save(api_client, shirts):
    services.update_product(slug="plain", attributes={"colour": "Green"})
    assert slugs(listing(api_client, **{"attr.colour": "Green"})) == {"plain"}
    product = shirts["red-s"]
    product.attributes = {"size": "S"}  # the admin's form saves the model itself
    product.save()
    assert set(ProductAttributeValue.objects.filter(product=product).values_list("name", "value")) == {("size", "S")}
    assert slugs(listing(api_client, **{"attr.colour": "Red"})) == {"red-m"}


def test_a_save_around_the_bounds_never_fails_on_its_attribute_rows(db):
    long = "n" * 70
    product = ProductFactory(attributes={long + "1": "x", long + "2": "y", "note": "z" * 300})
    rows = dict(ProductAttributeValue.objects.filter(product=product).values_list("name", "value"))
    assert rows == {"n" * 64: "x", "note": "z" * 200}


def test_facets_count_brands_categories_and_attribute_values(api_client, shirts, categories, brands):
    ProductFactory(slug="shoe", category=categories["shoes"], brand=brands["globex"], attributes={"colour": "Red"})
    facets = listing(api_client, facets="true").json()["facets"]
    assert facets["brand"] == [
        {"value": "acme", "label": "Acme", "count": 4},
        {"value": "globex", "label": "Globex", "count": 1},
    ]
    assert facets["category"] == [
        {"value": "clothing", "label": "Clothing", "count": 4},
        {"value": "shoes", "label": "Shoes", "count": 1},
    ]
    assert facets["colour"] == [{"value": "Red", "count": 3}, {"value": "Blue", "count": 1}]
    assert facets["organic"] == [{"value": "true", "count": 1}]
    # One level below the chosen category.
    below = listing(api_client, facets="true", category="clothing").json()["facets"]["category"]
    assert below == [{"value": "shirts", "label": "Shirts", "count": 4}]


def test_a_facet_leaves_out_its_own_filter(api_client, shirts):
    facets = listing(api_client, facets="true", **{"attr.colour": "Red"}).json()["facets"]
    assert facets["colour"] == [{"value": "Red", "count": 2}, {"value": "Blue", "count": 1}]  # other colours stay
    assert facets["size"] == [{"value": "M", "count": 1}, {"value": "S", "count": 1}]  # under colour=Red


def test_no_facets_unless_asked(api_client, shirts):
    assert "facets" not in listing(api_client).json()
    assert "facets" not in listing(api_client, facets="false").json()


def facet_listing_queries(api_client, categories, brands) -> dict[int, int]:
    """Queries of a listing with facets (a response-cache miss) at each page size, after the same listing was
    read once under this catalog version."""
    for n in range(60):
        ProductFactory(category=categories["t-shirts"], brand=brands["acme"], attributes={"colour": f"c{n % 4}"})
    params = {"facets": "true", "attr.colour": "c1,c2", "category": "clothing", "ordering": "name"}
    counts = {}
    for size in (1, 24, 100):
        cache.clear()
        listing(api_client, **params, page_size=size)
        with CaptureQueriesContext(connection) as queries:  # another query string: a response-cache miss
            response = api_client.get("/api/v1/products/", {**params, "page_size": size, "utm_source": "mail"})
        assert response.status_code == 200 and "facets" in response.json()
        counts[size] = len(queries)
    assert counts[1] == counts[24] == counts[100], counts
    return counts


def test_a_listing_with_facets_is_constant_in_page_size(api_client, categories, brands):
    counts = facet_listing_queries(api_client, categories, brands)
    # Inside the test's transaction nothing is remembered (catalog.memo): the category and attribute-name
    # lookups, count, page, brand and category names, first images and their renditions, the four facet queries,
    # and the discount snapshot.
    assert counts[24] == 2 + 5 + 4 + DISCOUNTS_RELOAD, counts


@pytest.mark.django_db(transaction=True)
def test_a_listing_with_facets_costs_six_queries_once_its_lookups_are_remembered(api_client, categories, brands):
    counts = facet_listing_queries(api_client, categories, brands)
    # As served: slugs, names and images remembered under the catalog version, the discount snapshot loaded.
    # Count, page, brand facet, category facet (counts per branch, then the branches' names), attribute facets
    # (one UNION ALL): the 6.
    assert counts[24] == 6, counts


# --- facet counts against brute force on random catalogs -------------------------------------------------


def _matches(product, params) -> bool:
    """The listing's rule, written out plainly for the products of these tests."""
    if "brand" in params and (product.brand is None or product.brand.slug not in params["brand"].split(",")):
        return False
    if "category" in params and not product.category.path.startswith(params["_category_path"]):
        return False
    for key, values in params.items():
        if key.startswith("attr.") and product.attributes.get(key[5:]) not in values.split(","):
            return False
    return True


def _expected_facets(products, params, categories_by_path) -> dict:
    def count(key, value_of, without):
        narrowed = {k: v for k, v in params.items() if k != without}
        counted = {}
        for product in products:
            value = value_of(product)
            if value is not None and _matches(product, narrowed):
                counted[value] = counted.get(value, 0) + 1
        return counted

    expected = {"brand": count("brand", lambda p: p.brand.slug if p.brand else None, "brand")}
    depth = params.get("_category_depth", 0) + 1
    steplen = 4
    branch = count("category", lambda p: p.category.path[: depth * steplen] if p.category.depth >= depth else None, "")
    expected["category"] = {categories_by_path[path].slug: n for path, n in branch.items()}
    names = {name for product in products for name in product.attributes}
    for name in names:
        expected[name] = count(name, lambda p, name=name: p.attributes.get(name), f"attr.{name}")
    return {name: counts for name, counts in expected.items() if counts or name in ("brand", "category")}


@pytest.mark.parametrize("seed", range(4))
def test_facet_counts_match_brute_force_on_a_random_catalog(api_client, seed):
    rng = random.Random(seed)
    roots = [CategoryFactory(slug=f"root-{n}") for n in range(3)]
    leaves = roots + [CategoryFactory(slug=f"leaf-{n}", parent=rng.choice(roots)) for n in range(4)]
    brands = BrandFactory.create_batch(4, logo=None)
    palette = {"colour": ["Red", "Blue", "Green"], "size": ["S", "M", "L", "XL"], "fabric": ["Cotton", "Wool"]}
    products = []
    for _ in range(80):
        attributes = {name: rng.choice(values) for name, values in palette.items() if rng.random() < 0.7}
        brand = rng.choice([*brands, None])
        products.append(ProductFactory(category=rng.choice(leaves), brand=brand, attributes=attributes))
    for product in products:
        product.category.refresh_from_db()
    categories = {c.path: c for c in roots + leaves}
    for _ in range(6):
        params = {}
        if rng.random() < 0.5:
            params["brand"] = ",".join(b.slug for b in rng.sample(brands, rng.randint(1, 2)))
        if rng.random() < 0.5:
            chosen = rng.choice(roots)
            chosen.refresh_from_db()
            params.update(category=chosen.slug, _category_path=chosen.path, _category_depth=chosen.depth)
        for name in rng.sample(sorted(palette), rng.randint(0, 2)):
            params[f"attr.{name}"] = ",".join(rng.sample(palette[name], rng.randint(1, 2)))
        query = {key: value for key, value in params.items() if not key.startswith("_")}
        response = listing(api_client, facets="true", **query)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == sum(_matches(p, params) for p in products)
        got = {name: {item["value"]: item["count"] for item in items} for name, items in body["facets"].items()}
        assert got == _expected_facets(products, params, categories), query


def test_the_migration_fills_the_rows_of_existing_products(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("catalog.migrations.0004_attribute_values")
    ProductFactory(slug="a", attributes={"colour": "Red", "organic": True, "weight_g": 250})
    ProductFactory(slug="b", attributes={})
    long = "n" * 64
    ProductFactory(slug="c", attributes={long + "1": "x", long + "2": "y"})  # saved around the services' bounds
    ProductAttributeValue.objects.all().delete()  # products as they stood before the migration
    migration.fill_attribute_values(apps, None)
    rows = set(ProductAttributeValue.objects.values_list("product__slug", "name", "value"))
    assert rows == {("a", "colour", "Red"), ("a", "organic", "true"), ("a", "weight_g", "250"), ("c", long, "x")}
