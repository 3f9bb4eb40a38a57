"""/api/v1/cms/ answers match the served schema strictly (every field named, none undocumented)."""

import pytest

from home.tests.factories import BannerFactory, GuaranteeFactory, ImageFactory, link, make_footer, make_navigation
from storefront.tests.openapi import assert_matches

pytestmark = pytest.mark.django_db


def test_cms_answers_match_the_schema(api_client):
    make_navigation([(link("Shop", url="/products/"), [link("Sale", url="/sale/")]), (link("About", url="/a/"), [])])
    make_footer(columns=[("Help", [link("FAQ", url="/faq/")])], social=[("instagram", "https://instagram.com/x")])
    BannerFactory(position="home_top", image=ImageFactory())
    BannerFactory(position="sidebar", image=None)
    GuaranteeFactory(icon="lock")

    for path in ("navigation", "footer", "banners", "guarantees"):
        data = api_client.get(f"/api/v1/cms/{path}/").json()
        assert data, path
        assert_matches(data, f"/api/v1/cms/{path}/")
