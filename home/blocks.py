"""StreamField blocks of the content pages, navigation and footer.

Each block shapes its own API output with ``get_api_representation`` (images as renditions, links as
resolved URLs), so the Wagtail API answer is what a frontend renders without further requests.
"""

import copy

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.urls import reverse
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.renditions import HERO_SPEC, rendition_data
from storefront.validators import safe_link, validate_link

BANNER_POSITIONS = [
    ("home_hero", "Home page: hero"),
    ("home_top", "Home page: top"),
    ("home_middle", "Home page: middle"),
    ("sidebar", "Sidebar"),
    ("category_top", "Category page: top"),
]

SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("pinterest", "Pinterest"),
    ("linkedin", "LinkedIn"),
]


def category_path(slug: str) -> str:
    return reverse("shop-category", args=[slug])


class RenditionImageChooserBlock(ImageChooserBlock):
    """An image chooser that loads its images with their ``rendition_spec`` rendition in the same queries,
    so a body with many images costs no more queries than one with a single image."""

    def __init__(self, rendition_spec: str = HERO_SPEC, **kwargs):
        self.rendition_spec = rendition_spec
        super().__init__(**kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "rendition_spec": self.rendition_spec}

    def bulk_to_python(self, values):
        images = self.model_class.objects.prefetch_renditions(self.rendition_spec).in_bulk(
            [value for value in values if value is not None]
        )
        return [images.get(value) for value in values]

    def get_api_representation(self, value, context=None):
        return rendition_data(value, self.rendition_spec)


class CatalogChooserBlock(SnippetChooserBlock):
    """A snippet chooser whose StreamField loads all its chosen objects through ``queryset()`` in one query, with
    what their read model shows already joined (hidden ones too: the editor still sees what was chosen)."""

    target_model_name = ""

    def __init__(self, **kwargs):
        super().__init__(self.target_model_name, **kwargs)

    def queryset(self):
        raise NotImplementedError

    def bulk_to_python(self, values):
        found = self.queryset().in_bulk([value for value in values if value is not None])
        seen, result = set(), []
        for value in values:
            obj = found.get(value)
            # A product chosen twice gets two instances, as Wagtail's own chooser gives.
            result.append(copy.copy(obj) if obj is not None and value in seen else obj)
            seen.add(value)
        return result


class ProductChooserBlock(CatalogChooserBlock):
    target_model_name = "catalog.Product"

    def queryset(self):
        from catalog import selectors

        return selectors.with_summary_relations(self.model_class.objects.all())


class CategoryChooserBlock(CatalogChooserBlock):
    target_model_name = "catalog.Category"

    def queryset(self):
        from catalog import selectors

        return selectors.category_list()  # with the parent slugs and product counts its read model shows


class StreamRead:
    """A read made once, on first use, for every value one ``bulk_to_python`` loaded (all the blocks of a kind in
    one StreamField): ``read(values)`` returns what the values then look up, so N blocks cost one read."""

    def __init__(self, read, values):
        self._read, self._values, self._result = read, values, None

    def result(self):
        if self._result is None:
            self._result = self._read(self._values)
        return self._result


class LinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        """Where the link goes: a live page, a category, or a URL; empty when its page is not live or its URL is
        not a safe link (a row stored before links were validated)."""
        page = self.get("page")
        if page is not None:
            return (page.url or "") if page.live else ""
        if self.get("category"):
            return category_path(self["category"])
        return safe_link(self.get("url"))


