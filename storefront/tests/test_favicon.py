"""Browsers ask for /favicon.ico whatever the page links: it is served, and the pages link the SVG one."""

import pytest


def test_favicon_ico_is_served_from_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # the ICO signature


@pytest.mark.django_db
def test_pages_link_the_svg_icon(client):
    page = client.get("/cart/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/favicon.svg").status_code == 200
