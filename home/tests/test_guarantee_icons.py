"""Each service guarantee shows its own icon: an inline SVG per ServiceGuarantee.ICONS name, no font or request."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from home.models import ServiceGuarantee
from home.tests.factories import GuaranteeFactory, make_home_page

ICON_NAMES = [name for name, _ in ServiceGuarantee.ICONS]


def _icon(name: str):
    html = render_to_string("home/includes/guarantee.html", {"guarantee": {"title": "T", "icon": name}})
    return BeautifulSoup(html, "html.parser").find("svg")


def _drawing(svg) -> str:
    return "".join(str(child) for child in svg.children).strip()


def test_every_icon_name_draws_its_own_picture():
    drawings = {name: _drawing(_icon(name)) for name in ICON_NAMES}
    assert all(drawings.values())
    assert len(set(drawings.values())) == len(ICON_NAMES)
    assert _icon("truck")["data-icon"] == "truck" and _icon("truck")["stroke"] == "currentColor"


def test_an_unknown_name_still_draws_something_else():
    assert _drawing(_icon("rocket")) and _drawing(_icon("rocket")) not in {_drawing(_icon(n)) for n in ICON_NAMES}


@pytest.mark.django_db
def test_the_home_page_strip_shows_each_guarantees_icon(client):
    GuaranteeFactory(title="Free shipping", icon="truck")
    GuaranteeFactory(title="Easy returns", icon="return")
    make_home_page(body=[("guarantees", {"heading": "Why us"})])
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    icons = [svg["data-icon"] for svg in page.select(".guarantee .guarantee__icon svg")]
    assert icons == ["truck", "return"]
    assert "<link" not in str(page.select_one(".guarantees")) and "http" not in str(page.select_one(".guarantees"))
