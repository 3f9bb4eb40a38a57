"""The CMS read models are cached, and what editors publish shows on the next request."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home import cms_cache, selectors
from home.tests.factories import BannerFactory, GuaranteeFactory, link, make_content_page, make_navigation, publish

pytestmark = pytest.mark.django_db


def titles(api_client, position="home_top"):
    return [b["title"] for b in api_client.get("/api/v1/cms/banners/", {"position": position}).json()["results"]]


def test_answers_come_from_the_cache(api_client):
    GuaranteeFactory(title="Free shipping")
    make_navigation([(link("Shop", url="/products/"), [])])
    for path in ("navigation/", "footer/", "guarantees/", "banners/?position=home_top"):
        api_client.get(f"/api/v1/cms/{path}")

    with CaptureQueriesContext(connection) as queries:
        for path in ("navigation/", "footer/", "guarantees/", "banners/?position=home_top"):
            assert api_client.get(f"/api/v1/cms/{path}").status_code == 200

    assert len(queries) == 0


def test_publishing_a_banner_shows_it_at_once(api_client):
    BannerFactory(title="First")
    assert titles(api_client) == ["First"]  # now cached

    second = BannerFactory(title="Second", sort_order=1, draft=True)
    assert titles(api_client) == ["First"]  # a draft changes nothing
    publish(second)

    assert titles(api_client) == ["First", "Second"]


def test_publishing_changes_to_a_live_banner_shows_them(api_client):
    banner = BannerFactory(title="Old title")
    assert titles(api_client) == ["Old title"]

    banner.title = "New title"
    banner.save_revision()  # saved as a draft: the live banner is unchanged
    assert titles(api_client) == ["Old title"]
    banner.save_revision().publish()

    assert titles(api_client) == ["New title"]


def test_unpublishing_and_deleting_hide_banners(api_client):
    first, second = BannerFactory(title="First"), BannerFactory(title="Second", sort_order=1)
    assert titles(api_client) == ["First", "Second"]

    first.unpublish()
    assert titles(api_client) == ["Second"]
    second.delete()

    assert titles(api_client) == []


def test_guarantees_and_navigation_are_invalidated_on_publish(api_client, home_page):
    guarantee = GuaranteeFactory(title="Old promise")
    menu = make_navigation([(link("Shop", url="/products/"), [])])
    assert api_client.get("/api/v1/cms/guarantees/").json()["results"][0]["title"] == "Old promise"
    assert api_client.get("/api/v1/cms/navigation/").json()["items"][0]["label"] == "Shop"

    guarantee.title = "New promise"
    publish(guarantee)
    menu.items = [("item", {**link("Store", url="/products/"), "children": []})]
    publish(menu)

    assert api_client.get("/api/v1/cms/guarantees/").json()["results"][0]["title"] == "New promise"
    assert api_client.get("/api/v1/cms/navigation/").json()["items"][0]["label"] == "Store"


def test_navigation_follows_linked_pages(api_client, home_page):
    about = make_content_page(home_page, title="About", slug="about")
    make_navigation([(link("About", page=about), [])])
    assert api_client.get("/api/v1/cms/navigation/").json()["items"] == [
        {"label": "About", "url": "/about/", "children": []}
    ]

    about.slug = "about-us"
    publish(about)
    assert api_client.get("/api/v1/cms/navigation/").json()["items"][0]["url"] == "/about-us/"
    about.unpublish()

    assert api_client.get("/api/v1/cms/navigation/").json()["items"] == []


def test_a_display_window_opening_or_closing_is_respected_despite_the_cache(api_client, monkeypatch):
    now = timezone.now()
    BannerFactory(title="Always")
    BannerFactory(title="Later", sort_order=1, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=2))
    assert titles(api_client) == ["Always"]  # cached, remembering the next change at starts_at

    def travel(delta):  # for the selectors and for the expiry of whole cached answers alike
        monkeypatch.setattr(selectors.timezone, "now", lambda: now + delta)
        monkeypatch.setattr("catalog.cache.time.time", lambda: (now + delta).timestamp())

    travel(timedelta(hours=1, seconds=1))
    assert titles(api_client) == ["Always", "Later"]

    travel(timedelta(hours=2, seconds=1))
    assert titles(api_client) == ["Always"]


def test_cache_timeout_stops_at_the_next_banner_change(db):
    now = timezone.now()
    BannerFactory(position="home_top", starts_at=now + timedelta(seconds=30))

    assert selectors.next_banner_change(position="home_top", at=now) == now + timedelta(seconds=30)
    assert selectors.next_banner_change(position="sidebar", at=now) is None


def test_a_lost_version_key_never_brings_back_old_entries(db):
    cms_cache.store("banners", "home_top", ["old"])
    cms_cache.invalidate("banners")
    cache.delete("cms:banners:version")  # evicted

    assert cms_cache.lookup("banners", "home_top") is None


def test_scheduled_publishing_goes_live_through_the_beat_task(api_client):
    from home.tasks import publish_scheduled_content

    banner = BannerFactory(title="Summer", draft=True)
    banner.go_live_at = timezone.now() + timedelta(days=1)
    revision = banner.save_revision()
    revision.publish()
    banner.refresh_from_db()
    assert not banner.live and banner.scheduled_revision == revision
    assert titles(api_client) == []  # cached while scheduled

    # The go-live moment passes (moved into the past rather than waiting for it).
    past = timezone.now() - timedelta(seconds=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    publish_scheduled_content.delay()

    banner.refresh_from_db()
    assert banner.live
    assert titles(api_client) == ["Summer"]
