"""The catalog in the Wagtail admin: listings, forms, tree editing, bulk actions, moderation, permissions."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.tests.factories import UserFactory
from catalog.models import Brand, Category, Product, Review
from catalog.tests.factories import (
    BrandFactory,
    CategoryFactory,
    DiscountFactory,
    ProductFactory,
    ReviewFactory,
    WagtailImageFactory,
)
from storefront.models import OutboxEvent
from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db


def url(model: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_catalog_{model}:{view}", args=args)


def bulk_url(model: str, action: str, ids, next_url: str = "/admin/") -> str:
    query = "&".join(f"id={pk}" for pk in ids)
    return f"{reverse('wagtail_bulk_action', args=('catalog', model, action))}?{query}&next={next_url}"


def events(name: str) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(name=name))


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def merchandiser():
    apply_roles()  # idempotent; the group normally comes from migrate
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Merchandisers"))
    return user


@pytest.fixture
def merchandiser_client(merchandiser):
    client = Client()
    client.force_login(merchandiser)
    return client


@pytest.fixture
def tree():
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    men = CategoryFactory(name="Men", slug="men", parent=clothing)
    shirts = CategoryFactory(name="Shirts", slug="shirts", parent=men)
    home = CategoryFactory(name="Home", slug="home")
    return {"clothing": clothing, "men": men, "shirts": shirts, "home": home}


def product_form_data(*, category, brand=None, attributes='{"colour": "Navy"}', images=(), product=None, **overrides):
    """The product form as the admin posts it; ``product``: an existing one, whose variants the form carries."""
    variants = list(product.variants.all()) if product is not None else []
    data = {
        "variants": inline_formset(
            [
                {
                    "id": str(v.pk),
                    "sku": v.sku,
                    "options": json.dumps(v.options),
                    "price": "",
                    "image": "",
                    "ORDER": str(i),
                }
                for i, v in enumerate(variants)
            ],
            initial=len(variants),
        ),
        "generate_variants": "",
        "name": "Oxford Shirt",
        "slug": "oxford-shirt",
        "sku": "OX-001",
        "price": "39.99",
        "is_active": "on",
        "category": str(category.pk),
        "brand": str(brand.pk) if brand else "",
        "description": rich_text("<p>Soft cotton, button-down collar.</p>"),
        "attributes": attributes,
        "images": inline_formset(
            [{"image": str(image.pk), "alt_text": alt, "ORDER": str(i)} for i, (image, alt) in enumerate(images)]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


# --- Products: listing ----------------------------------------------------------------------------


def test_product_listing_shows_the_columns_and_hides_soft_deleted(admin_client, tree):
    brand = BrandFactory(name="Northwind")
    ProductFactory(name="Linen Shirt", sku="LIN-1", price=Decimal("49.99"), category=tree["shirts"], brand=brand)
    ProductFactory(name="Gone Shirt", sku="GONE-1", category=tree["shirts"], deleted_at=timezone.now())

    response = admin_client.get(url("product", "list"))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Linen Shirt", "LIN-1", "49.99", "Shirts", "Northwind", "In stock", "Active"):
        assert text in html
    assert "Gone Shirt" not in html

    only_deleted = admin_client.get(url("product", "list"), {"deleted": "only"}).content.decode()
    assert "Gone Shirt" in only_deleted
    assert "Linen Shirt" not in only_deleted


def test_product_listing_searches_name_and_sku(admin_client, tree):
    ProductFactory(name="Cast Iron Pan", sku="PAN-77", category=tree["home"])
    ProductFactory(name="Linen Shirt", sku="LIN-1", category=tree["shirts"])

    by_sku = admin_client.get(url("product", "list"), {"q": "pan-7"}).content.decode()
    by_name = admin_client.get(url("product", "list"), {"q": "linen"}).content.decode()

    assert "Cast Iron Pan" in by_sku and "Linen Shirt" not in by_sku
    assert "Linen Shirt" in by_name and "Cast Iron Pan" not in by_name


def test_product_listing_filters(admin_client, tree):
    acme = BrandFactory(name="Acme")
    ProductFactory(name="Deep Shirt", category=tree["shirts"], brand=acme, in_stock=True)
    ProductFactory(name="Hidden Shirt", category=tree["men"], is_active=False)
    ProductFactory(name="Kitchen Pot", category=tree["home"], in_stock=True)

    def names(**params):
        html = admin_client.get(url("product", "list"), params).content.decode()
        return {name for name in ("Deep Shirt", "Hidden Shirt", "Kitchen Pot") if name in html}

    # A category includes everything below it.
    assert names(category=tree["clothing"].pk) == {"Deep Shirt", "Hidden Shirt"}
    assert names(brand=acme.pk) == {"Deep Shirt"}
    assert names(is_active="false") == {"Hidden Shirt"}
    assert names(in_stock="true") == {"Deep Shirt", "Kitchen Pot"}


def test_product_listing_queries_do_not_grow_with_rows(admin_client, tree, django_assert_max_num_queries):
    ProductFactory(category=tree["shirts"])
    admin_client.get(url("product", "list"))  # warm per-process caches (content types, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin_client.get(url("product", "list"))
    ProductFactory.create_batch(30, category=tree["home"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url("product", "list")).status_code == 200


# --- Products: create / edit / delete -------------------------------------------------------------


def test_create_product_with_image_and_attributes_publishes_created(
    admin_client, tree, django_capture_on_commit_callbacks
):
    brand = BrandFactory()
    front, back = WagtailImageFactory(), WagtailImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url("product", "add"),
            product_form_data(
                category=tree["shirts"],
                brand=brand,
                attributes='{"colour": "Navy", "size": "M"}',
                images=[(front, "Front view"), (back, "Back view")],
            ),
        )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    product = Product.objects.get(sku="OX-001")
    assert product.attributes == {"colour": "Navy", "size": "M"}
    assert product.category == tree["shirts"] and product.brand == brand
    assert product.price == Decimal("39.99")
    assert "button-down collar" in product.description
    assert [(i.image_id, i.alt_text) for i in product.images.order_by("sort_order")] == [
        (front.pk, "Front view"),
        (back.pk, "Back view"),
    ]
    [event] = events("product.created")
    assert (event.payload["id"], event.payload["slug"]) == (product.pk, product.slug)


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ('["red", "blue"]', "must be a JSON object"),
        ('{"size": 42}', "must be text"),
        ('{"colour": {"name": "red"}}', "must be text"),
        ('{"colour": "red"', "Not valid JSON"),
        ('{"' + "n" * 65 + '": "red"}', "at most 64 characters"),
        ('{"colour": "' + "r" * 201 + '"}', "longer than 200 characters"),
    ],
)
def test_invalid_attributes_are_rejected_with_a_form_error(admin_client, tree, attributes, message):
    response = admin_client.post(
        url("product", "add"), product_form_data(category=tree["shirts"], attributes=attributes)
    )

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["attributes"])
    assert not Product.objects.exists()
    assert not events("product.created")


def test_edit_product_publishes_updated(admin_client, tree, django_capture_on_commit_callbacks):
    product = ProductFactory(category=tree["shirts"], attributes={"colour": "Red"})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url("product", "edit", product.pk),
            product_form_data(category=tree["men"], product=product, slug=product.slug, sku=product.sku, price="12.99"),
        )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.category, product.attributes) == (Decimal("12.99"), tree["men"], {"colour": "Navy"})
    assert len(events("product.updated")) == 1


def test_an_admin_price_edit_stores_the_listing_price(admin_client, tree):
    """The admin's save goes through ``services.sync_variants``, which stores the summary and sale price."""
    DiscountFactory(value=Decimal("50"), categories=[tree["men"]])
    product = ProductFactory(category=tree["shirts"], price=Decimal("20.00"))
    response = admin_client.post(
        url("product", "edit", product.pk),
        product_form_data(category=tree["men"], product=product, slug=product.slug, sku=product.sku, price="12.99"),
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.from_price, product.sale_price) == (Decimal("12.99"), Decimal("6.49"))


