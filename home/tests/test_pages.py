"""Server-rendered content pages: home, content pages, previews of snippets, 404 and 500."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from home.tests.factories import (
    BannerFactory,
    GuaranteeFactory,
    ImageFactory,
    link,
    make_content_page,
    make_footer,
    make_home_page,
    make_navigation,
)

pytestmark = pytest.mark.django_db


def hero(image=None, heading="Everything for the season"):
    return (
        "hero",
        {
            "image": image,
            "heading": heading,
            "text": "New in",
            "cta_label": "Shop now",
            "cta_link": "/products/",
            "cta_page": None,
        },
    )


@pytest.fixture
def site_chrome(db):
    def build(home):
        about = make_content_page(home, title="About us", slug="about", intro="Who we are.")
        make_navigation(
            [(link("Shop", url="/products/"), [link("Shoes", category="shoes")]), (link("About", page=about), [])]
        )
        make_footer(
            columns=[("Help", [link("About us", page=about)])], social=[("instagram", "https://instagram.com/x")]
        )
        return about

    return build


def test_home_page_renders_the_stream_and_the_site_chrome(client, site_chrome):
    BannerFactory(title="Spring sale", subtitle="30% off", position="home_top", image=ImageFactory(title="Sale art"))
    BannerFactory(title="Sidebar only", position="sidebar")
    BannerFactory(title="Draft banner", position="home_top", draft=True)
    GuaranteeFactory(title="Free shipping", description="Over $50")
    home = make_home_page(
        body=[
            hero(ImageFactory(title="Hero art")),
            ("banner_slot", {"position": "home_top"}),
            ("guarantees", {"heading": "Why shop with us"}),
            ("rich_text", RichText("<p>Made to last</p>")),
        ],
        search_description="Seasonal goods, shipped fast.",
    )
    site_chrome(home)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Storefront</title>" in html
    assert '<meta name="description" content="Seasonal goods, shipped fast.">' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert "Everything for the season" in html and 'alt="Hero art"' in html and 'href="/products/">Shop now</a>' in html
    assert "Spring sale" in html and "30% off" in html and 'alt="Sale art"' in html
    assert "Sidebar only" not in html and "Draft banner" not in html
    assert "Why shop with us" in html and "Free shipping" in html
    assert "Made to last" in html
    assert '<nav class="site-nav" aria-label="Main">' in html and 'href="/categories/shoes/">Shoes</a>' in html
    assert 'href="/about/">About</a>' in html and 'href="https://instagram.com/x"' in html


def test_content_page(client, site_chrome):
    home = make_home_page()
    about = site_chrome(home)
    about.seo_title = "About the shop"
    about.search_description = "The people behind the shop."
    about.body = [("rich_text", RichText("<p>Since 2019</p>"))]
    about.save_revision().publish()

    response = client.get("/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>About the shop · Storefront</title>" in html
    assert '<meta name="description" content="The people behind the shop.">' in html
    assert "<h1>About us</h1>" in html and "Who we are." in html and "Since 2019" in html
    assert 'href="/about/" aria-current="page">About</a>' in html


@pytest.mark.parametrize("path", ["/nope/", "/about/nope/", "/preview/?content_type=home.contentpage&token=x"])
def test_unknown_pages_are_404_with_the_site_template(client, path, site_chrome):
    site_chrome(make_home_page())

    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and '<nav class="site-nav"' in html


def test_unpublished_page_is_404(client):
    page = make_content_page(make_home_page(), slug="gone")
    page.unpublish()

    assert client.get("/gone/").status_code == 404


def test_500_template_needs_no_database(db):
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("500.html")

    assert len(queries) == 0
    assert "Something went wrong" in html


def _home_html_queries(client, home, items):
    home.body = [hero(ImageFactory(), heading=f"Hero {n}") for n in range(items)] + [
        ("banner_slot", {"position": "home_top"}),
        ("guarantees", {"heading": ""}),
    ]
    home.save_revision().publish()
    for _ in range(items):
        BannerFactory(position="home_top", image=ImageFactory())
        GuaranteeFactory()
    client.get("/")  # renditions and the cached navigation, footer, banners and guarantees are built once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="hero"') == items
    return len(queries)


def test_home_page_html_query_count_does_not_grow_with_content(client, site_chrome):
    home = make_home_page()
    site_chrome(home)

    one = _home_html_queries(client, home, 1)
    many = _home_html_queries(client, home, 6)

    assert many == one
    assert one <= 6  # site, page routing, images, renditions


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (lambda: BannerFactory(title="Preview me", position="sidebar"), "Preview me"),
        (lambda: GuaranteeFactory(title="Guaranteed"), "Guaranteed"),
    ],
)
def test_snippet_preview_templates_render(rf, factory, expected):
    obj = factory()
    request = rf.get("/")

    response = obj.make_preview_request(request, "")

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_home_page_renders_featured_products_and_categories(client):
    from catalog.tests.factories import CategoryFactory, ProductFactory

    shoes = CategoryFactory(name="Shoes", slug="shoes")
    runner = ProductFactory(name="Runner", category=shoes, price="80.00")
    home = make_home_page(
        body=[
            ("featured_products", {"heading": "Our picks", "products": [runner]}),
            ("featured_categories", {"heading": "Browse", "categories": [shoes]}),
        ]
    )

    html = client.get("/").content.decode()

    # Product links on a page say which page brought the shopper (reports' content attribution).
    teaser = f'href="/products/{runner.slug}/?src=page:{home.id}">Runner</a>'
    assert "Our picks" in html and teaser in html and "80.00 USD" in html
    assert 'href="/categories/shoes/">Shoes' in html
