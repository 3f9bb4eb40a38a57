"""The listing's rows (``catalog.listing``): a plain queryset, and price order across a category subtree merged
from per-category index reads, giving exactly the rows of the plain query."""

import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalog import listing, selectors
from catalog.tests.factories import BrandFactory, CategoryFactory, DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db

D = Decimal


def rows(query: str, start=0, stop=None) -> list[tuple]:
    return list(selectors.product_list_rows(QueryDict(query))[start:stop])


def plain_rows(query: str, start=0, stop=None) -> list[tuple]:
    """The same listing as one plain query (no merge)."""
    merged = selectors.product_list_rows(QueryDict(query))
    return list(merged.rows[start:stop])


def test_a_listing_is_a_values_queryset_with_the_summary_columns(categories):
    ProductFactory(category=categories["shoes"], price=D("10.00"))
    listing_ = selectors.product_list_rows(QueryDict("category=shoes&ordering=price"))
    assert isinstance(listing_, QuerySet)
    assert [len(row) for row in listing_] == [len(listing.SUMMARY_COLUMNS)]


def test_a_discount_change_reorders_the_listing(categories):
    cheap = ProductFactory(category=categories["shoes"], price=D("10.00"))
    dear = ProductFactory(category=categories["t-shirts"], price=D("20.00"))
    assert [row[0] for row in rows("ordering=price")] == [cheap.pk, dear.pk]
    DiscountFactory(value=D("75"), categories=[categories["clothing"]])  # the t-shirt: 5.00
    assert [row[0] for row in rows("ordering=price")] == [dear.pk, cheap.pk]


def test_a_listing_that_cannot_match_runs_nothing(categories, monkeypatch):
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
def merge_all(monkeypatch):
    """Merge every subtree, however small (the threshold is for big catalogs)."""
    monkeypatch.setattr(listing, "MERGE_ABOVE", 0)


@pytest.fixture
def big_tree(merge_all):
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
    listing_ = selectors.product_list_rows(QueryDict(query))
    assert len(listing_.category_ids) == 7
    total = listing_.count()
    assert total > 10
    for start, stop in ((0, 5), (5, 10), (3, 24), (0, 100), (total - 2, total + 5)):
        assert rows(query, start, stop) == plain_rows(query, start, stop), (start, stop)


@pytest.mark.postgres
def test_only_price_orderings_over_several_categories_are_merged(big_tree, categories, monkeypatch):
    def merged(query):
        cache.clear()
        return isinstance(selectors.product_list_rows(QueryDict(query)), listing.MergedPriceRows)

    assert merged("category=home&ordering=price")
    assert not merged("category=home")  # newest first walks its own index
    assert not merged("category=home&ordering=name")
    assert not merged("category=home&ordering=price&search=lamp")
    assert not merged("category=shoes&ordering=price")  # one category: the index order already fits
    with CaptureQueriesContext(connection) as queries:
        rows("category=home&ordering=-price", 0, 24)
    assert "UNION ALL" in queries.captured_queries[-1]["sql"]
    monkeypatch.setattr(listing, "MERGE_ABOVE", 120)  # the whole subtree (about 105 products) in one plain sort
    assert not merged("category=home&ordering=price")