def test_edit_form_shows_attributes_as_json(admin_client, tree):
    product = ProductFactory(category=tree["shirts"], attributes={"material": "Linen"})
    html = admin_client.get(url("product", "edit", product.pk)).content.decode()
    assert "&quot;material&quot;: &quot;Linen&quot;" in html


def test_delete_view_soft_deletes_and_publishes_deleted(admin_client, tree, django_capture_on_commit_callbacks):
    product = ProductFactory(category=tree["shirts"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("product", "delete", product.pk))

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.deleted_at is not None  # the row stays for past orders
    assert len(events("product.deleted")) == 1


# --- Products: bulk actions -----------------------------------------------------------------------


def test_bulk_deactivate_and_activate(admin_client, tree, django_capture_on_commit_callbacks):
    a, b = ProductFactory(category=tree["shirts"]), ProductFactory(category=tree["shirts"])
    untouched = ProductFactory(category=tree["shirts"])

    confirm = admin_client.get(bulk_url("product", "deactivate", [a.pk, b.pk]))
    assert confirm.status_code == 200 and a.name in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(bulk_url("product", "deactivate", [a.pk, b.pk]))

    assert response.status_code == 302
    assert set(Product.objects.filter(is_active=False)) == {a, b}
    assert Product.objects.get(pk=untouched.pk).is_active
    assert len(events("product.updated")) == 2

    admin_client.post(bulk_url("product", "activate", [a.pk]))
    assert set(Product.objects.filter(is_active=False)) == {b}


def test_bulk_delete_is_a_soft_delete(admin_client, tree, django_capture_on_commit_callbacks):
    a, b = ProductFactory(category=tree["shirts"]), ProductFactory(category=tree["shirts"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(bulk_url("product", "delete", [a.pk, b.pk]))

    assert response.status_code == 302
    assert Product.objects.filter(pk__in=[a.pk, b.pk], deleted_at__isnull=False).count() == 2
    assert len(events("product.deleted")) == 2
    listing = admin_client.get(url("product", "list")).content.decode()
    assert a.name not in listing and b.name not in listing


# --- Categories -----------------------------------------------------------------------------------


def test_category_listing_is_in_tree_order_with_indentation(admin_client, tree):
    html = admin_client.get(url("category", "list_results"), {"ordering": "name"}).content.decode()

    positions = [html.index(f"{name}</span>") for name in ("Clothing", "Men", "Shirts", "Home")]
    assert positions == sorted(positions)
    assert ">Clothing</span>" in html
    assert f">{chr(0xA0) * 8}Shirts</span>" in html


def test_create_category_as_child_and_as_root(admin_client, tree):
    response = admin_client.post(
        url("category", "add"), {"name": "Trousers", "slug": "trousers", "parent": tree["men"].pk}
    )
    assert response.status_code == 302
    trousers = Category.objects.get(slug="trousers")
    assert trousers.get_parent() == tree["men"]
    assert trousers.depth == 3

    admin_client.post(url("category", "add"), {"name": "Garden", "slug": "garden", "parent": ""})
    assert Category.objects.get(slug="garden").is_root()


def test_edit_category_moves_it_with_its_subtree(admin_client, tree):
    response = admin_client.post(
        url("category", "edit", tree["men"].pk), {"name": "Menswear", "slug": "menswear", "parent": tree["home"].pk}
    )

    assert response.status_code == 302
    men = Category.objects.get(pk=tree["men"].pk)
    shirts = Category.objects.get(pk=tree["shirts"].pk)
    assert (men.name, men.slug, men.get_parent()) == ("Menswear", "menswear", tree["home"])
    assert shirts.get_parent() == men and shirts.path.startswith(tree["home"].path)


def test_category_cannot_move_under_its_own_descendant(admin_client, tree):
    response = admin_client.post(
        url("category", "edit", tree["clothing"].pk),
        {"name": "Clothing", "slug": "clothing", "parent": tree["shirts"].pk},
    )

    assert response.status_code == 200
    assert "cannot be moved under itself" in str(response.context["form"].errors["parent"])
    assert Category.objects.get(pk=tree["clothing"].pk).is_root()


# --- Brands ---------------------------------------------------------------------------------------


def test_create_brand_with_logo(admin_client):
    logo = WagtailImageFactory()
    response = admin_client.post(
        url("brand", "add"), {"name": "Acme", "slug": "acme", "logo": logo.pk, "description": ""}
    )
    assert response.status_code == 302
    assert Brand.objects.get(slug="acme").logo == logo


# --- Reviews --------------------------------------------------------------------------------------


def test_review_listing_shows_pending_by_default(admin_client, tree):
    product = ProductFactory(category=tree["shirts"])
    ReviewFactory(product=product, title="Waiting review")
    ReviewFactory(product=product, title="Published review", status=Review.Status.APPROVED)

    default = admin_client.get(url("review", "list")).content.decode()
    everything = admin_client.get(url("review", "list"), {"status": ""}).content.decode()

    assert "Waiting review" in default and "Published review" not in default
    assert "Waiting review" in everything and "Published review" in everything
    assert bulk_url("review", "approve", [Review.objects.get(title="Waiting review").pk], "").split("&next")[0] in (
        default.replace("&amp;", "&")
    )


def test_approve_one_review_updates_the_rating(admin_client, tree):
    product = ProductFactory(category=tree["shirts"])
    review = ReviewFactory(product=product, rating=4)

    response = admin_client.post(bulk_url("review", "approve", [review.pk]))

    assert response.status_code == 302
    review.refresh_from_db()
    product.refresh_from_db()
    assert review.status == Review.Status.APPROVED
    assert (product.rating, product.review_count) == (Decimal("4.00"), 1)


def test_bulk_approve_then_reject_keeps_the_rating_current(admin_client, tree):
    product = ProductFactory(category=tree["shirts"])
    five, two, ignored = (ReviewFactory(product=product, rating=r) for r in (5, 2, 1))

    admin_client.post(bulk_url("review", "approve", [five.pk, two.pk]))
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("3.50"), 2)

    admin_client.post(bulk_url("review", "reject", [two.pk, ignored.pk]))
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("5.00"), 1)
    assert Review.objects.get(pk=ignored.pk).status == Review.Status.REJECTED


def test_deleting_an_approved_review_updates_the_rating(admin_client, tree):
    product = ProductFactory(category=tree["shirts"])
    keep, drop = ReviewFactory(product=product, rating=5), ReviewFactory(product=product, rating=1)
    admin_client.post(bulk_url("review", "approve", [keep.pk, drop.pk]))

    admin_client.post(url("review", "delete", drop.pk))

    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("5.00"), 1)