class LinkBlock(blocks.StructBlock):
    """A label and exactly one target: a page, a catalog category (by slug) or a URL."""

    label = blocks.CharBlock(max_length=80)
    page = blocks.PageChooserBlock(required=False)
    category = blocks.CharBlock(required=False, max_length=140, help_text="Category slug, e.g. 'shoes'.")
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link],
        help_text="A full URL or a path such as /products/.",
    )

    class Meta:
        icon = "link"
        value_class = LinkValue

    def clean(self, value):
        from catalog.models import Category

        value = super().clean(value)
        targets = [name for name in ("page", "category", "url") if value.get(name)]
        if len(targets) != 1:
            message = "Choose exactly one of page, category or URL."
            raise StructBlockValidationError(block_errors={"url": ErrorList([ValidationError(message)])})
        if value.get("category") and not Category.objects.filter(slug=value["category"]).exists():
            message = f"There is no category with the slug {value['category']!r}."
            raise StructBlockValidationError(block_errors={"category": ErrorList([ValidationError(message)])})
        return value

    def get_api_representation(self, value, context=None):
        return {"label": value["label"], "url": value.href}


class NavItemBlock(LinkBlock):
    children = blocks.ListBlock(LinkBlock(), default=[], required=False, label="Sub-items")

    class Meta:
        icon = "list-ul"
        value_class = LinkValue

    def get_api_representation(self, value, context=None):
        child_block = self.child_blocks["children"].child_block
        children = [child_block.get_api_representation(child, context) for child in value["children"]]
        return {**super().get_api_representation(value, context), "children": children}


class FooterColumnBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    links = blocks.ListBlock(LinkBlock())

    class Meta:
        icon = "list-ul"


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(validators=[validate_link])

    class Meta:
        icon = "site"


