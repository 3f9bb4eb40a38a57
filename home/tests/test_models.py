"""Model rules of the content app: one home page, one navigation, one footer, sane banner windows,
link blocks with exactly one target, and pages findable by search."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.rich_text import RichText

from catalog.tests.factories import CategoryFactory
from home.blocks import HeroBlock, LinkBlock, NavItemBlock
from home.models import Banner, ContentPage, Footer, HomePage, NavigationMenu, ServiceGuarantee
from home.tests.factories import BannerFactory, GuaranteeFactory, make_content_page, make_home_page

pytestmark = pytest.mark.django_db


def test_only_one_home_page_and_only_at_the_top(home_page):
    root = Page.get_first_root_node()

    assert not HomePage.can_create_at(root)
    assert not HomePage.can_create_at(home_page)
    assert ContentPage.can_create_at(home_page)
    assert not ContentPage.can_create_at(root)


@pytest.mark.parametrize("model", [NavigationMenu, Footer])
def test_navigation_and_footer_are_single(model):
    model.objects.create()
    second = model()

    with pytest.raises(ValidationError, match="There is already"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_banner_window_must_end_after_it_starts():
    now = timezone.now()
    banner = Banner(title="x", position="home_top", starts_at=now, ends_at=now - timedelta(hours=1))

    with pytest.raises(ValidationError) as error:
        banner.full_clean()
    assert "ends_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        banner.save()


def test_new_guarantees_go_last():
    first, second = GuaranteeFactory(), GuaranteeFactory()

    assert second.sort_order == first.sort_order + 1
    assert list(ServiceGuarantee.objects.all()) == [first, second]


def test_snippets_keep_revisions_and_drafts():
    banner = BannerFactory(title="Live")
    banner.title = "Draft"
    banner.save_revision()
    banner.refresh_from_db()

    assert banner.title == "Live" and banner.has_unpublished_changes
    assert banner.revisions.count() == 2
    assert banner.get_latest_revision_as_object().title == "Draft"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ({"label": "A", "url": "/a/"}, True),
        ({"label": "A", "category": "shoes"}, True),
        ({"label": "A"}, False),
        ({"label": "A", "url": "/a/", "category": "shoes"}, False),
    ],
)
def test_a_link_has_exactly_one_target(value, valid):
    CategoryFactory(slug="shoes")
    block = LinkBlock()
    struct = block.to_python({"page": None, "url": "", "category": "", **value})
    if valid:
        block.clean(struct)
    else:
        with pytest.raises(StructBlockValidationError):
            block.clean(struct)


def test_a_link_to_an_unknown_category_is_refused():
    block = LinkBlock()

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"label": "A", "page": None, "url": "", "category": "nope"}))
    assert "category" in error.value.block_errors


def test_nav_item_children_are_links():
    block = NavItemBlock()
    value = block.to_python(
        {
            "label": "Shop",
            "page": None,
            "url": "/products/",
            "category": "",
            "children": [{"label": "x", "page": None, "url": "", "category": ""}],
        }
    )

    with pytest.raises((StructBlockValidationError, StreamBlockValidationError, ValidationError)):
        block.clean(value)


def test_hero_call_to_action_needs_a_target():
    block = HeroBlock()
    value = block.to_python(
        {"image": None, "heading": "Hi", "text": "", "cta_label": "Go", "cta_link": "", "cta_page": None}
    )

    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_pages_are_searchable_by_their_body():
    home = make_home_page()
    make_content_page(
        home, title="Shipping", slug="shipping", body=[("rich_text", RichText("<p>parcels leave daily</p>"))]
    )
    make_content_page(home, title="About", slug="about")

    results = ContentPage.objects.live().search("parcels")

    assert [page.title for page in results] == ["Shipping"]
