"""/api/v1/cms/: navigation, footer, banners (live now only), guarantees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from home.tests.factories import (
    BannerFactory,
    GuaranteeFactory,
    ImageFactory,
    link,
    make_content_page,
    make_footer,
    make_navigation,
)

pytestmark = pytest.mark.django_db


def test_navigation_resolves_pages_categories_and_urls(api_client, home_page):
    about = make_content_page(home_page, title="About", slug="about")
    make_navigation(
        [
            (link("Shop", url="/products/"), [link("Shoes", category="shoes"), link("About", page=about)]),
            (link("About", page=about), []),
        ]
    )

    response = api_client.get("/api/v1/cms/navigation/")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "label": "Shop",
                "url": "/products/",
                "children": [
                    {"label": "Shoes", "url": "/categories/shoes/", "children": []},
                    {"label": "About", "url": "/about/", "children": []},
                ],
            },
            {"label": "About", "url": "/about/", "children": []},
        ]
    }


def test_navigation_leaves_out_links_to_unpublished_pages(api_client, home_page):
    draft = make_content_page(home_page, title="Secret", slug="secret")
    draft.unpublish()
    make_navigation([(link("Shop", url="/products/"), [link("Secret", page=draft)]), (link("Secret", page=draft), [])])

    response = api_client.get("/api/v1/cms/navigation/")

    assert response.json() == {"items": [{"label": "Shop", "url": "/products/", "children": []}]}


def test_navigation_draft_is_not_served(api_client, db):
    make_navigation([(link("Shop", url="/products/"), [])], live=False)

    response = api_client.get("/api/v1/cms/navigation/")

    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_footer(api_client, home_page):
    shipping = make_content_page(home_page, title="Shipping", slug="shipping")
    make_footer(
        columns=[("Help", [link("Shipping", page=shipping), link("Contact", url="/contact/")])],
        social=[("instagram", "https://instagram.com/shop")],
        copyright="© {year} Shop",
    )

    response = api_client.get("/api/v1/cms/footer/")

    assert response.status_code == 200
    assert response.json() == {
        "columns": [
            {
                "title": "Help",
                "links": [
                    {"label": "Shipping", "url": "/shipping/"},
                    {"label": "Contact", "url": "/contact/"},
                ],
            }
        ],
        "copyright": f"© {timezone.now().year} Shop",
        "social": [{"network": "instagram", "url": "https://instagram.com/shop"}],
    }


def test_footer_without_one_is_empty(api_client, db):
    assert api_client.get("/api/v1/cms/footer/").json() == {"columns": [], "copyright": "", "social": []}


def test_banners_shape_with_image_rendition(api_client, db):
    starts = timezone.now() - timedelta(days=1)
    banner = BannerFactory(
        title="Sale", subtitle="Big", image=ImageFactory(title="Sale"), starts_at=starts, position="home_top"
    )

    response = api_client.get("/api/v1/cms/banners/", {"position": "home_top"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    card = body["results"][0]
    image = card.pop("image")
    assert card == {
        "id": banner.id,
        "title": "Sale",
        "subtitle": "Big",
        "link_url": "/products/",
        "position": "home_top",
        "starts_at": starts.isoformat().replace("+00:00", "Z"),
        "ends_at": None,
        "promotion": None,
    }
    assert image["url"].startswith("http://testserver/media/images/") and ".fill-1200x400" in image["url"]
    # The 64x32 source is cropped to the 3:1 banner shape and never upscaled.
    assert (image["width"], image["height"], image["alt"]) == (64, 22, "Sale")


def test_a_banner_carries_its_discount_or_coupon_for_a_countdown(api_client, db):
    from catalog.tests.factories import DiscountFactory
    from commerce.tests.factories import CouponFactory

    ends = timezone.now() + timedelta(days=3)
    sale = DiscountFactory(name="Summer sale", ends_at=ends)
    welcome = CouponFactory(code="WELCOME10", name="", ends_at=None)
    BannerFactory(title="Sale", position="home_top", sort_order=1, discount=sale)
    BannerFactory(title="Welcome", position="home_top", sort_order=2, coupon=welcome)

    results = api_client.get("/api/v1/cms/banners/", {"position": "home_top"}).json()["results"]
    assert [(b["title"], b["promotion"]) for b in results] == [
        ("Sale", {"name": "Summer sale", "ends_at": ends.isoformat().replace("+00:00", "Z")}),
        ("Welcome", {"name": "WELCOME10", "ends_at": None, "code": "WELCOME10"}),
    ]

    # the cached answer follows the promotion: renamed, then switched off
    sale.name = "Summer sale, last days"
    sale.save()
    assert api_client.get("/api/v1/cms/banners/").json()["results"][0]["promotion"]["name"] == "Summer sale, last days"
    sale.is_active = False
    sale.save()
    assert api_client.get("/api/v1/cms/banners/").json()["results"][0]["promotion"] is None
    welcome.delete()
    assert api_client.get("/api/v1/cms/banners/").json()["results"][1]["promotion"] is None


def test_a_banner_points_at_one_promotion_at_most(db):
    from django.core.exceptions import ValidationError

    from catalog.tests.factories import DiscountFactory
    from commerce.tests.factories import CouponFactory

    banner = BannerFactory.build(title="Both", position="home_top", discount=DiscountFactory(), coupon=CouponFactory())
    with pytest.raises(ValidationError) as caught:
        banner.full_clean()
    assert "coupon" in caught.value.message_dict


def test_banners_only_live_now_at_the_position(api_client, db):
    now = timezone.now()
    BannerFactory(title="Live", position="home_top")
    BannerFactory(
        title="Window open", position="home_top", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    BannerFactory(title="Not started", position="home_top", starts_at=now + timedelta(hours=1))
    BannerFactory(
        title="Ended", position="home_top", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    BannerFactory(title="Draft", position="home_top", draft=True)
    BannerFactory(title="Elsewhere", position="sidebar")
    expired = BannerFactory(title="Unpublished", position="home_top")
    expired.unpublish(set_expired=True)
    past_expiry = BannerFactory(title="Past expiry", position="home_top")
    past_expiry.expire_at = now - timedelta(minutes=1)  # the scheduled unpublish has not run yet
    past_expiry.save()

    response = api_client.get("/api/v1/cms/banners/", {"position": "home_top"})

    assert [b["title"] for b in response.json()["results"]] == ["Live", "Window open"]


def test_banners_without_position_lists_every_position(api_client, db):
    BannerFactory(title="Top", position="home_top")
    BannerFactory(title="Side", position="sidebar")

    response = api_client.get("/api/v1/cms/banners/")

    assert sorted(b["title"] for b in response.json()["results"]) == ["Side", "Top"]


def test_banners_unknown_position_is_a_400(api_client, db):
    response = api_client.get("/api/v1/cms/banners/", {"position": "nowhere"})

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [{"code": "invalid_choice", "detail": '"nowhere" is not a valid choice.', "attr": "position"}],
    }


def test_banners_are_paginated(api_client, db):
    for n in range(3):
        BannerFactory(title=f"B{n}", position="home_top", sort_order=n)

    response = api_client.get("/api/v1/cms/banners/", {"position": "home_top", "page_size": 2})

    body = response.json()
    assert body["count"] == 3 and [b["title"] for b in body["results"]] == ["B0", "B1"]
    assert body["next"] == "http://testserver/api/v1/cms/banners/?page=2&page_size=2&position=home_top"
    assert api_client.get("/api/v1/cms/banners/", {"page": 9}).status_code == 404


def test_guarantees(api_client, db):
    GuaranteeFactory(title="Free shipping", description="Over $50", icon="truck")
    GuaranteeFactory(title="Returns", description="30 days", icon="return")
    GuaranteeFactory(title="Draft", draft=True)

    response = api_client.get("/api/v1/cms/guarantees/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {"title": "Free shipping", "description": "Over $50", "icon": "truck"},
            {"title": "Returns", "description": "30 days", "icon": "return"},
        ],
    }


@pytest.mark.parametrize("size", [1, 24, 100])
def test_list_query_count_is_constant(api_client, db, django_assert_max_num_queries, size):
    images = [ImageFactory() for _ in range(3)]
    for n in range(size):
        BannerFactory(position="home_top", image=images[n % 3])
        GuaranteeFactory()
    api_client.get("/api/v1/cms/banners/", {"position": "home_top", "page_size": size})  # renditions made once

    from django.core.cache import cache

    from catalog.cache import clear_local_cache

    cache.clear()
    clear_local_cache()  # and the response cache's per-process tier
    # 4 for the answer, and on this miss 2 for when banners and prices next change (how long the answer may live).
    with django_assert_max_num_queries(6):
        assert (
            len(api_client.get("/api/v1/cms/banners/", {"position": "home_top", "page_size": size}).json()["results"])
            == size
        )
    with django_assert_max_num_queries(3):
        assert len(api_client.get("/api/v1/cms/guarantees/", {"page_size": size}).json()["results"]) == size


@pytest.mark.parametrize("path", ["navigation/", "footer/", "banners/", "guarantees/"])
def test_endpoints_are_read_only(api_client, db, path):
    response = api_client.post(f"/api/v1/cms/{path}", {})

    assert response.status_code == 405
    assert response.json()["type"] == "client_error"


def test_a_promotion_leaves_the_banner_when_it_ends_and_the_cache_knows_when(db):
    from catalog.tests.factories import DiscountFactory
    from commerce.tests.factories import CouponFactory
    from home.selectors import next_banner_change, promotion_card

    now = timezone.now()
    sale_ends, coupon_starts = now + timedelta(hours=2), now + timedelta(hours=1)
    sale = BannerFactory(title="Sale", position="home_top", discount=DiscountFactory(name="Sale", ends_at=sale_ends))
    soon = BannerFactory(title="Soon", position="home_top", coupon=CouponFactory(code="SOON", starts_at=coupon_starts))

    assert promotion_card(sale, at=now)["name"] == "Sale"
    assert promotion_card(sale, at=sale_ends) is None
    assert promotion_card(soon, at=now) is None
    assert promotion_card(soon, at=coupon_starts)["code"] == "SOON"
    # the cached banner list is rebuilt at the first of these moments
    assert next_banner_change(position="home_top", at=now) == coupon_starts
    assert next_banner_change(position="home_top", at=coupon_starts) == sale_ends
