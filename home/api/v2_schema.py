"""The OpenAPI description of Wagtail's content API (/api/v2/), for the served schema only.

Wagtail builds its serializers per request (from the page type and ``?fields=``), so drf-spectacular cannot read
the shapes off the views: these serializers describe what the views answer with their default fields, and are
used by nothing but ``extend_schema`` in ``home.api.v2``. A page's ``body`` is a list of blocks, a union
discriminated on ``type``; each block's ``value`` is what its ``get_api_representation`` in ``home.blocks``
returns (products and categories as the catalog API shows them). home/tests/test_api_v2_schema.py validates real
answers against these components, so a block that changes its shape fails there.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer
from drf_standardized_errors.openapi_serializers import ErrorResponse404Serializer
from rest_framework import serializers

from catalog.api.serializers import CategorySerializer, ImageSerializer, ProductSummarySerializer
from home.api.serializers import BannerSerializer, GuaranteeSerializer
from home.blocks import BANNER_POSITIONS
from storefront.api.schema import bad_request

TAGS = ["content"]


def _serializer(name: str, fields: dict, doc: str = "") -> type[serializers.Serializer]:
    return type(name, (serializers.Serializer,), {**fields, "__doc__": doc or None})


def _literal(value: str, help_text: str = "") -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[(value, value)], help_text=help_text)


# --- blocks -------------------------------------------------------------------------------------------

CtaSerializer = _serializer("HeroCta", {"label": serializers.CharField(), "url": serializers.CharField()})

BLOCK_VALUES = {
    "hero": _serializer(
        "HeroBlockValue",
        {
            "image": ImageSerializer(allow_null=True, help_text="1600x640, WebP."),
            "heading": serializers.CharField(),
            "text": serializers.CharField(help_text="Plain text; empty when none."),
            "cta": CtaSerializer(allow_null=True, help_text="The call to action; null without a label or a target."),
        },
    ),
    "banner_slot": _serializer(
        "BannerSlotBlockValue",
        {
            "position": serializers.ChoiceField(choices=BANNER_POSITIONS),
            "banners": BannerSerializer(many=True, help_text="Live now at the position (as /api/v1/cms/banners/)."),
        },
    ),
    "featured_products": _serializer(
        "FeaturedProductsBlockValue",
        {
            "heading": serializers.CharField(),
            "products": ProductSummarySerializer(
                many=True, help_text="The chosen products still visible, in the chosen order (as /api/v1/products/)."
            ),
        },
    ),
    "featured_categories": _serializer(
        "FeaturedCategoriesBlockValue",
        {
            "heading": serializers.CharField(),
            "categories": CategorySerializer(many=True, help_text="As /api/v1/categories/ lists them."),
        },
    ),
    "guarantees": _serializer(
        "GuaranteesBlockValue",
        {
            "heading": serializers.CharField(),
            "items": GuaranteeSerializer(many=True, help_text="As /api/v1/cms/guarantees/."),
        },
    ),
    "rich_text": serializers.CharField(help_text="HTML."),
}


def _block(block_type: str) -> type[serializers.Serializer]:
    name = "".join(part.title() for part in block_type.split("_"))
    value = BLOCK_VALUES[block_type]
    return _serializer(
        f"{name}Block",
        {
            "type": _literal(block_type),
            "value": value() if isinstance(value, type) else value,
            "id": serializers.UUIDField(help_text="The block's id in the StreamField (stable across revisions)."),
        },
    )


BLOCKS = {block_type: _block(block_type) for block_type in BLOCK_VALUES}


def _body(component_name: str, block_types: list[str]) -> PolymorphicProxySerializer:
    return PolymorphicProxySerializer(
        component_name=component_name,
        serializers={block_type: BLOCKS[block_type] for block_type in block_types},
        resource_type_field_name="type",
        many=True,
    )


# home.blocks.home_body_blocks() and content_body_blocks(), in their order.
HOME_BLOCK_TYPES = ["hero", "banner_slot", "featured_products", "featured_categories", "guarantees", "rich_text"]
CONTENT_BLOCK_TYPES = ["rich_text", "banner_slot", "featured_products", "guarantees"]


# --- pages --------------------------------------------------------------------------------------------

PageReferenceMeta = _serializer(
    "PageReferenceMeta",
    {
        "type": serializers.CharField(help_text="`app_label.ModelName`."),
        "detail_url": serializers.URLField(),
        "html_url": serializers.URLField(allow_null=True),
    },
)
PageReference = _serializer(
    "PageReference",
    {"id": serializers.IntegerField(), "meta": PageReferenceMeta(), "title": serializers.CharField()},
    "Another page (the parent, or the page an alias copies).",
)


def _page_meta(name: str, page_type: str | None, *, detail: bool) -> type[serializers.Serializer]:
    fields = {
        "type": _literal(page_type) if page_type else serializers.CharField(help_text="`app_label.ModelName`."),
        "detail_url": serializers.URLField(help_text="This page's /api/v2/pages/{id}/, on the request's host."),
        "html_url": serializers.URLField(allow_null=True, help_text="The page on the site; null when not routable."),
        "slug": serializers.SlugField(),
        "first_published_at": serializers.DateTimeField(allow_null=True),
    }
    if detail:
        fields |= {
            "show_in_menus": serializers.BooleanField(),
            "seo_title": serializers.CharField(help_text="Empty: use the title."),
            "search_description": serializers.CharField(help_text="For `<meta name=description>`."),
            "alias_of": PageReference(allow_null=True),
            "parent": PageReference(allow_null=True, help_text="Null for the home page."),
        }
    return _serializer(name, fields)


def _page_detail(name: str, page_type: str, body: PolymorphicProxySerializer, **fields) -> type:
    return _serializer(
        name,
        {
            "id": serializers.IntegerField(allow_null=True, help_text="Null only in a preview of an unsaved page."),
            "meta": _page_meta(f"{name}Meta", page_type, detail=True)(),
            "title": serializers.CharField(),
            **fields,
            "body": body,
        },
    )


HomePageDetail = _page_detail("HomePageDetail", "home.HomePage", _body("HomePageBody", HOME_BLOCK_TYPES))
ContentPageDetail = _page_detail(
    "ContentPageDetail",
    "home.ContentPage",
    _body("ContentPageBody", CONTENT_BLOCK_TYPES),
    intro=serializers.CharField(help_text="Plain text shown under the title; may be empty."),
)
PAGE_DETAIL = PolymorphicProxySerializer(
    component_name="PageDetail",
    serializers=[HomePageDetail, ContentPageDetail],
    resource_type_field_name=None,  # the type is meta.type (a literal in each)
)

PageListItem = _serializer(
    "PageListItem",
    {
        "id": serializers.IntegerField(),
        "meta": _page_meta("PageListItemMeta", None, detail=False)(),
        "title": serializers.CharField(),
    },
    "A page with the listing's default fields; `?fields=` adds more (e.g. `intro`, `body`), of the shapes the "
    "detail shows.",
)


def _listing(name: str, item) -> type[serializers.Serializer]:
    return _serializer(
        name,
        {
            "meta": _serializer(f"{name}Meta", {"total_count": serializers.IntegerField()})(),
            "items": item(many=True),
        },
    )


PageListing = _listing("PageListing", PageListItem)


# --- images and documents -----------------------------------------------------------------------------


def _file_meta(name: str, type_name: str) -> type[serializers.Serializer]:
    return _serializer(
        name,
        {
            "type": _literal(type_name),
            "detail_url": serializers.URLField(),
            "tags": serializers.ListField(child=serializers.CharField()),
            "download_url": serializers.URLField(help_text="The original file, an absolute URL."),
        },
    )


def _file_item(name: str, meta, **fields) -> type[serializers.Serializer]:
    return _serializer(
        name, {"id": serializers.IntegerField(), "meta": meta(), "title": serializers.CharField(), **fields}
    )


ImageMeta = _file_meta("WagtailImageMeta", "wagtailimages.Image")
ImageListItem = _file_item("WagtailImage", ImageMeta)
ImageDetail = _file_item(
    "WagtailImageDetail", ImageMeta, width=serializers.IntegerField(), height=serializers.IntegerField()
)
DocumentItem = _file_item("WagtailDocument", _file_meta("WagtailDocumentMeta", "wagtaildocs.Document"))
ImageListing = _listing("WagtailImageListing", ImageListItem)
DocumentListing = _listing("WagtailDocumentListing", DocumentItem)


# --- parameters and answers ---------------------------------------------------------------------------


def _query(name: str, type_=OpenApiTypes.STR, description: str = "", **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description, **kwargs)


LIMIT_OFFSET = [
    _query("limit", OpenApiTypes.INT, "Items per answer (default 20, at most 100; more is a 400)."),
    _query("offset", OpenApiTypes.INT, "Items to skip."),
]
FIELDS = _query(
    "fields",
    description="Comma-separated fields to add to the defaults (`intro,body`), or `*` for all. Each added field "
    "has the shape the page detail shows; `-name` removes a default field, which the schema then still lists.",
)
ORDER = _query("order", description="A field to order by (`title`, `-first_published_at`...), or `random`.")
SEARCH = [
    _query("search", description="Full-text search; results come ranked unless `order` is given."),
    _query("search_operator", description="How search terms combine.", enum=["and", "or"]),
]
PAGE_LIST_PARAMETERS = [
    _query(
        "type",
        description="Only pages of this type, `app_label.ModelName` (`home.ContentPage`); comma-separate several. "
        "With one type, its fields can filter too (`?type=home.ContentPage&slug=about`).",
    ),
    FIELDS,
    _query("child_of", description="Children of the page with this id, or of `root` (the site's home page)."),
    _query("descendant_of", OpenApiTypes.INT, "Descendants of the page with this id."),
    _query("ancestor_of", OpenApiTypes.INT, "Ancestors of the page with this id."),
    ORDER,
    *SEARCH,
    *LIMIT_OFFSET,
]
IMAGE_LIST_PARAMETERS = [FIELDS, ORDER, *SEARCH, *LIMIT_OFFSET]

NOT_FOUND = OpenApiResponse(ErrorResponse404Serializer, description="No such page (or not public).")
FIND_REDIRECT = OpenApiResponse(
    description="Found: a redirect to its detail URL on this host (the query, less `html_path`/`id`, kept).",
    response=None,
)


def bad_query(operation: str) -> OpenApiResponse:
    return bad_request(f"{operation}ErrorResponse400", "A malformed or unknown query parameter.")
