"""The demo catalog: idempotent, deterministic, a believable 3-level tree, images, stock, consistent ratings."""

from decimal import Decimal

import pytest
from django.db.models import Avg, Count, Q

from accounts import demo as accounts_demo
from catalog import demo
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review
from catalog.search import search_products
from commerce.models import Stock, StockMovement
from storefront.money import to_cents

pytestmark = pytest.mark.django_db


def seed(products: int) -> list[str]:
    lines = []
    accounts_demo.seed(products=products, log=lines.append)
    demo.seed(products=products, log=lines.append)
    return lines


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Category, Brand, Product, ProductImage, Review, Stock, StockMovement)
    }


def snapshot() -> list[tuple]:
    return list(
        Product.objects.order_by("sku").values_list("sku", "slug", "name", "price", "attributes", "brand__slug")
    )


def test_seeding_twice_creates_nothing_new_and_a_bigger_number_tops_up():
    seed(30)
    first, before = counts(), snapshot()

    seed(30)
    assert counts() == first

    seed(45)
    assert Product.objects.count() == 45
    assert [row for row in snapshot() if row in before] == before  # the first 30 are untouched
    assert counts()["Category"] == first["Category"] and counts()["Brand"] == first["Brand"]


def test_products_are_the_same_on_every_run():
    leaves = list(demo.ensure_categories().values())
    brands = demo.ensure_brands()
    one, two = (demo.plan_product(7, leaves, brands, reviewers=3) for _ in range(2))

    assert (one.product.name, one.product.sku, one.product.price, one.product.attributes) == (
        two.product.name,
        two.product.sku,
        two.product.price,
        two.product.attributes,
    )
    assert (one.images, one.reviews, one.quantity) == (two.images, two.reviews, two.quantity)


def test_a_three_level_category_tree_with_products_on_the_leaves():
    seed(40)

    assert Category.objects.filter(depth=1).count() == 4
    assert 18 <= Category.objects.count() <= 25
    assert set(Category.objects.values_list("depth", flat=True)) == {1, 2, 3}
    shirts = Category.objects.get(slug="men-shirts")
    assert [c.name for c in shirts.get_ancestors()] == ["Clothing", "Men"]
    assert not Product.objects.exclude(category__depth=3).exists()
    assert 14 <= Brand.objects.count() <= 16


def test_products_look_real():
    seed(40)

    for product in Product.objects.select_related("category", "brand"):
        assert product.price > 0 and str(product.price).endswith(".99")
        assert product.description.startswith("<p>") and "<ul>" in product.description
        assert product.attributes and all(isinstance(v, str) for v in product.attributes.values())
        assert product.brand.name.split()[0] in product.name
    shirt = Product.objects.filter(category__slug="men-shirts").first()
    assert set(shirt.attributes) == {"material"}  # colour and size are its variants' options
    assert {name for v in shirt.variants.all() for name in v.options} == {"Colour", "Size"}
    assert shirt.variants.count() >= 6
    lamp = Product.objects.filter(category__name="Lighting").first()
    assert list(lamp.variants.values_list("sku", "options")) == [(lamp.sku, {})]


def test_every_product_has_one_to_three_generated_images():
    seed(40)

    per_product = Product.objects.annotate(n=Count("images")).values_list("n", flat=True)
    assert set(per_product) <= {1, 2, 3} and min(per_product) >= 1
    pictures = {image.image for image in ProductImage.objects.select_related("image")}
    assert len(pictures) <= 12  # a small shared set, not one file per product
    picture = next(iter(pictures))
    assert (picture.width, picture.height) == (800, 800)
    assert picture.file.name.endswith(".jpg")
    assert ProductImage.objects.exclude(alt_text="").count() == ProductImage.objects.count()


def test_ratings_match_the_approved_reviews():
    seed(60)

    assert Review.objects.filter(status=Review.Status.APPROVED).exists()
    assert set(Review.objects.values_list("user__email", flat=True)) <= set(demo.REVIEWERS)
    for product in Product.objects.annotate(
        approved=Count("reviews", filter=Q(reviews__status="approved")),
        average=Avg("reviews__rating", filter=Q(reviews__status="approved")),
    ):
        assert product.review_count == product.approved
        expected = to_cents(Decimal(str(product.average))) if product.approved else None
        assert product.rating == expected, product.sku


def test_stock_rows_exist_and_match_in_stock():
    seed(40)

    stocks = dict(Stock.objects.values_list("variant_id", "quantity"))
    assert len(stocks) == ProductVariant.objects.count()
    for variant_id, in_stock in ProductVariant.objects.values_list("id", "in_stock"):
        assert in_stock == (stocks[variant_id] > 0)
    for product in Product.objects.prefetch_related("variants"):
        assert product.in_stock == any(v.in_stock for v in product.variants.all())
    movements = dict(StockMovement.objects.values_list("variant_id", "quantity_after"))
    assert movements == {pid: quantity for pid, quantity in stocks.items() if quantity}


def test_seeded_products_are_in_the_search_index():
    seed(30)
    product = Product.objects.order_by("sku").first()
    word = product.name.split()[-1]

    found = search_products(Product.objects.all(), word, rank=False)

    assert product in list(found)


def test_existing_stock_is_left_alone():
    seed(5)
    stock = Stock.objects.first()
    Stock.objects.filter(pk=stock.pk).update(quantity=999)

    seed(10)

    assert Stock.objects.get(pk=stock.pk).quantity == 999
    assert Stock.objects.count() == ProductVariant.objects.count()
