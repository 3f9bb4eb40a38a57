"""Product variants in the catalog (#13): the summary a product derives from its variants, generating variants
from option values, the detail's options and variants, listing prices, option facets, the admin and the page."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.tests.factories import UserFactory
from catalog.models import Product, ProductVariant
from catalog.tests.factories import CategoryFactory, ProductFactory, ProductImageFactory, WagtailImageFactory
from catalog.variants import (
    combination_sku,
    generate_variants,
    options_of,
    parse_option_grid,
    summary_of,
    variant_for,
)
from commerce.models import Stock
from commerce.tests.factories import stocked_product, stocked_variant
from storefront.errors import InvalidInput

pytestmark = pytest.mark.django_db


def sized(product, *sizes_units, prices=None):
    """Replace the product's optionless variant with one per (size, units); ``prices``: size -> own price."""
    product.variants.all().delete()
    prices = prices or {}
    return [
        stocked_variant(
            units, product=product, sku=f"{product.sku}-{size}", options={"Size": size}, price=prices.get(size)
        )
        for size, units in sizes_units
    ]


# --- the product's summary ---------------------------------------------------------------------------


def test_summary_is_the_lowest_price_in_stock_else_the_lowest_of_all():
    price = Decimal("10.00")
    assert summary_of(price, [(None, True), (Decimal("8.00"), False)]) == (True, Decimal("10.00"))
    assert summary_of(price, [(Decimal("12.00"), True), (Decimal("8.00"), False)]) == (True, Decimal("12.00"))
    assert summary_of(price, [(Decimal("12.00"), False), (Decimal("8.00"), False)]) == (False, Decimal("8.00"))
    assert summary_of(price, []) == (False, price)


def test_the_product_follows_its_variants_prices_and_flags():
    product = ProductFactory(price=Decimal("30.00"))
    _small, large = sized(product, ("S", 0), ("L", 4), prices={"L": Decimal("35.00")})
    product.refresh_from_db()
    assert (product.in_stock, product.from_price) == (True, Decimal("35.00"))  # only L is in stock
    ProductVariant.objects.filter(pk=large.pk).update(price=Decimal("28.00"))
    large.refresh_from_db()
    large.save()  # the admin saves variants as models: the product follows
    product.refresh_from_db()
    assert (product.from_price, product.sale_price) == (Decimal("28.00"), Decimal("28.00"))
    product.price = Decimal("20.00")  # S has no price of its own, but is sold out
    product.save()
    product.refresh_from_db()
    assert product.from_price == Decimal("28.00")


# --- generating variants -------------------------------------------------------------------------------


def test_parse_option_grid():
    assert parse_option_grid("Size: S, M, M\n\nColour: Red") == {"Size": ["S", "M"], "Colour": ["Red"]}
    for bad in ("", "Size S, M", "Size:", ": S"):
        with pytest.raises(InvalidInput):
            parse_option_grid(bad)


def test_generating_turns_the_single_variant_into_the_first_combination_and_keeps_its_stock():
    product = stocked_product(7, sku="TEE")
    [single] = product.variants.all()
    made = generate_variants(product=product, grid={"Size": ["S", "M"], "Colour": ["Red", "Blue"]})
    variants = list(product.variants.order_by("sort_order", "id"))
    assert [v.options for v in variants] == [
        {"Size": "S", "Colour": "Red"},
        {"Size": "S", "Colour": "Blue"},
        {"Size": "M", "Colour": "Red"},
        {"Size": "M", "Colour": "Blue"},
    ]
    assert variants[0].pk == single.pk and variants[0].sku == "TEE-S-RED"
    assert Stock.objects.get(variant=single).quantity == 7
    assert len(made) == 4
    # Again with one more size: only the missing combinations are made.
    again = generate_variants(product=product, grid={"Size": ["S", "M", "L"], "Colour": ["Red", "Blue"]})
    assert sorted(v.sku for v in again) == ["TEE-L-BLUE", "TEE-L-RED"]
    assert options_of(product.variants.order_by("sort_order", "id")) == [
        {"name": "Size", "values": ["S", "M", "L"]},
        {"name": "Colour", "values": ["Red", "Blue"]},
    ]


def test_generating_refuses_grids_too_big_or_skus_taken():
    product = ProductFactory(sku="BIG")
    with pytest.raises(InvalidInput, match="At most 100"):
        generate_variants(product=product, grid={"A": [str(n) for n in range(11)], "B": [str(n) for n in range(10)]})
    ProductFactory(sku=combination_sku("BIG", ["S"]))  # another product's SKU
    with pytest.raises(InvalidInput, match="already taken"):
        generate_variants(product=product, grid={"Size": ["M", "S"]})
    assert list(product.variants.values_list("sku", flat=True)) == ["BIG"]  # nothing changed


