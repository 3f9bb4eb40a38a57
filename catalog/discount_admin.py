"""Discounts in the Wagtail admin (for the Merchandisers role), shown in the "Promotions" menu beside commerce's
coupons (``commerce.promotion_admin`` builds that menu from ``DiscountViewSet``).

Discounts are snippets with drafts, revisions and a preview: a merchandiser prepares a sale as a draft, previews the
prices it would give, and publishes it. *When* the sale runs is its ``starts_at``/``ends_at`` window, applied to the
second on every read; Wagtail's own publishing schedule (go-live/expiry, run by a periodic job) is deliberately not
offered, so there is one schedule and it needs no job.
"""

import re

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TitleFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, UpdatedAtColumn
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from catalog.models import Brand, Category, Discount, Product


class ProductSkusField(forms.Field):
    """Products by SKU, as text ("KT-100, KT-200"): a catalog of any size, where a select box would not do."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "SKU-00001, SKU-00002"})

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value or ""
        ids = [item.pk if isinstance(item, Product) else item for item in value]
        skus = dict(Product.objects.filter(pk__in=ids).values_list("pk", "sku"))
        return ", ".join(skus[pk] for pk in ids if pk in skus)

    def clean(self, value):
        value = super().clean(value)
        skus = list(dict.fromkeys(part for part in re.split(r"[\s,;]+", value or "") if part))
        found = {p.sku: p for p in Product.objects.filter(deleted_at__isnull=True, sku__in=skus)}
        missing = [sku for sku in skus if sku not in found]
        if missing:
            raise forms.ValidationError(f"No product with SKU {missing[0]!r}.", code="invalid_choice")
        return [found[sku] for sku in skus]


class DiscountAdminForm(WagtailAdminModelForm):
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Includes their subcategories.",
    )
    brands = forms.ModelMultipleChoiceField(
        queryset=Brand.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple
    )
    products = ProductSkusField(required=False, help_text="SKUs separated by commas or spaces.")

    class Meta:
        model = Discount
        fields = ["name", "kind", "value", "starts_at", "ends_at", "priority", "is_active", "categories", "brands",
                  "products"]  # fmt: skip


class DiscountIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("categories", "brands")


def _discount_scope(discount: Discount) -> str:
    parts = [c.name for c in discount.categories.all()] + [b.name for b in discount.brands.all()]
    return ", ".join(parts) or ("selected products" if discount.products.exists() else "whole catalog")


class DiscountViewSet(SnippetViewSet):
    model = Discount
    icon = "tag"
    menu_label = "Discounts"
    index_view_class = DiscountIndexView
    ordering = "-created_at"
    list_display = [
        "name",
        "kind",
        "value",
        Column("scope", label="Scope", accessor=_discount_scope),
        DateColumn("starts_at", label="From"),
        DateColumn("ends_at", label="Until"),
        BooleanColumn("is_active", label="On", sort_key="is_active"),
        UpdatedAtColumn(),
    ]
    list_filter = ["kind", "is_active", "live"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            TitleFieldPanel("name"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("value")], heading="Discount"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
                heading="When",
                help_text="Prices change at these moments, to the second (no job involved). Publish the discount "
                "first: a draft never changes a price.",
            ),
            MultiFieldPanel(
                [FieldPanel("categories"), FieldPanel("brands"), FieldPanel("products")],
                heading="Scope",
                help_text="Leave all three empty for the whole catalog.",
            ),
            FieldRowPanel([FieldPanel("priority"), FieldPanel("is_active")]),
        ],
        base_form_class=DiscountAdminForm,
    )
