"""The "Catalog" menu of the Wagtail admin: categories (tree order), brands, products, review moderation."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TitleFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalog import admin_views
from catalog.admin_forms import CategoryAdminForm, ProductAdminForm, ProductFilterSet, ReviewFilterSet
from catalog.models import Brand, Category, Product, Review


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Categories"
    index_view_class = admin_views.CategoryIndexView
    ordering = "path"
    list_per_page = 100
    list_display = ["name", "slug", Column("depth", label="Level")]
    search_fields = ["name", "slug"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            TitleFieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("parent"),
            FieldPanel("description"),
            FieldPanel("option_types"),
        ],
        base_form_class=CategoryAdminForm,
    )


class BrandViewSet(SnippetViewSet):
    model = Brand
    icon = "pick"
    menu_label = "Brands"
    ordering = "name"
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug"]
    copy_view_enabled = False
    panels = [TitleFieldPanel("name"), FieldPanel("slug"), FieldPanel("logo"), FieldPanel("description")]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    index_view_class = admin_views.ProductIndexView
    delete_view_class = admin_views.DeleteProductView
    ordering = "name"
    list_per_page = 50
    list_display = [
        "name",
        "sku",
        "price",
        "category",
        "brand",
        BooleanColumn("is_active", label="Active", sort_key="is_active"),
        BooleanColumn("in_stock", label="In stock", sort_key="in_stock"),
    ]
    filterset_class = ProductFilterSet
    # Plain ORM search: an admin looks up exact SKUs and name fragments, which full-text stemming would miss.
    search_fields = ["name", "sku"]
    search_backend_name = None
    # A copy would clash on the unique slug and SKU straight away.
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    TitleFieldPanel("name"),
                    FieldRowPanel([FieldPanel("slug"), FieldPanel("sku")]),
                    FieldRowPanel([FieldPanel("price"), FieldPanel("is_active")]),
                    FieldRowPanel([FieldPanel("category"), FieldPanel("brand")]),
                ],
                heading="Product",
            ),
            FieldPanel("description"),
            FieldPanel("attributes"),
            InlinePanel(
                "variants",
                label="Variant",
                heading="Variants (what is bought: each has its own SKU and stock)",
                help_text="A product without options needs none: one is made with the product's SKU. Stock per "
                "variant is under Fulfilment > Stock.",
                panels=[
                    FieldRowPanel([FieldPanel("sku"), FieldPanel("price")]),
                    FieldPanel("options"),
                    FieldPanel("image"),
                ],
            ),
            FieldPanel("generate_variants"),
            InlinePanel(
                "images",
                label="Images",
                heading="Images (the first one is the main picture)",
                panels=[FieldPanel("image"), FieldPanel("alt_text")],
            ),
        ],
        base_form_class=ProductAdminForm,
    )


class ReviewViewSet(SnippetViewSet):
    model = Review
    icon = "comment"
    menu_label = "Reviews"
    index_view_class = admin_views.ReviewIndexView
    add_view_class = admin_views.NoCreateView
    ordering = "-created_at"
    list_display = ["title", "product", "user", "rating", "status", DateColumn("created_at", label="Written")]
    filterset_class = ReviewFilterSet
    search_fields = ["title", "body", "product__name"]
    copy_view_enabled = False
    # Rating and status only change through moderation (approve/reject), which keeps product ratings right.
    panels = [
        FieldRowPanel(
            [
                FieldPanel("product", read_only=True),
                FieldPanel("user", read_only=True),
                FieldPanel("rating", read_only=True),
                FieldPanel("status", read_only=True),
            ]
        ),
        FieldPanel("title"),
        FieldPanel("body"),
    ]


class CatalogViewSetGroup(SnippetViewSetGroup):
    items = (ProductViewSet, CategoryViewSet, BrandViewSet, ReviewViewSet)
    menu_icon = "tag"
    menu_label = "Catalog"
    menu_name = "catalog"
    menu_order = 150


register_snippet(CatalogViewSetGroup)


@hooks.register("register_actions")
def register_catalog_actions(registry):
    registry.register(Product, admin_views.CreateProductAction)
    registry.register(Product, admin_views.EditProductAction)
    registry.register(Product, admin_views.SoftDeleteProductAction)
    registry.register(Review, admin_views.DeleteReviewAction)


for bulk_action in (
    admin_views.ActivateProductsBulkAction,
    admin_views.DeactivateProductsBulkAction,
    admin_views.ApproveReviewsBulkAction,
    admin_views.RejectReviewsBulkAction,
):
    hooks.register("register_bulk_action", bulk_action)

# Registered after wagtail.snippets' own delete action so that these replace it for their model.
hooks.register("register_bulk_action", admin_views.SoftDeleteProductsBulkAction, order=100)
hooks.register("register_bulk_action", admin_views.DeleteReviewsBulkAction, order=100)