def test_generating_keeps_to_the_one_options_rule():
    product = ProductFactory(sku="LONG")
    with pytest.raises(InvalidInput, match="values 60"):
        generate_variants(product=product, grid={"Size": ["x" * 61]})
    with pytest.raises(InvalidInput, match="Up to 3 options"):
        generate_variants(product=product, grid={name: ["1"] for name in "ABCD"})
    assert list(product.variants.values_list("options", flat=True)) == [{}]


def test_variant_for_resolves_skus_and_single_variant_products():
    one = ProductFactory()
    two = ProductFactory()
    a, _ = sized(two, ("S", 1), ("M", 1))
    assert variant_for(product_slug=one.slug) == one.variants.get()
    assert variant_for(sku=a.sku) == a
    with pytest.raises(InvalidInput) as raised:
        variant_for(product_slug=two.slug)
    assert raised.value.code == "variant_required"


# --- API -------------------------------------------------------------------------------------------------


def test_detail_lists_options_and_variants_with_their_availability():
    product = ProductFactory(price=Decimal("40.00"))
    sized(product, ("M", 3), ("XL", 0), prices={"XL": Decimal("45.00")})
    body = APIClient().get(f"/api/v1/products/{product.slug}/").json()
    assert body["options"] == [{"name": "Size", "values": ["M", "XL"]}]
    assert [
        (v["sku"], v["options"], v["price"], v["available"], v["in_stock"], v["image"]) for v in body["variants"]
    ] == [
        (f"{product.sku}-M", {"Size": "M"}, "40.00", 3, True, None),
        (f"{product.sku}-XL", {"Size": "XL"}, "45.00", 0, False, None),
    ]
    assert (body["available"], body["in_stock"], body["price"]) == (3, True, "40.00")


def test_a_product_without_options_has_one_variant_with_its_sku():
    product = stocked_product(2)
    body = APIClient().get(f"/api/v1/products/{product.slug}/").json()
    assert body["options"] == []
    assert [(v["sku"], v["options"], v["available"]) for v in body["variants"]] == [(product.sku, {}, 2)]


