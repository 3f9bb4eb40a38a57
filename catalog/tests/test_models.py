from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from catalog.models import Category, Product, Review
from catalog.tests.factories import (
    CategoryFactory,
    ProductFactory,
    ProductImageFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


def test_category_factory_builds_a_tree():
    root = CategoryFactory(name="Clothing", slug="clothing")
    child = CategoryFactory(parent=root, slug="shirts")
    grandchild = CategoryFactory(parent=child, slug="t-shirts")
    assert root.is_root()
    assert child.get_parent() == root
    assert grandchild.path.startswith(root.path)
    assert list(Category.objects.filter(path__startswith=root.path).order_by("path")) == [root, child, grandchild]


def test_product_image_factory_makes_a_real_image():
    product_image = ProductImageFactory()
    image = product_image.image
    assert (image.width, image.height) == (32, 24)
    assert image.file.size > 0


def test_review_one_per_user_per_product_enforced_by_database():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(product=review.product, user=review.user)
    assert Review.objects.count() == 1


def test_review_rating_checked_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(rating=6)


def test_product_price_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(price=Decimal("-1.00"))


def test_visible_excludes_inactive_and_deleted():
    visible = ProductFactory()
    ProductFactory(is_active=False)
    deleted = ProductFactory()
    deleted.mark_deleted()
    deleted.save()
    assert list(Product.objects.visible()) == [visible]
