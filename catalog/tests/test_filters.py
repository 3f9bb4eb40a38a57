from decimal import Decimal

import pytest
from django.http import QueryDict

from catalog import pricing, selectors
from catalog.models import Product
from catalog.tests.factories import BrandFactory, DiscountFactory, ProductFactory
from storefront.errors import InvalidInput

D = Decimal

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def slugs(api_client, **params) -> list[str]:
    response = api_client.get(LIST, params)
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def shelf(categories, brands):
    """Five products across the tree, brands, prices, stock and ratings."""
    make = ProductFactory
    return {
        "tee": make(
            slug="tee",
            name="Basic Tee",
            category=categories["t-shirts"],
            brand=brands["acme"],
            price=Decimal("10.00"),
            in_stock=True,
            rating=Decimal("4.50"),
        ),
        "oxford": make(
            slug="oxford",
            name="Oxford Shirt",
            category=categories["shirts"],
            brand=brands["globex"],
            price=Decimal("40.00"),
            in_stock=False,
            rating=Decimal("3.00"),
        ),
        "chino": make(
            slug="chino",
            name="Chino",
            category=categories["trousers"],
            brand=brands["acme"],
            price=Decimal("55.00"),
            in_stock=True,
            rating=None,
        ),
        "boot": make(
            slug="boot",
            name="Boot",
            category=categories["shoes"],
            brand=brands["initech"],
            price=Decimal("120.00"),
            in_stock=True,
            rating=Decimal("5.00"),
        ),
        "plain": make(
            slug="plain",
            name="Anonymous Sock",
            category=categories["shoes"],
            brand=None,
            price=Decimal("3.00"),
            in_stock=False,
            rating=Decimal("1.00"),
        ),
    }


def test_category_includes_descendants(api_client, shelf):
    assert sorted(slugs(api_client, category="clothing")) == ["chino", "oxford", "tee"]
    assert sorted(slugs(api_client, category="shirts")) == ["oxford", "tee"]
    assert slugs(api_client, category="t-shirts") == ["tee"]


def test_brand_takes_one_or_several_slugs(api_client, shelf):
    assert sorted(slugs(api_client, brand="acme")) == ["chino", "tee"]
    assert sorted(slugs(api_client, brand="acme,initech")) == ["boot", "chino", "tee"]
    assert sorted(slugs(api_client, brand=" globex , globex ")) == ["oxford"]


@pytest.mark.parametrize(("param", "value"), [("category", "nope"), ("brand", "nope"), ("brand", "acme,nope")])
def test_unknown_category_or_brand_slug_is_a_400(api_client, shelf, param, value):
    response = api_client.get(LIST, {param: value})
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "code": "invalid_choice",
        "detail": f"Unknown {param} 'nope'.",
        "attr": param,
    }


def test_slug_lookups_follow_catalog_changes_at_once(api_client, shelf, categories, django_capture_on_commit_callbacks):
    # Slugs are looked up once per catalog version (unknown ones too); a save moves the version.
    assert api_client.get(LIST, {"brand": "newco"}).status_code == 400
    assert sorted(slugs(api_client, category="shirts")) == ["oxford", "tee"]
    with django_capture_on_commit_callbacks(execute=True):
        BrandFactory(name="Newco", slug="newco")
        shirts = categories["shirts"]
        shirts.slug = "tops"
        shirts.save()
    assert slugs(api_client, brand="newco") == []
    assert api_client.get(LIST, {"category": "shirts"}).json()["errors"][0]["code"] == "invalid_choice"
    assert sorted(slugs(api_client, category="tops")) == ["oxford", "tee"]


def test_price_range_is_inclusive(api_client, shelf):
    assert sorted(slugs(api_client, min_price="10", max_price="55.00")) == ["chino", "oxford", "tee"]
    assert slugs(api_client, min_price="100.5") == ["boot"]
    assert slugs(api_client, max_price="3") == ["plain"]


