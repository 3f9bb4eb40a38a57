import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.tests.factories import UserFactory
from catalog import services
from catalog.models import Category, Product, Review
from catalog.tests.factories import BrandFactory, ProductFactory, ReviewFactory
from catalog.variants import set_variant_in_stock
from storefront.errors import Conflict, InvalidInput, NotFound
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db


def event_names() -> list[str]:
    return list(OutboxEvent.objects.order_by("created_at").values_list("name", flat=True))


# --- create_product -------------------------------------------------------------------------------


def test_create_product_stores_it_and_records_the_created_event(categories, brands):
    product = services.create_product(
        name="Linen Shirt",
        sku="LS-1",
        price="49.9",
        category="shirts",
        brand="acme",
        description="<p>Cool <b>linen</b>.</p>",
        attributes={"colour": "white", "size": "M"},
    )
    product.refresh_from_db()
    assert product.slug == "linen-shirt"
    assert product.price == Decimal("49.90")
    assert product.category == categories["shirts"]
    assert product.brand == brands["acme"]
    assert product.attributes == {"colour": "white", "size": "M"}
    assert product.in_stock is False and product.rating is None and product.review_count == 0
    event = OutboxEvent.objects.get()
    assert event.name == "product.created"
    assert event.payload == {"id": product.id, "slug": "linen-shirt", "sku": "LS-1"}


def test_create_product_strips_unsafe_html_from_the_description(categories):
    product = services.create_product(
        name="Shirt",
        sku="S-1",
        price="1",
        category="shirts",
        description='<p onclick="x()">Hi<script>bad()</script></p>',
    )
    assert "onclick" not in product.description
    assert "<script" not in product.description


@pytest.mark.parametrize(
    ("overrides", "attr", "code"),
    [
        ({"price": "-1"}, "price", "invalid"),
        ({"price": "abc"}, "price", "invalid"),
        ({"price": "1.999"}, "price", "max_decimal_places"),
        ({"price": "100000000"}, "price", "invalid"),
        ({"name": "  "}, "name", "blank"),
        ({"sku": ""}, "sku", "blank"),
        ({"category": "nope"}, "category", "does_not_exist"),
        ({"brand": "nope"}, "brand", "does_not_exist"),
        ({"slug": "not a slug"}, "slug", "invalid"),
        ({"attributes": ["a"]}, "attributes", "invalid"),
        ({"attributes": {"colour": {"nested": 1}}}, "attributes", "invalid"),
    ],
)
def test_create_product_rejects_bad_input_and_stores_nothing(categories, overrides, attr, code):
    arguments = {"name": "Shirt", "sku": "S-1", "price": "10", "category": "shirts", **overrides}
    with pytest.raises(InvalidInput) as error:
        services.create_product(**arguments)
    assert (error.value.attr, error.value.code) == (attr, code)
    assert not Product.objects.exists()
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("field", ["sku", "slug"])
def test_create_product_with_a_taken_sku_or_slug_is_a_400_on_that_field(categories, field):
    existing = ProductFactory(category=categories["shirts"])
    arguments = {"name": "Other", "slug": "other", "sku": "OTHER", "price": "1", "category": "shirts"}
    arguments[field] = getattr(existing, field)
    with pytest.raises(InvalidInput) as error:
        services.create_product(**arguments)
    assert (error.value.attr, error.value.code) == (field, "unique")
    assert Product.objects.count() == 1


# --- update / delete ------------------------------------------------------------------------------


def test_update_product_changes_only_the_given_fields_and_names_them_in_the_event(categories, brands):
    product = ProductFactory(category=categories["shirts"], brand=brands["acme"], price=Decimal("10.00"))
    services.update_product(slug=product.slug, price="12.50", brand=None, category="trousers", name=product.name)
    product.refresh_from_db()
    assert product.price == Decimal("12.50")
    assert product.brand is None
    assert product.category == categories["trousers"]
    event = OutboxEvent.objects.get()
    assert event.name == "product.updated"
    assert event.payload["changed"] == ["brand", "category", "price"]


def test_update_product_without_a_change_publishes_nothing(categories):
    product = ProductFactory(category=categories["shirts"], price=Decimal("10.00"))
    services.update_product(slug=product.slug, price="10.00", category="shirts")
    assert not OutboxEvent.objects.exists()


