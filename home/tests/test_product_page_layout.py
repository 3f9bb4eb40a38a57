"""On a phone the product page shows name, price and "Add to cart" before the pictures, which scroll sideways."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from catalog.tests.factories import ProductImageFactory
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_the_buying_block_comes_before_the_pictures(client):
    product = stocked_product(quantity=4)
    ProductImageFactory(product=product)
    ProductImageFactory(product=product)
    page = BeautifulSoup(client.get(f"/products/{product.slug}/").content.decode(), "html.parser")
    blocks = [child["class"][0] for child in page.select_one("article.product-detail").find_all(recursive=False)]
    assert blocks == ["product-detail__buy", "product-detail__gallery", "product-detail__about"]
    buy = page.select_one(".product-detail__buy")
    assert buy.find("h1") and buy.select_one('form[action="/cart/add/"] button')
    assert len(page.select(".product-detail__gallery img")) == 2


def test_the_stylesheet_puts_the_pictures_in_a_sideways_row_on_narrow_screens():
    css = (Path(settings.BASE_DIR) / "storefront/static/css/site.css").read_text()
    narrow = css[css.index("@media (max-width: 63.99rem)") :]
    assert ".product-detail__gallery" in narrow and "overflow-x: auto" in narrow
