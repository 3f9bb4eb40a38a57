"""product.created/updated/deleted reach subscribers after the commit, and never for a rolled-back change."""

import pytest
from django.db import transaction

from catalog import services
from catalog.tests.factories import CategoryFactory, ProductFactory
from storefront.events import subscriber
from storefront.models import OutboxEvent

received: list[tuple[str, dict]] = []


@subscriber("product.created", "product.updated", "product.deleted")
def remember(event):
    received.append((event.name, event.payload))


@pytest.fixture(autouse=True)
def _reset():
    received.clear()


@pytest.mark.django_db(transaction=True)
def test_api_writes_deliver_the_three_events_after_commit(staff_user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(staff_user)
    CategoryFactory(slug="shirts")

    assert (
        client.post(
            "/api/v1/products/", {"name": "Tee", "sku": "T-1", "price": "9.00", "category": "shirts"}, format="json"
        ).status_code
        == 201
    )
    assert client.patch("/api/v1/products/tee/", {"price": "8.00"}, format="json").status_code == 200
    assert client.delete("/api/v1/products/tee/").status_code == 204

    product_id = OutboxEvent.objects.get(name="product.created").payload["id"]
    assert received == [
        ("product.created", {"id": product_id, "slug": "tee", "sku": "T-1"}),
        ("product.updated", {"id": product_id, "slug": "tee", "sku": "T-1", "changed": ["price"]}),
        ("product.deleted", {"id": product_id, "slug": "tee", "sku": "T-1"}),
    ]
    assert not OutboxEvent.objects.filter(dispatched_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_delivered_before_the_commit():
    category = CategoryFactory()
    with transaction.atomic():
        services.create_product(name="Tee", sku="T-1", price="9", category=category.slug)
        assert received == []
    assert [name for name, _ in received] == ["product.created"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_publishes_nothing():
    category = CategoryFactory()
    product = ProductFactory(category=category)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_product(name="Ghost", sku="G-1", price="9", category=category.slug)
        services.update_product(slug=product.slug, price="1")
        services.delete_product(slug=product.slug)
        raise RuntimeError("the surrounding work fails")
    assert received == []
    assert not OutboxEvent.objects.exists()
    product.refresh_from_db()
    assert product.deleted_at is None


@pytest.mark.django_db
def test_a_failed_api_create_publishes_nothing(staff_client, django_capture_on_commit_callbacks):
    CategoryFactory(slug="shirts")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(
            "/api/v1/products/", {"name": "Tee", "sku": "", "price": "9", "category": "shirts"}
        )
    assert response.status_code == 400
    assert received == [] and callbacks == []
    assert not OutboxEvent.objects.exists()


@pytest.mark.django_db
def test_admin_hook_functions_deliver_after_commit(django_capture_on_commit_callbacks):
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.record_product_saved(product, created=False)
    assert received == []
    for callback in callbacks:
        callback()
    assert received == [("product.updated", {"id": product.id, "slug": product.slug, "sku": product.sku})]
