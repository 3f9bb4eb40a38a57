"""The listing's hot path (``catalog.listing``): prepared SQL reused until the catalog changes, and price order
across a category subtree merged from per-category index reads, giving exactly the rows of the plain query."""

import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalog import listing, pricing, selectors
from catalog.cache import bump_catalog_version
from catalog.filters import clean_product_params
from catalog.tests.factories import BrandFactory, CategoryFactory, DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db

D = Decimal


def rows(query: str, start=0, stop=None) -> list[tuple]:
    return selectors.product_list_rows(QueryDict(query))[start:stop]


def plain_rows(query: str, start=0, stop=None) -> list[tuple]:
    """The same listing through the ORM alone (no prepared SQL, no merge)."""
    prepared = listing._Prepared(clean_product_params(QueryDict(query)))
    return list(prepared.queryset[start:stop])


@pytest.fixture
def builds(monkeypatch):
    """How many listings were built through the ORM (not served from prepared SQL)."""
    calls = []
    real = listing._Prepared.__init__
    monkeypatch.setattr(listing._Prepared, "__init__", lambda self, cleaned: calls.append(1) or real(self, cleaned))
    return calls


def test_a_listing_is_built_once_then_only_run(categories, builds):
    ProductFactory.create_batch(3, category=categories["shoes"])
    rows("category=shoes&ordering=price")
    rows("ordering=price&category=shoes")  # the same listing, parameters in another order
    rows("category=shoes&ordering=price&utm_source=mail&page=2")  # other parameters change nothing
    assert len(builds) == 1
    rows("category=shoes&ordering=-price")
    assert len(builds) == 2


def test_a_catalog_change_prepares_again(categories, builds):
    product = ProductFactory(category=categories["shoes"], price=D("10.00"))
    assert rows("ordering=price")[0][0] == product.pk
    bump_catalog_version()
    assert rows("ordering=price")[0][0] == product.pk
    assert len(builds) == 2


def test_a_running_discount_change_prepares_again(categories, builds):
    cheap = ProductFactory(category=categories["shoes"], price=D("10.00"))
    dear = ProductFactory(category=categories["t-shirts"], price=D("20.00"))
    assert [row[0] for row in rows("ordering=price")] == [cheap.pk, dear.pk]
    DiscountFactory(value=D("75"), categories=[categories["clothing"]])  # the t-shirt: 5.00
    assert [row[0] for row in rows("ordering=price")] == [dear.pk, cheap.pk]


def test_searches_are_not_prepared(categories, builds):
    ProductFactory(name="Steel lamp", category=categories["shoes"])
    rows("search=lamp")
    rows("search=lamp")
    assert len(builds) == 2


def test_a_listing_that_cannot_match_runs_nothing(categories, monkeypatch):
    from django.db.models import QuerySet

    # A search the backend knows matches nothing (Wagtail answers with ``.none()``): no SQL to run.
    monkeypatch.setattr(listing, "apply_product_filters", lambda queryset, cleaned: QuerySet.none(queryset))
    with CaptureQueriesContext(connection) as queries:
        assert rows("category=shoes", 0, 24) == []
    assert not any('FROM "catalog_product"' in q["sql"] for q in queries.captured_queries)


def test_bad_parameters_are_still_refused(categories):
    from storefront.errors import InvalidInput

    for query in ("ordering=cheapest", "category=nowhere", "min_price=abc"):
        with pytest.raises(InvalidInput):
            rows(query)


@pytest.fixture
def big_tree():
    """A subtree of seven categories with prices that collide (ties are broken by id), and a second tree."""
    rng = random.Random(11)
    top = CategoryFactory(slug="home")
    mids = [CategoryFactory(parent=top) for _ in range(2)]
    leaves = [CategoryFactory(parent=mids[i % 2]) for i in range(4)]
    other = CategoryFactory(slug="garden")
    brands = [BrandFactory(slug=f"b{i}") for i in range(3)]
    for _ in range(120):
        ProductFactory(
            category=rng.choice([top, *mids, *leaves, other]),
            brand=rng.choice(brands),
            price=D(rng.choice(["5.00", "9.99", "10.00", "25.50", "99.00"])) + D(rng.randint(0, 3)),
            is_active=rng.random() > 0.1,
        )
    return top


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query",
    [
        "category=home&ordering=price",
        "category=home&ordering=-price",
        "category=home&ordering=-price&min_price=9&max_price=60",
        "category=home&ordering=price&brand=b0,b2",
    ],
)
def test_merged_price_order_is_exactly_the_plain_order(big_tree, query):
    DiscountFactory(value=D("10"), brands=[BrandFactory._meta.model.objects.get(slug="b1")])
    pricing.refresh_sale_prices()
    pricing.forget_discounts()
    listing_ = selectors.product_list_rows(QueryDict(query))
    assert listing_._prepared.merged_categories and len(listing_._prepared.merged_categories) == 7
    total = listing_.count()
    assert total > 10
    for start, stop in ((0, 5), (5, 10), (3, 24), (0, 100), (total - 2, total + 5)):
        assert rows(query, start, stop) == plain_rows(query, start, stop), (start, stop)


@pytest.mark.postgres
def test_only_price_orderings_over_several_categories_are_merged(big_tree, categories):
    def merged(query):
        cache.clear()
        return selectors.product_list_rows(QueryDict(query))._prepared.merged_categories is not None

    assert merged("category=home&ordering=price")
    assert not merged("category=home")  # newest first walks its own index
    assert not merged("category=home&ordering=name")
    assert not merged("category=home&ordering=price&search=lamp")
    assert not merged("category=shoes&ordering=price")  # one category: the index order already fits
    with CaptureQueriesContext(connection) as queries:
        rows("category=home&ordering=-price", 0, 24)
    assert "UNION ALL" in queries.captured_queries[-1]["sql"]