def test_update_product_can_rename_the_slug(categories):
    product = ProductFactory(category=categories["shirts"])
    services.update_product(slug=product.slug, new_slug="renamed")
    assert Product.objects.get(pk=product.pk).slug == "renamed"


def test_update_product_to_a_taken_sku_is_rejected(categories):
    first = ProductFactory(category=categories["shirts"])
    second = ProductFactory(category=categories["shirts"])
    with pytest.raises(InvalidInput) as error:
        services.update_product(slug=second.slug, sku=first.sku)
    assert error.value.attr == "sku"
    second.refresh_from_db()
    assert second.sku != first.sku


def test_update_or_delete_of_unknown_or_deleted_product_is_not_found(categories):
    product = ProductFactory(category=categories["shirts"])
    services.delete_product(slug=product.slug)
    with pytest.raises(NotFound):
        services.update_product(slug=product.slug, price="1")
    with pytest.raises(NotFound):
        services.delete_product(slug=product.slug)
    with pytest.raises(NotFound):
        services.update_product(slug="missing", price="1")


def test_delete_product_is_a_soft_delete_with_an_event(categories):
    product = ProductFactory(category=categories["shirts"])
    services.delete_product(slug=product.slug)
    product.refresh_from_db()
    assert product.deleted_at is not None
    assert not Product.objects.visible().filter(pk=product.pk).exists()
    assert event_names() == ["product.deleted"]


def test_record_product_saved_and_deleted_publish_for_admin_edits(categories):
    product = ProductFactory(category=categories["shirts"])
    services.record_product_saved(product, created=True)
    services.record_product_saved(product, created=False)
    services.record_product_deleted(product)
    assert event_names() == ["product.created", "product.updated", "product.deleted"]


# --- stock flag -----------------------------------------------------------------------------------


def test_set_in_stock_changes_the_flag_and_bumps_the_cache_version_after_commit(
    categories, catalog_version, django_capture_on_commit_callbacks
):
    product = ProductFactory(category=categories["shirts"], in_stock=False)
    before = catalog_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert set_variant_in_stock(variant_id=product.variants.get().id, in_stock=True) is True
    assert catalog_version() == before  # not before the commit
    for callback in callbacks:
        callback()
    assert catalog_version() > before
    product.refresh_from_db()
    assert product.in_stock is True


def test_set_in_stock_to_the_same_value_is_a_no_op(categories, catalog_version, django_capture_on_commit_callbacks):
    product = ProductFactory(category=categories["shirts"], in_stock=True)
    before = catalog_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert set_variant_in_stock(variant_id=product.variants.get().id, in_stock=True) is False
    assert callbacks == []
    assert catalog_version() == before


# --- categories and brands ------------------------------------------------------------------------


def test_create_category_at_root_and_under_a_parent(db):
    root = services.create_category(name="Home & Garden")
    child = services.create_category(name="Lamps", parent=root.slug)
    assert root.slug == "home-garden" and root.is_root()
    child = Category.objects.get(pk=child.pk)
    assert child.get_parent() == root


def test_create_category_rejects_duplicate_slug_and_unknown_parent(categories):
    with pytest.raises(InvalidInput) as error:
        services.create_category(name="Shirts")
    assert error.value.attr == "slug"
    with pytest.raises(InvalidInput) as error:
        services.create_category(name="Socks", parent="nope")
    assert error.value.attr == "parent"
    assert not Category.objects.filter(slug="socks").exists()


def test_update_category_and_brand(categories, brands):
    services.update_category(slug="shirts", name="Tops", new_slug="tops")
    assert Category.objects.get(slug="tops").name == "Tops"
    services.update_brand(slug="acme", description="Everything.")
    assert brands["acme"].__class__.objects.get(slug="acme").description == "Everything."
    with pytest.raises(InvalidInput):
        services.update_brand(slug="acme", new_slug="globex")
    with pytest.raises(NotFound):
        services.update_category(slug="nope", name="x")


def test_create_brand(db):
    brand = services.create_brand(name="Umbrella Corp")
    assert brand.slug == "umbrella-corp"
    with pytest.raises(InvalidInput):
        services.create_brand(name="Umbrella Corp")


