"""Discounts moved to the catalog (#13) with their content type, permissions and revisions: what
the migrations keep attached (catalog/migrations/0005_discount.py) and that Wagtail's drafts still work."""

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Revision

from accounts.tests.factories import UserFactory
from catalog import pricing
from catalog.models import Discount
from catalog.tests.factories import CategoryFactory, DiscountFactory, ProductFactory
from home.models import Banner

pytestmark = pytest.mark.django_db
move = importlib.import_module("catalog.migrations.0005_discount")
DISCOUNT_PERMISSIONS = {"add_discount", "change_discount", "delete_discount", "view_discount", "publish_discount"}


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    ContentType.objects.clear_cache()
    pricing.forget_discounts()
    yield
    ContentType.objects.clear_cache()  # the rows go back with the test's transaction; the cache must follow
    pricing.forget_discounts()


def test_the_discount_content_type_and_its_permissions_are_the_catalogs():
    content_type = ContentType.objects.get_for_model(Discount)
    assert (content_type.app_label, content_type.model) == ("catalog", "discount")
    assert not ContentType.objects.filter(app_label="commerce", model="discount").exists()
    codenames = set(Permission.objects.filter(content_type=content_type).values_list("codename", flat=True))
    assert codenames >= DISCOUNT_PERMISSIONS
    assert Discount._meta.db_table == "catalog_discount"
    assert Discount.products.through._meta.db_table == "catalog_discount_products"
    assert Banner._meta.get_field("discount").related_model is Discount


def test_a_discount_revision_round_trips_and_publishing_it_changes_the_price():
    shirts = CategoryFactory(slug="shirts")
    shirt = ProductFactory(category=shirts, price=Decimal("40.00"))
    mug = ProductFactory(price=Decimal("10.00"))
    discount = DiscountFactory(name="Sale", value=Decimal("25"), categories=[shirts])
    discount.save_revision().publish()

    draft = Discount.objects.get(pk=discount.pk)
    draft.name, draft.value = "Bigger sale", Decimal("50")
    draft.products.set([mug])
    revision = draft.save_revision()

    content_type = ContentType.objects.get_for_model(Discount)
    assert (revision.content_type, revision.base_content_type) == (content_type, content_type)
    assert Revision.objects.for_instance(discount).count() == 2
    restored = Discount.objects.get(pk=discount.pk).latest_revision.as_object()
    assert (restored.name, restored.value) == ("Bigger sale", Decimal("50"))
    assert [c.pk for c in restored.categories.all()] == [shirts.pk]
    assert [p.pk for p in restored.products.all()] == [mug.pk]
    assert pricing.price_product(shirt).sale_price == Decimal("30.00")  # the draft changes no price

    revision.publish()
    pricing.forget_discounts()
    assert Discount.objects.get(pk=discount.pk).has_unpublished_changes is False
    assert (pricing.price_product(shirt).sale_price, pricing.price_product(mug).sale_price) == (
        Decimal("20.00"),
        Decimal("5.00"),
    )


def test_the_migration_merges_a_catalog_content_type_made_before_it_ran():
    """A post_migrate between two partial migrates may have made catalog.discount (and its permissions) beside the
    old commerce.discount: the old row is kept, renamed, and the stray one's grants move onto its permissions."""
    old = ContentType.objects.get_for_model(Discount)
    discount = DiscountFactory()
    revision = discount.save_revision()
    ContentType.objects.filter(pk=old.pk).update(app_label="commerce")  # as before the move
    stray = ContentType.objects.create(app_label="catalog", model="discount")
    stray_change = Permission.objects.create(content_type=stray, codename="change_discount", name="Can change")
    stray_lock = Permission.objects.create(content_type=stray, codename="lock_discount", name="Can lock")
    old_change = Permission.objects.get(content_type=old, codename="change_discount")
    group = Group.objects.create(name="Sale team")
    group.permissions.add(old_change, stray_change, stray_lock)
    user = UserFactory(is_staff=True)
    user.user_permissions.add(stray_change)

    move.content_type_to_catalog(apps, SimpleNamespace(connection=connection))

    assert list(ContentType.objects.filter(model="discount").values_list("pk", "app_label")) == [(old.pk, "catalog")]
    assert set(group.permissions.values_list("pk", flat=True)) == {old_change.pk, stray_lock.pk}
    assert Permission.objects.get(pk=stray_lock.pk).content_type_id == old.pk
    assert list(user.user_permissions.values_list("pk", flat=True)) == [old_change.pk]
    revision.refresh_from_db()
    assert revision.content_type_id == revision.base_content_type_id == old.pk
