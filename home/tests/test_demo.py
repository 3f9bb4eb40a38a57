"""seed_demo's content step: the home page replaces Wagtail's welcome page; running it twice adds nothing."""

import pytest
from wagtail.models import Page, Site

from catalog.tests.factories import CategoryFactory, ProductFactory
from home import demo
from home.models import Banner, ContentPage, Footer, HomePage, NavigationMenu, ServiceGuarantee

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (HomePage, ContentPage, Banner, ServiceGuarantee, NavigationMenu, Footer, Page)]


def test_seed_builds_the_site_and_is_idempotent(client):
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    ProductFactory(name="Runner", category=shoes)
    demo.seed(products=0, log=lambda message: None)
    first = counts()
    demo.seed(products=0, log=lambda message: None)

    assert counts() == first
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.id
    assert not Page.objects.filter(depth=2).exclude(id=home.id).exists()  # the welcome page is gone
    assert home.slug == "home" and home.live
    assert set(ContentPage.objects.values_list("slug", flat=True)) == {"about", "shipping"}
    live, scheduled = Banner.objects.get(title="Spring sale"), Banner.objects.get(title="Summer collection")
    assert live.live and not scheduled.live and scheduled.scheduled_revision is not None
    assert ServiceGuarantee.objects.filter(live=True).count() == 4
    html = client.get("/").content.decode()
    assert "Spring sale" in html and "Summer collection" not in html
    assert client.get("/shipping/").status_code == 200
    navigation = client.get("/api/v1/cms/navigation/").json()["items"]
    assert [(i["label"], i["url"]) for i in navigation] == [
        ("Shop", "/products/"),
        ("Shoes", "/categories/shoes/"),
        ("About", "/about/"),
        ("Shipping", "/shipping/"),
    ]
    assert "Runner" in html and "Shop by category" in html  # featured products and categories


def test_seed_adds_teasers_to_a_home_page_seeded_before_the_catalog(client):
    demo.seed(products=0, log=lambda message: None)
    assert "featured_products" not in [block.block_type for block in HomePage.objects.get().body]
    ProductFactory(name="Late arrival")

    demo.seed(products=0, log=lambda message: None)

    assert "Late arrival" in client.get("/").content.decode()
