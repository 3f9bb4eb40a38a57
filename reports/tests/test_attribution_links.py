"""Server-rendered links carry ?src=<kind>:<id>: banners on the home page, product teasers on content pages."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from home.selectors import banner_card
from home.tests.factories import BannerFactory
from reports.templatetags.attribution import source_url


@pytest.mark.parametrize(
    ("url", "kind", "ident", "expected"),
    [
        ("/products/", "banner", 12, "/products/?src=banner:12"),
        ("/products/?brand=acme&src=page:1", "banner", 12, "/products/?brand=acme&src=banner:12"),
        ("https://example.org/sale", "banner", 12, "https://example.org/sale"),  # not ours: left alone
        ("//example.org/sale", "banner", 12, "//example.org/sale"),
        ("/products/", "page", None, "/products/"),
        ("/products/", "page", "", "/products/"),
    ],
)
def test_source_url(url, kind, ident, expected):
    assert source_url(url, kind, ident) == expected


@pytest.mark.django_db
def test_banner_links_carry_their_banner():
    banner = BannerFactory(link_url="/products/?brand=acme")

    html = render_to_string("home/includes/banner.html", {"banner": banner_card(banner)})

    assert f'href="/products/?brand=acme&amp;src=banner:{banner.id}"' in html


def product(slug="lamp"):
    return {"slug": slug, "name": "Lamp", "price": "9.00", "sale_price": "9.00", "image": None, "in_stock": True,
            "review_count": 0}  # fmt: skip


def test_product_teasers_on_a_page_carry_the_page():
    class Page:
        id = 7

    html = render_to_string("home/blocks/featured_products.html", {"products": [product()], "value": {}, "page": Page})

    assert 'href="/products/lamp/?src=page:7"' in html


def test_catalog_listings_add_no_source():
    html = render_to_string("catalog/includes/product_card.html", {"product": product()})

    assert 'href="/products/lamp/"' in html


@pytest.mark.django_db
def test_a_src_link_attributes_the_cart(settings):
    from commerce.middleware import SOURCE_SESSION_KEY

    client = Client()
    client.get("/products/?src=banner:3")

    assert client.session[SOURCE_SESSION_KEY] == "banner:3"
