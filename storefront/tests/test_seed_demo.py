"""seed_demo is the one way to get demo data: it must be idempotent and deterministic."""

import pytest
from django.core.management import call_command

from accounts.models import User
from catalog.models import Category, Product, ProductVariant
from commerce.models import Order, Stock, StockMovement

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in (User, Category, Product, Stock, Order)}


def test_seed_demo_twice_creates_everything_once(capsys):
    call_command("seed_demo", "--products", "30")
    first = counts()
    assert first["Product"] == 30 and first["Stock"] == ProductVariant.objects.count() > 30 and first["Order"] > 0
    call_command("seed_demo", "--products", "30")
    assert counts() == first
    assert "Demo data ready." in capsys.readouterr().out


def test_seed_demo_is_deterministic():
    call_command("seed_demo", "--products", "12")
    skus = list(Product.objects.order_by("sku").values_list("sku", "price", "category__slug"))
    StockMovement.objects.all().delete()  # the ledger protects the variants it records
    Product.objects.all().delete()
    call_command("seed_demo", "--products", "12")
    assert list(Product.objects.order_by("sku").values_list("sku", "price", "category__slug")) == skus
