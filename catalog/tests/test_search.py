from decimal import Decimal

import pytest

from catalog import search, services
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def found(api_client, text, **params) -> list[str]:
    response = api_client.get(LIST, {"search": text, **params})
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def products(categories):
    acme = BrandFactory(name="Acme", slug="acme")
    return {
        "kettle": ProductFactory(
            slug="kettle",
            name="Steel Kettle",
            sku="KT-100",
            description="<p>Boils water fast.</p>",
            brand=acme,
            category=categories["shoes"],
            price=Decimal("30.00"),
        ),
        "lamp": ProductFactory(
            slug="lamp",
            name="Desk Lamp",
            sku="LP-200",
            description="<p>A warm light for reading.</p>",
            brand=BrandFactory(name="Lumen", slug="lumen"),
            category=categories["shirts"],
            price=Decimal("45.00"),
        ),
        "mug": ProductFactory(
            slug="mug",
            name="Travel Mug",
            sku="MG-300",
            description="<p>Keeps coffee hot.</p>",
            brand=None,
            category=categories["t-shirts"],
            price=Decimal("12.00"),
        ),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kettle", ["kettle"]),  # name
        ("KT-100", ["kettle"]),  # SKU
        ("reading", ["lamp"]),  # description
        ("lumen", ["lamp"]),  # brand name
        ("shirts", ["lamp", "mug"]),  # category names: Shirts and T-Shirts
        ("coffee", ["mug"]),
        ("submarine", []),
    ],
)
def test_search_covers_name_sku_description_brand_and_category(api_client, products, text, expected):
    assert sorted(found(api_client, text)) == expected


def test_every_word_must_match(api_client, products):
    assert found(api_client, "desk lamp") == ["lamp"]
    assert found(api_client, "desk kettle") == []


def test_search_combines_with_filters_and_ordering(api_client, products, categories):
    ProductFactory(slug="lamp-2", name="Floor Lamp", category=categories["t-shirts"], price=Decimal("99.00"))
    ProductFactory(slug="lamp-3", name="Bedside Lamp", category=categories["shoes"], price=Decimal("20.00"))
    assert found(api_client, "lamp", category="clothing", ordering="-price") == ["lamp-2", "lamp"]
    assert found(api_client, "lamp", ordering="price") == ["lamp-3", "lamp", "lamp-2"]
    assert found(api_client, "lamp", max_price="50", ordering="price") == ["lamp-3", "lamp"]
    response = api_client.get(LIST, {"search": "lamp", "page_size": 1})
    assert response.json()["count"] == 3


@pytest.mark.postgres
def test_a_name_match_outranks_a_description_match(api_client, categories):
    ProductFactory(
        slug="mentions",
        name="Garden Hose",
        description="<p>Pairs well with a watering can.</p>",
        category=categories["shoes"],
    )
    ProductFactory(
        slug="named", name="Watering Can", description="<p>Galvanised steel.</p>", category=categories["shoes"]
    )
    assert found(api_client, "watering") == ["named", "mentions"]


@pytest.mark.postgres
def test_a_name_match_outranks_a_brand_match(api_client, categories):
    ProductFactory(
        slug="by-brand", name="Plain Box", brand=BrandFactory(name="Orbit", slug="orbit"), category=categories["shoes"]
    )
    ProductFactory(slug="by-name", name="Orbit Lamp", brand=None, category=categories["shoes"])
    assert found(api_client, "orbit") == ["by-name", "by-brand"]


@pytest.mark.postgres
def test_equal_ranks_list_the_newest_product_first_and_pages_do_not_overlap(api_client, categories):
    brand = BrandFactory(name="Plain", slug="plain")
    made = [
        ProductFactory(slug=f"lamp-{n}", name="Brass Lamp", description="", brand=brand, category=categories["shoes"])
        for n in range(12)
    ]
    expected = [p.slug for p in sorted(made, key=lambda p: p.pk, reverse=True)]
    assert found(api_client, "lamp", page_size=5) == expected[:5]
    assert found(api_client, "lamp", page_size=5, page=2) == expected[5:10]
    assert found(api_client, "lamp", page_size=5, page=3) == expected[10:]


def test_index_follows_product_changes(api_client, products):
    services.update_product(slug="kettle", name="Copper Teapot")
    assert found(api_client, "teapot") == ["kettle"]
    assert found(api_client, "kettle") == []


def test_deleted_and_inactive_products_are_not_found(api_client, products):
    services.delete_product(slug="kettle")
    services.update_product(slug="lamp", is_active=False)
    assert found(api_client, "kettle") == []
    assert found(api_client, "lamp") == []


def test_renaming_a_brand_or_category_reindexes_its_products(
    api_client, products, categories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_brand(slug="acme", name="Zenith")
        services.update_category(slug="t-shirts", name="Tableware")
    assert found(api_client, "zenith") == ["kettle"]
    assert found(api_client, "tableware") == ["mug"]


def test_new_products_are_searchable_at_once(api_client, categories):
    services.create_product(name="Walnut Chess Set", sku="CH-1", price="80", category="shoes")
    assert found(api_client, "chess") == ["walnut-chess-set"]


def test_backends_without_querysets_rank_by_their_own_order(api_client, products, monkeypatch):
    """Elasticsearch-style backends answer ranked ids; the order must survive the SQL round trip."""
    real_backend = search.get_search_backend()

    class IdsOnly:
        def __init__(self, results):
            self._results = list(results)

        def __getitem__(self, key):
            return self._results[key]

    class IdsBackend:
        def search(self, *args, **kwargs):
            return IdsOnly(reversed(list(real_backend.search(*args, **kwargs))))

    monkeypatch.setattr(search, "get_search_backend", lambda: IdsBackend())
    ProductFactory(slug="mug-2", name="Travel Mug Deluxe", category=CategoryFactory())
    ranked = found(api_client, "mug")
    assert sorted(ranked) == ["mug", "mug-2"]
    assert found(api_client, "mug", ordering="-name") == ["mug-2", "mug"]


@pytest.mark.parametrize("text", ["---", "'", "a & b | !c", "\\", "foo:*", "(", "<->", "%", "ü"])
def test_search_syntax_characters_are_plain_text_not_errors(api_client, products, text):
    response = api_client.get(LIST, {"search": text})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_blank_search_is_ignored(api_client, products):
    assert len(found(api_client, "   ")) == 3
