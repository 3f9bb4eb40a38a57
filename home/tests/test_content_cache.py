"""Anonymous reads of the content API (/api/v2/pages/, /api/v1/cms/) come from the catalog's response cache,
and every change an editor or a merchant makes shows on the next request."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from catalog import services as catalog_services
from catalog.cache import clear_local_cache
from catalog.tests.factories import ProductFactory
from home import cms_cache
from home.tests.factories import BannerFactory, make_content_page, make_home_page, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return make_home_page(body=[("rich_text", "<p>Hello</p>")])


def detail(api_client, page, **extra):
    return api_client.get(f"/api/v2/pages/{page.id}/", **extra)


def test_a_page_read_twice_costs_no_query_the_second_time(api_client, home, django_assert_num_queries):
    first = detail(api_client, home)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = detail(api_client, home)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"


def test_etag_revalidation_of_a_page(api_client, home):
    etag = detail(api_client, home)["ETag"]
    assert detail(api_client, home, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_publishing_shows_at_once(api_client, home, on_commit):
    detail(api_client, home)
    home.title = "Welcome back"
    on_commit(publish, home)
    assert detail(api_client, home).json()["title"] == "Welcome back"


def test_a_draft_is_never_served_or_cached(api_client, home, on_commit):
    detail(api_client, home)
    home.title = "Draft title"
    on_commit(home.save_revision)  # saved, not published
    assert detail(api_client, home).json()["title"] == "Home"


def test_unpublishing_shows_at_once(api_client, home, on_commit):
    page = make_content_page(home)
    assert detail(api_client, page).status_code == 200
    on_commit(page.unpublish)
    assert detail(api_client, page).status_code == 404


def test_making_a_page_private_and_public_again_shows_at_once(api_client, home, on_commit):
    from wagtail.models import PageViewRestriction

    page = make_content_page(home)
    assert detail(api_client, page).status_code == 200
    restriction = on_commit(PageViewRestriction.objects.create, page=page, restriction_type="login")
    assert detail(api_client, page).status_code == 404  # not the cached public answer
    on_commit(restriction.delete)
    assert detail(api_client, page).status_code == 200


def test_moving_a_page_shows_at_once(api_client, home, on_commit):
    shop = make_content_page(home, title="Shop", slug="shop")
    about = make_content_page(home)
    assert detail(api_client, about).json()["meta"]["html_url"].endswith("/about/")
    on_commit(about.move, shop, pos="last-child")
    assert detail(api_client, about).json()["meta"]["html_url"].endswith("/shop/about/")


def test_scheduled_page_going_live_shows_at_once(api_client, home, on_commit):
    page = make_content_page(home)
    page.title = "Scheduled"
    revision = page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    detail(api_client, page)
    on_commit(revision.publish)  # what publish_scheduled does once the moment has come
    assert detail(api_client, page).json()["title"] == "Scheduled"


def test_a_snippet_publish_reaches_the_cms_endpoints(api_client, on_commit):
    banner = BannerFactory(title="Old", position="home_top")
    assert [b["title"] for b in api_client.get("/api/v1/cms/banners/").json()["results"]] == ["Old"]
    banner.title = "New"
    on_commit(publish, banner)
    assert [b["title"] for b in api_client.get("/api/v1/cms/banners/").json()["results"]] == ["New"]


def test_cms_hits_skip_the_throttles(api_client, settings, django_assert_num_queries):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/min"}}
    assert api_client.get("/api/v1/cms/navigation/").status_code == 200
    with django_assert_num_queries(0):
        assert api_client.get("/api/v1/cms/navigation/").status_code == 200


def test_a_banner_window_bounds_how_long_an_answer_lives(api_client, monkeypatch):
    starts = timezone.now() + timedelta(seconds=30)
    BannerFactory(title="Soon", position="home_top", starts_at=starts)
    assert api_client.get("/api/v1/cms/banners/").json()["results"] == []
    later = timezone.now() + timedelta(seconds=31)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("catalog.cache.time.time", lambda: later.timestamp())
    assert [b["title"] for b in api_client.get("/api/v1/cms/banners/").json()["results"]] == ["Soon"]


def test_a_price_change_reaches_a_teaser(api_client, on_commit):
    product = ProductFactory(name="Lamp", price=Decimal("20.00"))
    page = make_home_page(body=[("featured_products", {"heading": "Picks", "products": [product]})])
    teaser = detail(api_client, page).json()["body"][0]["value"]["products"][0]
    assert teaser["price"] == "20.00"
    on_commit(catalog_services.update_product, slug=product.slug, price=Decimal("15.00"))
    teaser = detail(api_client, page).json()["body"][0]["value"]["products"][0]
    assert teaser["price"] == "15.00"


def test_a_stock_change_reaches_a_teaser(api_client, on_commit):
    from commerce.services import stock  # the merchant's stock adjustment, as the Fulfilment view makes it

    product = ProductFactory(name="Lamp")
    stock.set_stock_level(variant=product.variants.get(), quantity=3)
    page = make_home_page(body=[("featured_products", {"heading": "Picks", "products": [product]})])
    assert detail(api_client, page).json()["body"][0]["value"]["products"][0]["in_stock"] is True
    on_commit(stock.set_stock_level, variant=product.variants.get(), quantity=0)
    assert detail(api_client, page).json()["body"][0]["value"]["products"][0]["in_stock"] is False


def test_signed_in_requests_never_read_or_fill_the_cache(api_client, home):
    editor = Client()
    editor.force_login(UserFactory(is_staff=True, is_superuser=True))
    editor.get(f"/api/v2/pages/{home.id}/")
    first = detail(api_client, home)  # anonymous: a miss, the editor filled nothing
    assert first.status_code == 200
    response = editor.get(f"/api/v2/pages/{home.id}/")
    assert response.status_code == 200
    assert "ETag" not in response  # not an answer of the cache


def test_previews_are_never_cached(api_client, home):
    assert api_client.get("/api/v2/page_preview/", {"content_type": "home.homepage", "token": "x"}).status_code in (
        400,
        404,
    )
    assert "ETag" not in api_client.get("/api/v2/page_preview/", {"content_type": "home.homepage", "token": "x"})


def test_find_answers_the_page_itself_when_asked(api_client, home, django_assert_num_queries):
    page = make_content_page(home)
    redirected = api_client.get("/api/v2/pages/find/", {"html_path": "/about/"})
    assert redirected.status_code == 302
    found = api_client.get("/api/v2/pages/find/", {"html_path": "/about/", "redirect": "false"})
    assert found.status_code == 200
    assert found.json() == detail(api_client, page).json()
    with django_assert_num_queries(0):
        again = api_client.get("/api/v2/pages/find/", {"html_path": "/about/", "redirect": "false"})
    assert again.json() == found.json()
    assert api_client.get("/api/v2/pages/find/", {"html_path": "/nope/", "redirect": "false"}).status_code == 404


def test_another_instance_sees_a_publish_within_the_check_interval(api_client, home, settings, monkeypatch):
    """Two instances share Redis: a publish on the other bumps the content version there; this process, which
    trusts the version it read for CATALOG_CACHE_VERSION_CHECK seconds, answers fresh once that has passed."""
    settings.CATALOG_CACHE_VERSION_CHECK = 1.0
    clear_local_cache()
    cms_cache.forget_content_version()
    detail(api_client, home)
    seen = cms_cache.content_version()
    home.title = "Published elsewhere"
    home.save_revision().publish()  # the other instance's publish: it also bumps this process's token...
    cms_cache._seen_content = (seen, cms_cache._seen_content[1])  # ...which this process must not know of
    assert detail(api_client, home).json()["title"] == "Home"  # within the window: the entry it trusts
    import time as real_time

    later = real_time.monotonic() + 1.01
    monkeypatch.setattr("home.cms_cache.time.monotonic", lambda: later)
    monkeypatch.setattr("catalog.cache.time.monotonic", lambda: later)
    assert detail(api_client, home).json()["title"] == "Published elsewhere"
