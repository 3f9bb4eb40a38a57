"""Links that editors store (banners, navigation, footer, hero calls to action) are http(s):// URLs with a host or
site paths; anything else is a form error, and a row stored before the rule is rendered without the link."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.tests.factories import UserFactory
from home.blocks import HeroBlock, LinkBlock, NavItemBlock, SocialLinkBlock
from home.models import Banner, Footer, HomePage, NavigationMenu
from home.tests.factories import BannerFactory, link, make_footer, make_home_page, make_navigation
from storefront.validators import safe_link, validate_link

pytestmark = pytest.mark.django_db

XSS = "javascript:alert(document.cookie)"
UNSAFE = [
    XSS,
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x00javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "https://",
    "ftp://example.com/file",
    "mailto:hi@example.com",
    "sale/",
]
SAFE = ["/", "/sale/", "/products/?ordering=-created_at#top", "https://example.com/sale", "HTTP://example.com:8080"]


def hero(cta_link):
    return {"image": None, "heading": "Hi", "text": "", "cta_label": "Go", "cta_link": cta_link, "cta_page": None}


def store_unchecked(obj, **fields):
    """Write ``fields`` straight to the row, as content saved before links were checked would be."""
    for name, value in fields.items():
        setattr(obj, name, value)  # StreamField values go through the field's own conversion
    type(obj).objects.filter(pk=obj.pk).update(**{name: getattr(obj, name) for name in fields})


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


# --- the rule --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", SAFE)
def test_http_urls_and_site_paths_are_links(value):
    validate_link(value)
    assert safe_link(value) == value


@pytest.mark.parametrize("value", UNSAFE)
def test_anything_else_is_refused_and_rendered_as_no_link(value):
    with pytest.raises(ValidationError) as caught:
        validate_link(value)
    assert caught.value.code == "invalid_link"
    assert safe_link(value) == ""


# --- where it is stored ----------------------------------------------------------------------------


def test_a_banner_link_is_checked_by_the_model():
    banner = BannerFactory.build(link_url=XSS)

    with pytest.raises(ValidationError) as caught:
        banner.full_clean()
    assert "link_url" in caught.value.message_dict


@pytest.mark.parametrize(
    ("block", "value", "field"),
    [
        (LinkBlock(), {"label": "A", "page": None, "category": "", "url": XSS}, "url"),
        (HeroBlock(), hero(XSS), "cta_link"),
        (SocialLinkBlock(), {"network": "x", "url": XSS}, "url"),
    ],
)
def test_blocks_refuse_unsafe_links(block, value, field):
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(value))
    assert field in caught.value.block_errors


def test_a_navigation_sub_item_refuses_an_unsafe_link():
    block = NavItemBlock()
    child = {"label": "Bad", "page": None, "category": "", "url": "data:text/html,x"}
    value = block.to_python({"label": "Shop", "page": None, "category": "", "url": "/products/", "children": [child]})

    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "children" in caught.value.block_errors


def test_blocks_accept_safe_links():
    LinkBlock().clean(LinkBlock().to_python({"label": "A", "page": None, "category": "", "url": "https://example.com"}))
    HeroBlock().clean(HeroBlock().to_python(hero("/sale/")))


def test_the_banner_admin_form_refuses_an_unsafe_link(admin_client):
    banner = BannerFactory(title="Sale", link_url="/sale/")
    form = {"title": "Sale", "subtitle": "", "position": "home_top", "sort_order": 0, "action-publish": "1"}
    url = reverse("wagtailsnippets_home_banner:edit", args=[banner.pk])

    response = admin_client.post(url, {**form, "link_url": XSS})

    assert response.status_code == 200
    assert "link_url" in response.context["form"].errors
    banner.refresh_from_db()
    assert banner.link_url == "/sale/"
    # the same form takes a safe link
    assert admin_client.post(url, {**form, "link_url": "https://example.com/sale"}).status_code == 302


def test_the_navigation_admin_form_refuses_an_unsafe_link(admin_client):
    menu = make_navigation([(link("Shop", url="/products/"), [])])
    item = {"label": "Shop", "page": "", "category": "", "url": XSS, "children": {"count": "0"}}
    data = nested_form_data({"name": "Main", "items": streamfield([("item", item)])})

    response = admin_client.post(
        reverse("wagtailsnippets_home_navigationmenu:edit", args=[menu.pk]), {**data, "action-publish": "1"}
    )

    assert response.status_code == 200
    assert "items" in response.context["form"].errors
    menu.refresh_from_db()
    assert menu.items[0].value["url"] == "/products/"


def test_the_page_editor_refuses_an_unsafe_call_to_action(admin_client):
    home = make_home_page(body=[("hero", hero("/products/"))])
    data = nested_form_data({"title": "Home", "slug": home.slug, "body": streamfield([("hero", hero(XSS))])})
    data["body-0-value-image"] = data["body-0-value-cta_page"] = ""

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), {**data, "action-publish": "1"})

    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    home.refresh_from_db()
    assert home.body[0].value["cta_link"] == "/products/"


# --- where it is rendered: a row that still holds an unsafe link ------------------------------------


def test_a_stored_unsafe_banner_link_is_not_rendered(client, api_client):
    banner = BannerFactory(title="Spring sale", position="home_top")
    store_unchecked(banner, link_url=XSS)
    home = make_home_page(body=[("banner_slot", {"position": "home_top"})])

    html = client.get("/").content.decode()
    assert "Spring sale" in html and "javascript:" not in html
    [card] = api_client.get("/api/v1/cms/banners/").json()["results"]
    assert card["link_url"] == ""
    [slot] = api_client.get(f"/api/v2/pages/{home.pk}/").json()["body"]
    assert slot["value"]["banners"][0]["link_url"] == ""
    assert Banner.objects.get(pk=banner.pk).link_url == XSS  # left as it was, for an editor to fix


def test_stored_unsafe_navigation_and_footer_links_are_left_out(client, api_client):
    make_home_page()
    menu = make_navigation([(link("Shop", url="/products/"), [])])
    store_unchecked(
        menu,
        items=[
            ("item", {**link("Evil", url=XSS), "children": []}),
            ("item", {**link("Shop", url="/products/"), "children": [link("Also evil", url="//evil.example/")]}),
        ],
    )
    footer = make_footer()
    store_unchecked(
        footer,
        columns=[("column", {"title": "Help", "links": [link("Evil", url=XSS), link("FAQ", url="/faq/")]})],
        social=[
            ("link", {"network": "x", "url": XSS}),
            ("link", {"network": "instagram", "url": "https://ig.example"}),
        ],
    )

    html = client.get("/").content.decode()
    assert "javascript:" not in html and "evil.example" not in html
    assert 'href="/products/">Shop</a>' in html and 'href="/faq/">FAQ</a>' in html and "https://ig.example" in html
    assert api_client.get("/api/v1/cms/navigation/").json() == {
        "items": [{"label": "Shop", "url": "/products/", "children": []}]
    }
    footer_data = api_client.get("/api/v1/cms/footer/").json()
    assert footer_data["columns"] == [{"title": "Help", "links": [{"label": "FAQ", "url": "/faq/"}]}]
    assert footer_data["social"] == [{"network": "instagram", "url": "https://ig.example"}]
    assert NavigationMenu.objects.get().items[0].value["url"] == XSS
    assert Footer.objects.get().social[0].value["url"] == XSS


def test_a_stored_unsafe_call_to_action_is_not_rendered(client, api_client):
    home = make_home_page(body=[("hero", hero("/products/"))])
    store_unchecked(home, body=[("hero", hero(" javascript:alert(1)"))])
    assert HomePage.objects.get(pk=home.pk).body[0].value["cta_link"] == " javascript:alert(1)"

    html = client.get("/").content.decode()
    assert "Hi" in html and "javascript:" not in html and ">Go</a>" not in html
    [block] = api_client.get(f"/api/v2/pages/{home.pk}/").json()["body"]
    assert block["value"]["cta"] is None
