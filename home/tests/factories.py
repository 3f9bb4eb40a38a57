"""Content factories. Snippets are created published unless ``draft=True`` (then they stay drafts)."""

from io import BytesIO

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home.models import Banner, ContentPage, Footer, HomePage, NavigationMenu, ServiceGuarantee


def publish(obj):
    """Publish the object's current state through Wagtail (revision + publish action, signals included)."""
    obj.save_revision().publish()
    obj.refresh_from_db()
    return obj


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Image {n}")

    @factory.lazy_attribute
    def file(self):
        buffer = BytesIO()
        PILImage.new("RGB", (64, 32), "#3366aa").save(buffer, format="PNG")
        return ImageFile(buffer, name="test.png")


class PublishedSnippetFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def draft(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            # A never-published draft, the way the admin's "Save draft" leaves it.
            obj.live = False
            obj.save()
            obj.save_revision()
        else:
            publish(obj)


class BannerFactory(PublishedSnippetFactory):
    class Meta:
        model = Banner

    title = factory.Sequence(lambda n: f"Banner {n}")
    subtitle = "Subtitle"
    link_url = "/products/"
    position = "home_top"


class GuaranteeFactory(PublishedSnippetFactory):
    class Meta:
        model = ServiceGuarantee

    title = factory.Sequence(lambda n: f"Guarantee {n}")
    description = "Described"
    icon = "truck"


def link(label, *, page=None, url="", category=""):
    return {"label": label, "page": page, "url": url, "category": category}


def make_navigation(items, *, live=True) -> NavigationMenu:
    """``items``: [(link dict, [child link dicts])]."""
    menu = NavigationMenu(items=[("item", {**item, "children": children}) for item, children in items])
    menu.save()
    if live:
        return publish(menu)
    menu.live = False
    menu.save()
    menu.save_revision()
    return menu


def make_footer(*, columns=(), social=(), copyright="© {year} Shop") -> Footer:
    footer = Footer(
        columns=[("column", {"title": title, "links": links}) for title, links in columns],
        social=[("link", {"network": network, "url": url}) for network, url in social],
        copyright=copyright,
    )
    footer.save()
    return publish(footer)


def make_home_page(*, body=(), title="Home", **fields) -> HomePage:
    """A published HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage(title=title, slug="shop-home", body=list(body), **fields)
    root.add_child(instance=home)
    publish(home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def make_content_page(parent, *, title="About us", slug="about", intro="Who we are.", body=(), **fields):
    page = ContentPage(title=title, slug=slug, intro=intro, body=list(body), **fields)
    parent.add_child(instance=page)
    return publish(page)