class HeroBlock(blocks.StructBlock):
    image = RenditionImageChooserBlock(rendition_spec=HERO_SPEC, required=False)
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    cta_label = blocks.CharBlock(required=False, max_length=40, label="Call to action label")
    cta_link = blocks.CharBlock(required=False, max_length=500, validators=[validate_link], label="Call to action link")
    cta_page = blocks.PageChooserBlock(required=False, label="Call to action page")

    class Meta:
        icon = "image"
        template = "home/blocks/hero.html"
        value_class = blocks.StructValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("cta_label") and not (value.get("cta_link") or value.get("cta_page")):
            message = "A call to action needs a link or a page."
            raise StructBlockValidationError(block_errors={"cta_link": ErrorList([ValidationError(message)])})
        return value

    @staticmethod
    def cta_url(value) -> str:
        page = value.get("cta_page")
        if page is not None:
            return (page.url or "") if page.live else ""
        return safe_link(value.get("cta_link"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["image"] = rendition_data(value.get("image"), HERO_SPEC)
        context["cta_url"] = self.cta_url(value)
        return context

    def get_api_representation(self, value, context=None):
        cta_url = self.cta_url(value)
        return {
            "image": rendition_data(value.get("image"), HERO_SPEC),
            "heading": value["heading"],
            "text": value.get("text") or "",
            "cta": {"label": value["cta_label"], "url": cta_url} if value.get("cta_label") and cta_url else None,
        }


class BannerSlotBlock(blocks.StructBlock):
    """The banners live now at one position, resolved at render time (they are scheduled independently)."""

    position = blocks.ChoiceBlock(choices=BANNER_POSITIONS)

    class Meta:
        icon = "image"
        template = "home/blocks/banner_slot.html"

    @staticmethod
    def banners(value) -> list[dict]:
        from home.selectors import banners_data

        # Every slot reads the one cached list of all live banners (in position order), whatever their positions.
        return [banner for banner in banners_data() if banner["position"] == value["position"]]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["banners"] = self.banners(value)
        return context

    def get_api_representation(self, value, context=None):
        return {"position": value["position"], "banners": self.banners(value)}


class GuaranteesBlock(blocks.StructBlock):
    """The strip of service guarantees (free shipping, returns...), edited once as snippets."""

    heading = blocks.CharBlock(required=False, max_length=80)

    class Meta:
        icon = "tick-inverse"
        template = "home/blocks/guarantees.html"

    def get_context(self, value, parent_context=None):
        from home.selectors import guarantees_data

        context = super().get_context(value, parent_context)
        context["guarantees"] = guarantees_data()
        return context

    def get_api_representation(self, value, context=None):
        from home.selectors import guarantees_data

        return {"heading": value.get("heading") or "", "items": guarantees_data()}


class StreamReadValue(blocks.StructValue):
    # The read shared with the other blocks of its kind in the same StreamField (set by their bulk_to_python).
    stream_read: StreamRead | None = None


class StreamReadBlock(blocks.StructBlock):
    """A block whose values, loaded together, share one ``read_many(values)`` (see StreamRead)."""

    class Meta:
        value_class = StreamReadValue

    @classmethod
    def read_many(cls, values) -> dict:
        raise NotImplementedError

    def bulk_to_python(self, values):
        values = super().bulk_to_python(values)
        shared = StreamRead(self.read_many, values)
        for value in values:
            value.stream_read = shared
        return values

    def read(self, value) -> dict:
        """What ``read_many`` gave for this value (a value built on its own reads alone)."""
        shared = getattr(value, "stream_read", None) or StreamRead(self.read_many, [value])
        return shared.result()


class FeaturedProductsBlock(StreamReadBlock):
    """Hand-picked products, shown (and served by the API) as the catalog's own product summaries."""

    heading = blocks.CharBlock(required=False, max_length=80)
    products = blocks.ListBlock(ProductChooserBlock(), min_num=1, max_num=24)

    class Meta:
        icon = "tag"
        template = "home/blocks/featured_products.html"

    @staticmethod
    def visible_products(value) -> list:
        return [product for product in value["products"] if product is not None and product.is_visible]

    @classmethod
    def read_many(cls, values) -> dict:
        """``{product id: summary}`` of every visible product the values chose: priced and with images together."""
        from catalog import selectors

        products = {product.id: product for value in values for product in cls.visible_products(value)}
        return {summary["id"]: summary for summary in selectors.product_summaries(products.values())}

    def summaries(self, value) -> list[dict]:
        """Summaries of the chosen products that are still visible, in the chosen order (constant queries)."""
        summaries = self.read(value)
        return [summaries[product.id] for product in self.visible_products(value)]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["products"] = self.summaries(value)
        return context

    def get_api_representation(self, value, context=None):
        return {"heading": value.get("heading") or "", "products": self.summaries(value)}


class FeaturedCategoriesBlock(StreamReadBlock):
    """Hand-picked categories, as the catalog API shows them (with their product counts)."""

    heading = blocks.CharBlock(required=False, max_length=80)
    categories = blocks.ListBlock(CategoryChooserBlock(), min_num=1, max_num=24)

    class Meta:
        icon = "folder-open-inverse"
        template = "home/blocks/featured_categories.html"

    @classmethod
    def read_many(cls, values) -> dict:
        """``{category id: the catalog's list item}`` of every category the values chose (counted together)."""
        from catalog import selectors

        categories = {c.pk: c for value in values for c in value["categories"] if c is not None}
        return dict(zip(categories, selectors.category_list_data(categories.values()), strict=True))

    def categories_data(self, value) -> list[dict]:
        found = self.read(value)
        return [found[category.pk] for category in value["categories"] if category is not None]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["categories"] = self.categories_data(value)
        return context

    def get_api_representation(self, value, context=None):
        return {"heading": value.get("heading") or "", "categories": self.categories_data(value)}


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "home/blocks/rich_text.html"


def home_body_blocks():
    return [
        ("hero", HeroBlock()),
        ("banner_slot", BannerSlotBlock()),
        ("featured_products", FeaturedProductsBlock()),
        ("featured_categories", FeaturedCategoriesBlock()),
        ("guarantees", GuaranteesBlock()),
        ("rich_text", RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])),
    ]


def content_body_blocks():
    return [
        ("rich_text", RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"])),
        ("banner_slot", BannerSlotBlock()),
        ("featured_products", FeaturedProductsBlock()),
        ("guarantees", GuaranteesBlock()),
    ]
