"""With FRONTEND_REVALIDATE_URL set, what editors publish is POSTed there as a signed content.changed event (through
the outbox, after commit); unset, nothing is published. A tiny HTTP server on 127.0.0.1 plays the frontend."""

import hashlib
import hmac
import json

import pytest

from commerce.tasks import SIGNATURE_HEADER
from commerce.tests.test_webhooks import Receiver
from home.revalidation import EVENT
from home.tests.factories import BannerFactory, make_content_page, make_navigation
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db
SECRET = "revalidate-test-secret"


@pytest.fixture
def frontend(settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_SECRET = SECRET
    with Receiver() as receiver:
        settings.FRONTEND_REVALIDATE_URL = receiver.url
        yield receiver


def payloads(receiver) -> list[dict]:
    return [event["payload"] for event in receiver.events(EVENT)]


def test_page_publish_unpublish_and_move_reach_the_frontend(frontend, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        about = make_content_page(home_page, title="About", slug="about")
        team = make_content_page(home_page, title="Team", slug="team")
    with django_capture_on_commit_callbacks(execute=True):
        team.move(about, pos="last-child")
    with django_capture_on_commit_callbacks(execute=True):
        about.refresh_from_db()
        about.unpublish()

    assert payloads(frontend)[-4:] == [
        {"kind": "page", "id": about.pk, "paths": ["/about/"]},
        {"kind": "page", "id": team.pk, "paths": ["/team/"]},
        {"kind": "page", "id": team.pk, "paths": ["/about/team/", "/team/"]},
        {"kind": "page", "id": about.pk, "paths": ["/about/"]},
    ]
    headers, body = frontend.requests[-1]
    assert headers[SIGNATURE_HEADER] == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Storefront-Event"] == EVENT
    assert json.loads(body)["id"] == headers["X-Storefront-Event-Id"]


def test_snippet_publish_and_delete_reach_the_frontend(frontend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        banner = BannerFactory()
        make_navigation([])
    banner_id = banner.pk
    with django_capture_on_commit_callbacks(execute=True):
        banner.delete()

    assert payloads(frontend) == [
        {"kind": "banners", "id": banner_id, "paths": []},
        {"kind": "navigation", "id": payloads(frontend)[1]["id"], "paths": []},
        {"kind": "banners", "id": banner_id, "paths": []},
    ]
    assert OutboxEvent.objects.filter(name=EVENT, completed_at__isnull=False).count() == 3  # each done once sent


def test_deleting_a_page_tells_the_frontend_once_per_page(frontend, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        about = make_content_page(home_page, title="About", slug="about")
        team = make_content_page(about, title="Team", slug="team")
    sent = len(payloads(frontend))
    with django_capture_on_commit_callbacks(execute=True):
        about.delete()  # and its child with it

    assert sorted(payloads(frontend)[sent:], key=lambda p: p["id"]) == [
        {"kind": "page", "id": about.pk, "paths": ["/about/"]},
        {"kind": "page", "id": team.pk, "paths": ["/about/team/"]},
    ]


def test_nothing_is_published_without_a_url(settings, home_page, django_capture_on_commit_callbacks):
    settings.FRONTEND_REVALIDATE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        make_content_page(home_page)
        BannerFactory()

    assert not OutboxEvent.objects.filter(name=EVENT).exists()


def test_a_move_names_the_old_and_new_paths_of_the_descendants_too(
    frontend, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shop = make_content_page(home_page, title="Shop", slug="shop")
        about = make_content_page(home_page, title="About", slug="about")
        make_content_page(about, title="Team", slug="team")
    with django_capture_on_commit_callbacks(execute=True):
        about.move(shop, pos="last-child")
    assert payloads(frontend)[-1] == {
        "kind": "page",
        "id": about.pk,
        "paths": ["/about/", "/about/team/", "/shop/about/", "/shop/about/team/"],
    }


def test_a_new_slug_names_the_old_paths(frontend, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        about = make_content_page(home_page, title="About", slug="about")
        make_content_page(about, title="Team", slug="team")
    with django_capture_on_commit_callbacks(execute=True):
        about.slug = "about-us"
        about.save_revision().publish()
    renamed = [p for p in payloads(frontend) if p["id"] == about.pk and "/about-us/" in p["paths"]]
    assert {
        "kind": "page",
        "id": about.pk,
        "paths": ["/about-us/", "/about-us/team/", "/about/", "/about/team/"],
    } in renamed


def test_a_big_subtree_makes_every_page_stale(frontend, home_page, django_capture_on_commit_callbacks, settings):
    from home import revalidation

    with django_capture_on_commit_callbacks(execute=True):
        shop = make_content_page(home_page, title="Shop", slug="shop")
        about = make_content_page(home_page, title="About", slug="about")
        for n in range(3):
            make_content_page(about, title=f"Page {n}", slug=f"page-{n}")
    revalidation.MAX_PATHS, before = 3, revalidation.MAX_PATHS
    try:
        with django_capture_on_commit_callbacks(execute=True):
            about.move(shop, pos="last-child")
    finally:
        revalidation.MAX_PATHS = before
    assert payloads(frontend)[-1] == {"kind": "page", "id": about.pk, "paths": []}
