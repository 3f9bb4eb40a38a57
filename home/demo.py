"""Demo content for seed_demo: the home page as site root, two content pages, banners, guarantees,
navigation and footer. Idempotent: what exists is left alone, what is missing is created and published."""

import io
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from catalog import selectors as catalog_selectors
from catalog.models import Category
from home.models import Banner, ContentPage, Footer, HomePage, NavigationMenu, ServiceGuarantee

GUARANTEES = [
    ("Free shipping over $50", "Delivered in 2-4 working days.", "truck"),
    ("30-day returns", "Changed your mind? Send it back, free.", "return"),
    ("Secure checkout", "Your payment details never touch our servers.", "lock"),
    ("Real people on support", "Mon-Fri 9:00-18:00, by chat or email.", "support"),
]
CONTENT_PAGES = [
    (
        "about",
        "About us",
        "A small shop with a long list of things we love.",
        "<p>We started in a garage in 2019 and still pack every order by hand.</p>",
    ),
    (
        "shipping",
        "Shipping & returns",
        "How and when your order arrives, and how to send it back.",
        "<h2>Shipping</h2><p>Orders placed before 14:00 leave the same day. Shipping is free over $50.</p>"
        "<h2>Returns</h2><p>Return any unused item within 30 days for a full refund.</p>",
    ),
]


def seed(*, products: int, log) -> None:
    home = _ensure_home_page(log)
    pages = {slug: _ensure_content_page(home, slug, title, intro, body) for slug, title, intro, body in CONTENT_PAGES}
    _ensure_guarantees()
    _ensure_banners()
    _ensure_navigation(pages)
    _ensure_footer(pages)
    log(f"content: home page #{home.pk}, {len(pages)} content pages, banners, guarantees, navigation, footer")


def _demo_image(title: str, colour: tuple[int, int, int], size=(1600, 640), *, alt: str = ""):
    """A plain generated image (no binary fixtures in the repository), created once."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    slug = title.lower().replace(" ", "-").replace(":", "")
    image = image_model(title=title, description=alt, file=ImageFile(buffer, name=f"{slug}.png"))
    image.save()
    return image


def _publish(obj) -> None:
    obj.save_revision().publish()
    # publish() saves a copy made from the revision; reload so later children see the new url_path.
    obj.refresh_from_db()


def _ensure_home_page(log) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Home", slug="storefront-home", seo_title="", search_description="")
        home.body = _home_body()
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    if site.root_page_id != home.pk:
        previous_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "Storefront"
        site.save()
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page: a plain Page with no children.
        if type(previous_root.specific) is Page and previous_root.get_children_count() == 0:
            previous_root.delete()
            log("content: replaced Wagtail's welcome page with the home page")
    if home.slug != "home" and not Page.objects.sibling_of(home).filter(slug="home").exists():
        home.slug = "home"
        _publish(home)
    if not any(block.block_type == "featured_products" for block in home.body) and _featured_blocks():
        # A home page seeded before the catalog had products gets its teasers now.
        for block in _featured_blocks():
            home.body.append(block)
        _publish(home)
    return home


def _featured_products():
    return list(catalog_selectors.public_products().order_by("id")[:8])


def _top_categories():
    return list(Category.get_root_nodes()[:6])


def _featured_blocks():
    blocks = []
    if products := _featured_products():
        blocks.append(("featured_products", {"heading": "Our picks this week", "products": products}))
    if categories := _top_categories():
        blocks.append(("featured_categories", {"heading": "Shop by category", "categories": categories}))
    return blocks


def _home_body():
    return [
        (
            "hero",
            {
                "image": _demo_image("Demo: hero", (33, 84, 140), alt="A shelf of this season's new arrivals"),
                "heading": "Everything for the season, in one place",
                "text": "New arrivals every week, free shipping over $50.",
                "cta_label": "Shop now",
                "cta_link": "/products/",
                "cta_page": None,
            },
        ),
        ("banner_slot", {"position": "home_top"}),
        *_featured_blocks(),
        ("guarantees", {"heading": "Why shop with us"}),
        (
            "rich_text",
            RichText("<h2>Made to last</h2><p>We pick every product for quality first, and stand behind it.</p>"),
        ),
    ]


def _ensure_content_page(home: HomePage, slug: str, title: str, intro: str, body: str) -> ContentPage:
    page = ContentPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = ContentPage(title=title, slug=slug, intro=intro, search_description=intro)
        page.body = [("rich_text", RichText(body))]
        home.add_child(instance=page)
        _publish(page)
    return page


def _ensure_guarantees() -> None:
    for title, description, icon in GUARANTEES:
        if not ServiceGuarantee.objects.filter(title=title).exists():
            _publish(ServiceGuarantee.objects.create(title=title, description=description, icon=icon))


def _ensure_banners() -> None:
    now = timezone.now()
    if not Banner.objects.filter(title="Spring sale").exists():
        banner = Banner.objects.create(
            title="Spring sale",
            subtitle="Up to 30% off selected lines, this week only.",
            image=_demo_image("Demo: spring sale banner", (180, 35, 24), size=(1200, 400), alt="Spring sale"),
            link_url="/products/?ordering=-created_at",
            position="home_top",
        )
        _publish(banner)
    if not Banner.objects.filter(title="Summer collection").exists():
        # Scheduled with Wagtail's publishing schedule: it goes live by itself (home.tasks.publish_scheduled_content).
        go_live = (now + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
        banner = Banner.objects.create(
            title="Summer collection",
            subtitle="Light fabrics and bright colours, arriving soon.",
            image=_demo_image("Demo: summer banner", (26, 127, 55), size=(1200, 400), alt="Summer collection"),
            link_url="/products/",
            position="home_top",
            starts_at=go_live,
            live=False,
        )
        banner.go_live_at = go_live
        _publish(banner)


def _link(label: str, *, page=None, url: str = "", category: str = "") -> dict:
    return {"label": label, "page": page, "url": url, "category": category}


def _ensure_navigation(pages: dict) -> None:
    if NavigationMenu.objects.exists():
        return
    menu = NavigationMenu(name="Main navigation")
    categories = [_link(category.name, category=category.slug) for category in _top_categories()[:4]]
    menu.items = [
        (
            "item",
            {**_link("Shop", url="/products/"), "children": [_link("New in", url="/products/?ordering=-created_at")]},
        ),
        *[("item", {**link, "children": []}) for link in categories],
        ("item", {**_link("About", page=pages["about"]), "children": []}),
        ("item", {**_link("Shipping", page=pages["shipping"]), "children": []}),
    ]
    menu.live = False
    menu.save()
    _publish(menu)


def _ensure_footer(pages: dict) -> None:
    if Footer.objects.exists():
        return
    footer = Footer(name="Footer", copyright="© {year} Storefront. All rights reserved.")
    footer.columns = [
        (
            "column",
            {"title": "Shop", "links": [_link("All products", url="/products/"), _link("Search", url="/search/")]},
        ),
        (
            "column",
            {
                "title": "Help",
                "links": [_link("Shipping & returns", page=pages["shipping"]), _link("About us", page=pages["about"])],
            },
        ),
    ]
    footer.social = [
        ("link", {"network": "instagram", "url": "https://www.instagram.com/"}),
        ("link", {"network": "facebook", "url": "https://www.facebook.com/"}),
    ]
    footer.live = False
    footer.save()
    _publish(footer)