def test_detail_queries_do_not_grow_with_variants(django_assert_num_queries):
    from django.core.cache import cache

    few, many = ProductFactory(), ProductFactory()
    sized(few, ("S", 1))
    sized(many, *[(f"S{n}", n) for n in range(12)])
    counts = []
    for product in (few, many):
        APIClient().get(f"/api/v1/products/{product.slug}/")  # warm renditions
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert APIClient().get(f"/api/v1/products/{product.slug}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_listing_prices_a_product_at_its_lowest_variant_in_stock_and_sorts_by_it():
    cheap_sold_out = ProductFactory(price=Decimal("10.00"), name="A")
    sized(cheap_sold_out, ("S", 0), ("M", 2), prices={"M": Decimal("50.00")})
    middle = stocked_product(3, price=Decimal("30.00"), name="B")
    rows = APIClient().get("/api/v1/products/", {"ordering": "price"}).json()["results"]
    assert [(r["slug"], r["price"]) for r in rows] == [(middle.slug, "30.00"), (cheap_sold_out.slug, "50.00")]
    over_40 = APIClient().get("/api/v1/products/", {"min_price": "40"}).json()["results"]
    assert [r["slug"] for r in over_40] == [cheap_sold_out.slug]


def test_options_are_facets_and_filters():
    category = CategoryFactory()
    shirt = ProductFactory(category=category, attributes={"material": "Linen"})
    sized(shirt, ("S", 1), ("M", 1))
    other = ProductFactory(category=category, attributes={"material": "Linen"})
    sized(other, ("M", 1), ("L", 1))
    plain = ProductFactory(category=category, attributes={"material": "Wool"})
    client = APIClient()
    only_s = client.get("/api/v1/products/", {"attr.Size": "S"}).json()["results"]
    assert [r["slug"] for r in only_s] == [shirt.slug]
    body = client.get("/api/v1/products/", {"attr.Size": "M,L", "facets": "true"}).json()
    assert sorted(r["slug"] for r in body["results"]) == sorted([shirt.slug, other.slug])
    assert {f["value"]: f["count"] for f in body["facets"]["Size"]} == {"M": 2, "S": 1, "L": 1}
    assert {f["value"]: f["count"] for f in body["facets"]["material"]} == {"Linen": 2}
    assert plain.slug not in [r["slug"] for r in body["results"]]


# --- admin -------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _form(category, **overrides):
    data = {
        "name": "Tee",
        "slug": "tee",
        "sku": "TEE-1",
        "price": "15.00",
        "is_active": "on",
        "category": str(category.pk),
        "brand": "",
        "description": rich_text("<p>Soft.</p>"),
        "attributes": "{}",
        "generate_variants": "",
        "variants": inline_formset([]),
        "images": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_creates_a_product_with_its_one_variant(admin_client):
    response = admin_client.post("/admin/snippets/catalog/product/add/", _form(CategoryFactory()))
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get(sku="TEE-1")
    assert list(product.variants.values_list("sku", "options")) == [("TEE-1", {})]


def test_admin_generates_variants_and_edits_them_inline(admin_client):
    category = CategoryFactory()
    response = admin_client.post(
        "/admin/snippets/catalog/product/add/", _form(category, generate_variants="Size: S, M\nColour: Red")
    )
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get(sku="TEE-1")
    variants = list(product.variants.order_by("sort_order", "id"))
    assert [(v.sku, v.options) for v in variants] == [
        ("TEE-1-S-RED", {"Size": "S", "Colour": "Red"}),
        ("TEE-1-M-RED", {"Size": "M", "Colour": "Red"}),
    ]
    rows = [
        {
            "id": v.pk,
            "sku": v.sku,
            "options": json.dumps(v.options),
            "price": "18.00" if i else "",
            "image": "",
            "ORDER": str(i),
        }
        for i, v in enumerate(variants)
    ]
    response = admin_client.post(
        f"/admin/snippets/catalog/product/edit/{product.pk}/",
        _form(category, variants=inline_formset(rows, initial=2)),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ProductVariant.objects.get(pk=variants[1].pk).price == Decimal("18.00")


def test_admin_refuses_a_taken_sku_or_grid_as_form_errors_not_a_failed_save(admin_client):
    category = CategoryFactory()
    stocked_variant(1, sku="TEE-1")  # another product's variant has the product's SKU
    taken_sku = admin_client.post("/admin/snippets/catalog/product/add/", _form(category))
    assert taken_sku.status_code == 200 and "Another product has a variant with this SKU." in taken_sku.content.decode()
    stocked_variant(1, sku="TEE-2-RED")  # and one a generated SKU would clash with
    taken_grid = admin_client.post(
        "/admin/snippets/catalog/product/add/", _form(category, sku="TEE-2", generate_variants="Colour: Red")
    )
    assert taken_grid.status_code == 200 and "already taken" in taken_grid.content.decode()
    too_big = admin_client.post(
        "/admin/snippets/catalog/product/add/",
        _form(category, sku="TEE-3", generate_variants="A: 1,2,3,4,5,6,7,8,9,10,11\nB: 1,2,3,4,5,6,7,8,9,10"),
    )
    assert too_big.status_code == 200 and "At most 100" in too_big.content.decode()
    assert not Product.objects.filter(sku__in=["TEE-1", "TEE-2", "TEE-3"]).exists()


def test_the_ledger_keeps_a_variant_with_stock_history(admin_client):
    from django.db.models import ProtectedError

    from commerce.models import StockMovement
    from commerce.services.stock import adjust_stock

    category = CategoryFactory()
    admin_client.post("/admin/snippets/catalog/product/add/", _form(category, generate_variants="Size: S, M"))
    product = Product.objects.get(sku="TEE-1")
    small, medium = product.variants.order_by("sort_order", "id")
    adjust_stock(variant=medium, delta=3)

    def rows(*deleted):
        return inline_formset(
            [
                {"id": v.pk, "sku": v.sku, "options": json.dumps(v.options), "price": "", "image": "", "ORDER": str(i)}
                | ({"DELETE": "1"} if v in deleted else {})
                for i, v in enumerate((small, medium))
            ],
            initial=2,
        )

    edit = f"/admin/snippets/catalog/product/edit/{product.pk}/"
    refused = admin_client.post(edit, _form(category, variants=rows(small, medium)))
    assert refused.status_code == 200
    assert "Variant TEE-1-M has stock history" in refused.content.decode()
    assert product.variants.count() == 2 and StockMovement.objects.filter(variant=medium).count() == 1
    allowed = admin_client.post(edit, _form(category, variants=rows(small)))  # no history: it may go
    assert allowed.status_code == 302, allowed.context["form"].errors
    assert list(product.variants.all()) == [medium]
    with pytest.raises(ProtectedError):  # the database model says the same to any other caller
        medium.delete()


def test_option_types_are_defined_per_category_and_inherited():
    clothing = CategoryFactory(option_types=["Size", "Colour"])
    shirts = CategoryFactory(parent=clothing)
    shoes = CategoryFactory(parent=clothing, option_types=["Size"])
    assert (shirts.allowed_options(), shoes.allowed_options(), CategoryFactory().allowed_options()) == (
        ["Size", "Colour"],
        ["Size"],
        [],
    )
    boot = ProductFactory(category=shoes, sku="BOOT")
    with pytest.raises(InvalidInput, match="its options are Size"):
        generate_variants(product=boot, grid={"Size": ["41", "42"], "Colour": ["Black"]})
    assert [v.options for v in generate_variants(product=boot, grid={"Size": ["41", "42"]})] == [
        {"Size": "41"},
        {"Size": "42"},
    ]


def test_admin_keeps_variants_to_the_category_option_types(admin_client):
    shoes = CategoryFactory(option_types=["Size"])
    grid = admin_client.post("/admin/snippets/catalog/product/add/", _form(shoes, generate_variants="Colour: Red"))
    assert grid.status_code == 200 and "its options are Size" in grid.content.decode()
    rows = [{"sku": "X-1", "options": '{"Colour": "Red"}', "price": "", "image": "", "ORDER": "0"}]
    inline = admin_client.post("/admin/snippets/catalog/product/add/", _form(shoes, variants=inline_formset(rows)))
    assert inline.status_code == 200 and "its options are Size" in inline.content.decode()
    assert not Product.objects.exists()
    edit = admin_client.post(
        f"/admin/snippets/catalog/category/edit/{shoes.pk}/",
        nested_form_data(
            {
                "name": shoes.name,
                "slug": shoes.slug,
                "parent": "",
                "description": "",
                "option_types": "Size, Width, Size",
            }
        ),
    )
    assert edit.status_code == 302
    shoes.refresh_from_db()
    assert shoes.option_types == ["Size", "Width"]


def test_admin_refuses_bad_options_with_a_form_error(admin_client):
    category = CategoryFactory()
    rows = [{"sku": "X-1", "options": '{"Size": 3}', "price": "", "image": "", "ORDER": "0"}]
    response = admin_client.post("/admin/snippets/catalog/product/add/", _form(category, variants=inline_formset(rows)))
    assert response.status_code == 200
    assert "needs a value in quotes" in response.content.decode()
    bad_grid = admin_client.post("/admin/snippets/catalog/product/add/", _form(category, generate_variants="Size"))
    assert bad_grid.status_code == 200 and "Size: S, M, L" in bad_grid.content.decode()
    assert not Product.objects.exists()


# --- the server-rendered page ----------------------------------------------------------------------


def test_the_product_page_shows_each_variant_picture_once_after_the_products():
    product = ProductFactory(name="Tee")
    ProductImageFactory(product=product, sort_order=0)
    red = WagtailImageFactory(title="Red tee")
    medium, large, _xl = sized(product, ("M", 1), ("L", 1), ("XL", 1))
    ProductVariant.objects.filter(pk__in=[medium.pk, large.pk]).update(image=red)  # one picture for both red sizes
    html = Client().get(f"/products/{product.slug}/").content.decode()
    gallery = html[html.index("product-detail__gallery") :]
    assert gallery.count("<img ") == 2  # the product's, then the red one once
    assert 'alt="Tee, M"' in gallery and red.get_rendition("max-1200x1200").url in gallery
    assert '"image": {"url"' in html  # the picker's data carries it, to show the chosen variant's picture


def test_the_product_page_offers_each_variant_without_javascript_and_buys_the_chosen_one():
    product = ProductFactory(price=Decimal("20.00"))
    m, xl = sized(product, ("M", 3), ("XL", 0))
    client = Client()
    html = client.get(f"/products/{product.slug}/").content.decode()
    assert f'<option value="{m.sku}">' in html and "sold out" in html
    assert f'<option value="{xl.sku}" disabled>' in html
    assert "js/variant-picker.js" in html and 'id="variant-data"' in html
    client.post("/cart/add/", {"product": product.slug, "variant": m.sku, "quantity": "2"})
    cart = client.get("/cart/").content.decode()
    assert "Size: M" in cart and m.sku in cart
    # The product alone sends the shopper back to choose.
    response = client.post("/cart/add/", {"product": product.slug, "quantity": "1"})
    assert response.status_code == 302 and response["Location"] == f"/products/{product.slug}/"