def test_price_filters_and_ordering_use_the_sale_price(api_client, shelf, categories):
    # A promotion: everything in the shoes category at a tenth of the price (stored by its refresh).
    DiscountFactory(value=D("90"), categories=[categories["shoes"]])
    pricing.refresh_sale_prices()
    assert sorted(slugs(api_client, max_price="12")) == ["boot", "plain", "tee"]
    assert slugs(api_client, ordering="price")[:3] == ["plain", "tee", "boot"]


def test_in_stock(api_client, shelf):
    assert sorted(slugs(api_client, in_stock="true")) == ["boot", "chino", "tee"]
    assert sorted(slugs(api_client, in_stock="false")) == ["oxford", "plain"]
    assert sorted(slugs(api_client, in_stock="1")) == ["boot", "chino", "tee"]


def test_min_rating(api_client, shelf):
    assert sorted(slugs(api_client, min_rating="4.5")) == ["boot", "tee"]
    assert sorted(slugs(api_client, min_rating="0")) == ["boot", "oxford", "plain", "tee"]  # unrated excluded


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["plain", "tee", "oxford", "chino", "boot"]),
        ("-price", ["boot", "chino", "oxford", "tee", "plain"]),
        ("name", ["plain", "tee", "boot", "chino", "oxford"]),
        ("-name", ["oxford", "chino", "boot", "tee", "plain"]),
        ("created_at", ["tee", "oxford", "chino", "boot", "plain"]),
        ("-created_at", ["plain", "boot", "chino", "oxford", "tee"]),
        ("rating", ["chino", "plain", "oxford", "tee", "boot"]),
        ("-rating", ["boot", "tee", "oxford", "plain", "chino"]),
    ],
)
def test_every_ordering(api_client, shelf, ordering, expected):
    assert slugs(api_client, ordering=ordering) == expected


def test_default_ordering_is_newest_first(api_client, shelf):
    assert slugs(api_client) == ["plain", "boot", "chino", "oxford", "tee"]


def test_filters_combine(api_client, shelf):
    assert slugs(api_client, category="clothing", brand="acme", in_stock="true", ordering="-price") == ["chino", "tee"]


@pytest.mark.parametrize(
    ("param", "value", "code"),
    [
        ("ordering", "popularity", "invalid_choice"),
        ("ordering", "-sale_price", "invalid_choice"),
        ("min_price", "abc", "invalid"),
        ("max_price", "1e5000", "max_digits"),
        ("max_price", "NaN", "invalid"),
        ("min_price", "1.005", "max_decimal_places"),
        ("in_stock", "yes", "invalid_choice"),
        ("in_stock", "True", "invalid_choice"),
        ("min_rating", "x", "invalid"),
        ("min_rating", "6", "max_value"),
        ("search", "x" * 201, "max_length"),
    ],
)
def test_malformed_parameters_are_a_400_naming_the_parameter(api_client, shelf, param, value, code):
    response = api_client.get(LIST, {param: value})
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert (body["errors"][0]["attr"], body["errors"][0]["code"]) == (param, code)


def test_empty_parameters_are_ignored(api_client, shelf):
    assert len(slugs(api_client, category="", brand="", min_price="", in_stock="", search="", ordering="")) == 5


def test_selector_serves_pages_with_the_same_parameters(shelf):
    queryset = selectors.product_list(QueryDict("category=clothing&ordering=price"))
    assert [p.slug for p in queryset] == ["tee", "oxford", "chino"]
    with pytest.raises(InvalidInput) as error:
        selectors.product_list(QueryDict("ordering=cheapest"))
    assert error.value.attr == "ordering"
    filterset = selectors.product_filterset(QueryDict("min_price=abc"))
    assert not filterset.is_valid() and "min_price" in filterset.errors
    # The bound FilterSet (a page's form) filters exactly as the API's parser does.
    params = QueryDict("category=clothing&brand=acme&in_stock=true&ordering=-price")
    filterset = selectors.product_filterset(params)
    assert filterset.is_valid()
    assert [p.slug for p in filterset.qs] == [row[1] for row in selectors.product_list_rows(params)] == ["chino", "tee"]


def test_hidden_products_never_match_a_filter(api_client, shelf):
    Product.objects.filter(slug="tee").update(is_active=False)
    assert slugs(api_client, category="t-shirts") == []