def test_reviews_cannot_be_created_in_the_admin(admin_client):
    assert admin_client.get(url("review", "add")).status_code == 404


# --- Permissions ----------------------------------------------------------------------------------


def test_merchandiser_manages_products_but_not_pages(merchandiser_client, tree):
    product = ProductFactory(category=tree["shirts"])
    home_page = Page.objects.filter(depth=2).first()

    assert merchandiser_client.get(url("product", "list")).status_code == 200
    assert merchandiser_client.get(url("product", "add")).status_code == 200
    assert merchandiser_client.get(url("product", "edit", product.pk)).status_code == 200
    assert merchandiser_client.get(url("review", "list")).status_code == 200
    assert merchandiser_client.get(reverse("wagtailimages:add")).status_code == 200
    assert merchandiser_client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).status_code in (302, 403)


def test_merchandiser_can_create_a_product(merchandiser_client, tree):
    image = WagtailImageFactory()
    response = merchandiser_client.post(
        url("product", "add"), product_form_data(category=tree["shirts"], images=[(image, "Front")])
    )
    assert response.status_code == 302
    assert Product.objects.get(sku="OX-001").images.count() == 1


def test_staff_without_the_group_cannot_open_the_product_admin(tree):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    ProductFactory(category=tree["shirts"])

    assert client.get(url("product", "list")).status_code in (302, 403)
    assert client.get(url("product", "add")).status_code in (302, 403)
    assert not Product.objects.filter(sku="OX-001").exists()