# --- reviews --------------------------------------------------------------------------------------


def test_submit_review_waits_for_moderation(categories, user):
    product = ProductFactory(category=categories["shirts"])
    review = services.submit_review(product_slug=product.slug, user=user, rating=5, title="Great", body="Fits well.")
    assert review.status == Review.Status.PENDING
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (None, 0)


def test_submit_review_auto_approved_when_configured(categories, user, settings):
    settings.CATALOG_REVIEWS_AUTO_APPROVE = True
    product = ProductFactory(category=categories["shirts"])
    review = services.submit_review(product_slug=product.slug, user=user, rating=4, title="Good", body="Nice.")
    assert review.status == Review.Status.APPROVED
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("4.00"), 1)


@pytest.mark.parametrize(
    ("overrides", "attr"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": True}, "rating"),
        ({"rating": "5"}, "rating"),
        ({"title": " "}, "title"),
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
    ],
)
def test_submit_review_rejects_bad_input_and_stores_nothing(categories, user, overrides, attr):
    product = ProductFactory(category=categories["shirts"])
    arguments = {"rating": 3, "title": "Fine", "body": "Okay.", **overrides}
    with pytest.raises(InvalidInput) as error:
        services.submit_review(product_slug=product.slug, user=user, **arguments)
    assert error.value.attr == attr
    assert not Review.objects.exists()


def test_second_review_by_the_same_user_is_a_conflict(categories, user):
    product = ProductFactory(category=categories["shirts"])
    services.submit_review(product_slug=product.slug, user=user, rating=5, title="One", body="First.")
    with pytest.raises(Conflict) as error:
        services.submit_review(product_slug=product.slug, user=user, rating=1, title="Two", body="Second.")
    assert error.value.code == "review_exists"
    assert Review.objects.get().title == "One"


def test_review_of_a_hidden_product_is_not_found(categories, user):
    inactive = ProductFactory(category=categories["shirts"], is_active=False)
    deleted = ProductFactory(category=categories["shirts"])
    services.delete_product(slug=deleted.slug)
    for product in (inactive, deleted):
        with pytest.raises(NotFound):
            services.submit_review(product_slug=product.slug, user=user, rating=5, title="x", body="y")
    assert not Review.objects.exists()


def test_moderation_keeps_rating_and_count_current(categories, catalog_version, django_capture_on_commit_callbacks):
    product = ProductFactory(category=categories["shirts"])
    five, three, one = (ReviewFactory(product=product, rating=rating) for rating in (5, 3, 1))
    before = catalog_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review_id=five.id)
    assert catalog_version() > before
    services.approve_review(review_id=three.id)
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("4.00"), 2)

    services.approve_review(review_id=three.id)  # idempotent
    services.reject_review(review_id=one.id)  # was pending: the rating does not move
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("4.00"), 2)

    services.reject_review(review_id=five.id)
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (Decimal("3.00"), 1)
    services.reject_review(review_id=three.id)
    product.refresh_from_db()
    assert (product.rating, product.review_count) == (None, 0)


def test_average_rating_is_rounded_to_cents(categories):
    product = ProductFactory(category=categories["shirts"])
    for rating in (5, 4, 4):
        services.approve_review(review_id=ReviewFactory(product=product, rating=rating).id)
    product.refresh_from_db()
    assert product.rating == Decimal("4.33")


def test_moderating_an_unknown_review_is_not_found(db):
    with pytest.raises(NotFound):
        services.approve_review(review_id=999_999)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_reviews_by_one_user_store_one():
    product = ProductFactory(brand=BrandFactory())
    user = UserFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(n):
        try:
            barrier.wait()
            services.submit_review(product_slug=product.slug, user=user, rating=5, title=f"T{n}", body="B")
            outcomes.append("stored")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "stored"]
    assert Review.objects.filter(product=product, user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_service_rolls_back_its_event():
    category = ProductFactory().category
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_product(name="Ghost", sku="G-1", price="1", category=category.slug)
        raise RuntimeError("the caller fails after the service")
    assert not Product.objects.filter(sku="G-1").exists()
    assert not OutboxEvent.objects.filter(name="product.created", payload__sku="G-1").exists()
