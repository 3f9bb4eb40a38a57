"""The stored sale price (``Product.sale_price``), the listing price: stored by the product services, refreshed
by a task when a discount changes, and at each discount's start and end."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from catalog import pricing, services, tasks
from catalog.models import Category, Product
from catalog.tests.factories import DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db

D = Decimal


def stored(product) -> Decimal:
    return Product.objects.values_list("sale_price", flat=True).get(pk=product.pk)


def slugs(api_client, **params) -> list[str]:
    cache.clear()  # through the listing itself, not the response cache
    return [item["slug"] for item in api_client.get("/api/v1/products/", params).json()["results"]]


@pytest.fixture
def shelf(categories):
    return {
        "tee": ProductFactory(slug="tee", category=categories["t-shirts"], price=D("40.00")),
        "chino": ProductFactory(slug="chino", category=categories["trousers"], price=D("100.00")),
        "boot": ProductFactory(slug="boot", category=categories["shoes"], price=D("60.00")),
    }


def test_a_saved_product_stores_its_price_under_the_running_discounts(categories):
    DiscountFactory(value=D("25"), categories=[categories["clothing"]])
    tee = services.create_product(name="Tee", sku="TEE-1", price="40.00", category="t-shirts")
    assert stored(tee) == D("30.00")
    services.update_product(slug=tee.slug, price=D("80.00"))
    assert stored(tee) == D("60.00")
    services.update_product(slug=tee.slug, category=categories["shoes"].slug)
    assert stored(tee) == D("80.00")  # out of the sale's scope


def test_a_plain_model_save_stores_nothing(categories):
    """Storing the price is a step of the services, not a side effect of ``save()`` (no signal receiver)."""
    tee = services.create_product(name="Tee", sku="TEE-1", price="40.00", category="t-shirts")
    Product.objects.filter(pk=tee.pk).update(price=D("10.00"))
    product = Product.objects.get(pk=tee.pk)
    product.save()
    assert stored(tee) == D("40.00")


def test_refresh_stores_every_price(shelf, categories):
    DiscountFactory(value=D("10"), categories=[categories["clothing"]], refresh=False)
    assert pricing.refresh_sale_prices() == 2
    assert [stored(shelf[k]) for k in ("tee", "chino", "boot")] == [D("36.00"), D("90.00"), D("60.00")]
    assert pricing.refresh_sale_prices() == 0  # idempotent


def test_listings_order_and_filter_on_the_stored_prices(
    api_client, shelf, categories, django_capture_on_commit_callbacks
):
    assert slugs(api_client, ordering="-price") == ["chino", "boot", "tee"]
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in tests: the queued refresh runs
        DiscountFactory(value=D("50"), categories=[categories["trousers"]], refresh=False)  # chino 50.00
    assert stored(shelf["chino"]) == D("50.00")
    assert slugs(api_client, ordering="-price") == ["boot", "chino", "tee"]
    assert sorted(slugs(api_client, max_price="55")) == ["chino", "tee"]


def test_the_column_is_the_listing_price_until_a_refresh_corrects_it(api_client, shelf):
    Product.objects.filter(pk=shelf["tee"].pk).update(sale_price=D("999.00"))  # written behind pricing's back
    assert slugs(api_client, ordering="-price")[0] == "tee"
    assert pricing.refresh_sale_prices() == 1
    assert stored(shelf["tee"]) == D("40.00")
    assert slugs(api_client, ordering="-price")[0] == "chino"


def test_every_discount_change_queues_a_refresh(shelf, categories, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        discount = DiscountFactory(value=D("20"), categories=[categories["shoes"]], refresh=False)
    assert stored(shelf["boot"]) == D("48.00")
    with django_capture_on_commit_callbacks(execute=True):
        discount.value = D("50")
        discount.save()
    assert stored(shelf["boot"]) == D("30.00")  # at once again: no refresh is skipped for being recent
    with django_capture_on_commit_callbacks(execute=True):
        discount.unpublish()
    assert stored(shelf["boot"]) == D("60.00")


def test_moving_a_category_into_a_discounted_tree_refreshes_its_listing_prices(
    admin_client, shelf, categories, django_capture_on_commit_callbacks
):
    DiscountFactory(value=D("50"), categories=[categories["clothing"]])
    assert stored(shelf["boot"]) == D("60.00")
    shoes = categories["shoes"]
    with django_capture_on_commit_callbacks(execute=True):  # the admin's category form moves it
        response = admin_client.post(
            f"/admin/snippets/catalog/category/edit/{shoes.pk}/",
            {
                "name": "Shoes",
                "slug": "shoes",
                "parent": categories["clothing"].pk,
                "description": "",
                "option_types": "",
            },
        )
    assert response.status_code == 302
    assert stored(shelf["boot"]) == D("30.00")  # now under the discounted clothing tree
    with django_capture_on_commit_callbacks(execute=True):
        services.move_category(category=Category.objects.get(slug="shoes"), parent=None)
    assert stored(shelf["boot"]) == D("60.00")


def test_a_discount_start_and_end_are_scheduled_as_refreshes(shelf, categories, monkeypatch):
    start = timezone.now() + timedelta(seconds=30)
    end = start + timedelta(seconds=60)
    DiscountFactory(value=D("90"), categories=[categories["trousers"]], starts_at=start, ends_at=end)
    DiscountFactory(value=D("5"), starts_at=timezone.now() + timedelta(days=2))  # beyond the horizon: beat's later
    DiscountFactory(value=D("5"), starts_at=start + timedelta(seconds=5), is_active=False)  # switched off
    scheduled = []
    monkeypatch.setattr(tasks.refresh_sale_prices_at, "apply_async", lambda **kw: scheduled.append(kw["eta"]))
    tasks.refresh_sale_prices()
    assert scheduled == [start, end]
    assert stored(shelf["chino"]) == D("100.00")  # not started yet


def test_at_a_discount_start_shown_prices_change_at_once_and_the_listing_with_the_refresh(
    api_client, shelf, categories
):
    start = timezone.now() + timedelta(seconds=0.5)
    DiscountFactory(value=D("90"), categories=[categories["trousers"]], starts_at=start)
    pricing.forget_discounts()
    assert slugs(api_client, ordering="price")[0] == "tee"
    time.sleep(max(0, (start - timezone.now()).total_seconds()) + 0.05)
    cache.clear()
    chino = api_client.get("/api/v1/products/chino/").json()
    assert chino["sale_price"] == "10.00"  # shown (and charged) from the start, by the discount snapshot
    assert slugs(api_client, ordering="price")[0] == "tee"  # the listing order waits for the scheduled refresh
    tasks.refresh_sale_prices_at()
    assert slugs(api_client, ordering="price")[0] == "chino"


def test_a_broker_outage_does_not_break_a_discount_save(
    api_client, shelf, categories, monkeypatch, django_capture_on_commit_callbacks
):
    attempts = []

    def broker_down(*args, **kwargs):
        attempts.append(1)
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.refresh_sale_prices, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):  # the discount's save asks for a refresh on commit
        DiscountFactory(value=D("50"), categories=[categories["trousers"]], refresh=False)
    assert attempts  # the refresh was asked for, the broker refused, and the save still went through
    assert slugs(api_client, ordering="-price") == ["chino", "boot", "tee"]  # the previous prices, until beat's run
    assert stored(shelf["chino"]) == D("100.00")


def test_the_periodic_task_refreshes(shelf, categories, settings):
    assert settings.CELERY_BEAT_SCHEDULE["refresh-sale-prices"]["task"] == "catalog.tasks.refresh_sale_prices"
    DiscountFactory(value=D("10"), categories=[categories["shoes"]], refresh=False)
    assert tasks.refresh_sale_prices.delay().get() == 1
    assert stored(shelf["boot"]) == D("54.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refresh_waits_for_a_product_save_that_read_the_old_discounts(categories, monkeypatch):
    """A save holds the prices lock (shared) from reading the discounts to committing; a refresh takes it
    exclusively, so it recomputes after the save commits and the save's older price does not survive."""
    tee = ProductFactory(category=categories["t-shirts"], price=D("40.00"))
    has_read = threading.Event()
    order = []
    load_discounts = pricing.load_discounts

    def slow_for_the_saver(at):
        snapshot = load_discounts(at)
        if threading.current_thread().name == "saver":
            has_read.set()
            time.sleep(0.5)  # between reading the discounts and writing the price: a discount commits now
        return snapshot

    monkeypatch.setattr(pricing, "load_discounts", slow_for_the_saver)

    def save():
        try:
            services.update_product(slug=tee.slug, price=D("50.00"))
            order.append("save")
        finally:
            connection.close()  # this thread's own connection

    def discount_and_refresh():
        try:
            has_read.wait(5)
            DiscountFactory(value=D("10"), categories=[categories["clothing"]])
            pricing.refresh_sale_prices()
            order.append("refresh")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, name="saver"), threading.Thread(target=discount_and_refresh)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert order == ["save", "refresh"]
    assert stored(tee) == D("45.00")  # 50.00 less 10 %: the refresh saw the saved price


def test_the_command_refreshes(shelf, categories):
    from io import StringIO

    from django.core.management import call_command

    DiscountFactory(value=D("50"), categories=[categories["shoes"]], refresh=False)
    out = StringIO()
    call_command("refresh_sale_prices", stdout=out)
    assert out.getvalue().strip() == "1 product(s) changed sale price."
    assert stored(shelf["boot"]) == D("30.00")
