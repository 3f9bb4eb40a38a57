"""The stored sale price (``Product.sale_price``): set on every product save, refreshed when the active
discounts change, and read by listings only while it was computed for the discounts active now."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from catalog import pricing, services
from catalog.models import Product, SalePriceState
from catalog.tests.factories import DiscountFactory, ProductFactory

pytestmark = pytest.mark.django_db

D = Decimal


def stored(product) -> Decimal:
    return Product.objects.values_list("sale_price", flat=True).get(pk=product.pk)


def slugs(api_client, **params) -> list[str]:
    cache.clear()  # through the listing itself, not the response cache
    return [item["slug"] for item in api_client.get("/api/v1/products/", params).json()["results"]]


def uses_stored_prices() -> bool:
    annotation = pricing.with_sale_price(Product.objects.all()).query.annotations[pricing.CURRENT_SALE_PRICE]
    return getattr(annotation, "target", None) is Product._meta.get_field("sale_price")


@pytest.fixture
def shelf(categories):
    return {
        "tee": ProductFactory(slug="tee", category=categories["t-shirts"], price=D("40.00")),
        "chino": ProductFactory(slug="chino", category=categories["trousers"], price=D("100.00")),
        "boot": ProductFactory(slug="boot", category=categories["shoes"], price=D("60.00")),
    }


def test_a_saved_product_stores_its_price_under_the_running_discounts(categories):
    DiscountFactory(value=D("25"), categories=[categories["clothing"]])
    tee = ProductFactory(category=categories["t-shirts"], price=D("40.00"))
    assert stored(tee) == D("30.00")
    services.update_product(slug=tee.slug, price=D("80.00"))
    assert stored(tee) == D("60.00")
    services.update_product(slug=tee.slug, category=categories["shoes"].slug)
    assert stored(tee) == D("80.00")  # out of the sale's scope


def test_refresh_stores_every_price_and_records_the_discounts(shelf, categories):
    DiscountFactory(value=D("10"), categories=[categories["clothing"]])
    assert stored(shelf["chino"]) == D("100.00")  # the discount came after the product
    assert pricing.refresh_sale_prices() == 2
    assert [stored(shelf[k]) for k in ("tee", "chino", "boot")] == [D("36.00"), D("90.00"), D("60.00")]
    now = timezone.now()
    running = pricing.load_discounts(now).active(now)
    assert SalePriceState.objects.get().fingerprint == pricing.rules_fingerprint(running)
    assert pricing.refresh_sale_prices() == 0  # idempotent


def test_listings_read_the_stored_prices_only_while_they_are_current(api_client, shelf, categories):
    pricing.refresh_sale_prices()
    pricing.forget_discounts()
    assert uses_stored_prices()
    assert slugs(api_client, ordering="-price") == ["chino", "boot", "tee"]

    # A discount that no refresh has seen yet: the listing computes prices in SQL, and is right at once.
    DiscountFactory(value=D("50"), categories=[categories["trousers"]])  # chino 50.00
    assert not uses_stored_prices()
    assert slugs(api_client, ordering="-price") == ["boot", "chino", "tee"]
    assert sorted(slugs(api_client, max_price="55")) == ["chino", "tee"]

    pricing.refresh_sale_prices()
    pricing.forget_discounts()  # what its commit does in every process (the catalog version moves)
    assert uses_stored_prices()
    assert slugs(api_client, ordering="-price") == ["boot", "chino", "tee"]
    assert sorted(slugs(api_client, max_price="55")) == ["chino", "tee"]


def test_a_stale_column_is_never_read(api_client, shelf):
    pricing.refresh_sale_prices()
    # Someone wrote prices behind pricing's back (raw SQL): the recorded discounts no longer vouch for them.
    Product.objects.filter(pk=shelf["tee"].pk).update(sale_price=D("999.00"))
    SalePriceState.objects.update(fingerprint="written by hand")
    pricing.forget_discounts()
    assert slugs(api_client, ordering="-price")[0] == "chino"
    assert pricing.refresh_sale_prices() == 1
    assert stored(shelf["tee"]) == D("40.00")


def test_a_discount_starting_is_followed_without_a_save(api_client, shelf, categories):
    pricing.refresh_sale_prices()
    start = timezone.now() + timedelta(seconds=0.5)
    DiscountFactory(value=D("90"), categories=[categories["trousers"]], starts_at=start)
    pricing.refresh_sale_prices()  # as the discount's save asks: not started yet, nothing changes
    pricing.forget_discounts()
    assert uses_stored_prices()
    assert slugs(api_client, ordering="price")[0] == "tee"
    time.sleep(max(0, (start - timezone.now()).total_seconds()) + 0.05)
    assert not uses_stored_prices()  # the discount's start made the stored prices stale
    assert slugs(api_client, ordering="price")[0] == "chino"  # 10.00, computed in SQL until refreshed


def test_a_discount_change_queues_one_refresh(shelf, categories, django_capture_on_commit_callbacks):
    cache.delete(pricing.REFRESH_REQUEST_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        discount = DiscountFactory(value=D("20"), categories=[categories["shoes"]])
    assert stored(shelf["boot"]) == D("48.00")  # Celery is eager in tests: the queued refresh ran
    with django_capture_on_commit_callbacks(execute=True):
        discount.value = D("50")
        discount.save()
    assert stored(shelf["boot"]) == D("48.00")  # a refresh was queued less than a minute ago: not another one
    cache.delete(pricing.REFRESH_REQUEST_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        discount.save()
    assert stored(shelf["boot"]) == D("30.00")


def test_a_broker_outage_does_not_break_the_listing(
    api_client, shelf, categories, monkeypatch, django_capture_on_commit_callbacks
):
    from catalog import tasks

    attempts = []

    def broker_down(*args, **kwargs):
        attempts.append(1)
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.refresh_sale_prices, "delay", broker_down)
    cache.delete(pricing.REFRESH_REQUEST_KEY)
    with django_capture_on_commit_callbacks(execute=True):  # the discount's save asks for a refresh on commit
        DiscountFactory(value=D("50"), categories=[categories["trousers"]])
    assert attempts  # the refresh was asked for, the broker refused, and the save still went through
    pricing.forget_discounts()
    assert slugs(api_client, ordering="-price") == ["boot", "chino", "tee"]  # priced in SQL meanwhile
    assert stored(shelf["chino"]) == D("100.00")  # no refresh ran


def test_the_periodic_task_refreshes(shelf, categories, settings):
    from catalog.tasks import refresh_sale_prices

    assert settings.CELERY_BEAT_SCHEDULE["refresh-sale-prices"]["task"] == "catalog.tasks.refresh_sale_prices"
    DiscountFactory(value=D("10"), categories=[categories["shoes"]])
    assert refresh_sale_prices.delay().get() == 1
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
            with transaction.atomic():
                product = Product.objects.get(pk=tee.pk)
                product.price = D("50.00")
                product.save()
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

    DiscountFactory(value=D("50"), categories=[categories["shoes"]])
    out = StringIO()
    call_command("refresh_sale_prices", stdout=out)
    assert out.getvalue().strip() == "1 product(s) changed sale price."
    assert stored(shelf["boot"]) == D("30.00")
