"""Wagtail admin forms for the catalog: categories placed in the tree, products with validated attributes."""

import json

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import BooleanRadioSelect

from catalog import services
from catalog.models import ATTRIBUTE_NAME_MAX, ATTRIBUTE_VALUE_MAX, Brand, Category, Product, Review, options_error
from storefront.errors import InvalidInput

ATTRIBUTES_HELP = (
    'A JSON object of attribute names to text values, e.g. {"colour": "Navy", "size": "M"}. '
    "Shoppers filter on these, so keep the names consistent within a category."
)


def tree_label(category: Category) -> str:
    """A category's name indented by its depth, so a flat list reads as the tree."""
    return "\u00a0\u00a0\u00a0\u00a0" * (category.depth - 1) + category.name


class CategoryChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Category.objects.order_by("path"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return tree_label(obj)


class CategoryFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return tree_label(obj)


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryFilterField


class CategoryAdminForm(WagtailAdminModelForm):
    """Treebeard computes a node's path, so a category is created with add_root/add_child and
    re-parented with move(); the form offers the parent as a plain choice."""

    parent = CategoryChoiceField(
        required=False,
        empty_label="(top level)",
        help_text="Leave empty for a top-level category.",
    )

    option_types = forms.CharField(
        required=False,
        max_length=200,
        label="Option types",
        help_text="The options variants of products here have, comma-separated (e.g. Size, Colour). "
        "Subcategories that name none use these. Empty: any.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
        if not self.is_bound:
            self.initial["option_types"] = ", ".join(self.instance.option_types or [])

    def clean_option_types(self) -> list[str]:
        from catalog.models import OPTION_NAME_MAX, OPTIONS_MAX

        names = list(dict.fromkeys(n.strip() for n in (self.cleaned_data.get("option_types") or "").split(",")))
        names = [name for name in names if name]
        if len(names) > OPTIONS_MAX:
            raise ValidationError(f"At most {OPTIONS_MAX} option types.")
        if any(len(name) > OPTION_NAME_MAX for name in names):
            raise ValidationError(f"Option names are at most {OPTION_NAME_MAX} characters.")
        return names

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        node = self.instance
        if parent is not None and node.pk and parent.path.startswith(node.path):
            raise ValidationError("A category cannot be moved under itself or one of its subcategories.")
        return parent

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        node = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        with transaction.atomic():
            if node.pk is None:
                if parent is None:
                    node = Category.add_root(instance=node)
                else:
                    node = Category.objects.get(pk=parent.pk).add_child(instance=node)
            else:
                node.save()
                node = services.move_category(category=node, parent=parent)
        self.instance = node
        return node


class ProductAdminForm(WagtailAdminModelForm):
    category = CategoryChoiceField()
    attributes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "monospace"}),
        help_text=ATTRIBUTES_HELP,
    )

    generate_variants = forms.CharField(
        required=False,
        label="Generate variants",
        widget=forms.Textarea(
            attrs={"rows": 3, "class": "monospace", "placeholder": "Size: S, M, L\nColour: Red, Blue"}
        ),
        help_text="One option per line with its values. Saving makes a variant for each combination the product does "
        "not have yet (SKU: the product's plus the values), at the product's price; a product's single variant "
        "without options becomes the first combination and keeps its stock.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["attributes"] = json.dumps(self.instance.attributes or {}, indent=2, ensure_ascii=False)

    def clean_generate_variants(self) -> dict | None:
        from catalog.variants import parse_option_grid

        raw = (self.cleaned_data.get("generate_variants") or "").strip()
        if not raw:
            return None
        try:
            return parse_option_grid(raw)
        except InvalidInput as error:
            raise ValidationError(error.detail) from error

    def clean(self):
        """What the save would refuse, as form errors: a SKU another product's variant has (the product's one
        variant takes it), and a variant grid that cannot be generated (``catalog.variants.check_grid``)."""
        from catalog.models import ProductVariant
        from catalog.variants import check_grid

        cleaned = super().clean()
        self._check_deleted_variants()
        if cleaned.get("category"):
            self._check_option_types(cleaned["category"].allowed_options())
        sku, grid = cleaned.get("sku"), cleaned.get("generate_variants")
        if sku and ProductVariant.objects.filter(sku=sku).exclude(product_id=self.instance.pk).exists():
            self.add_error("sku", "Another product has a variant with this SKU.")
        elif sku and grid and cleaned.get("category"):
            try:
                check_grid(sku=sku, grid=grid, category=cleaned["category"], product_id=self.instance.pk)
            except InvalidInput as error:
                self.add_error("generate_variants", error.detail)
        return cleaned

    def _check_option_types(self, allowed: list[str]) -> None:
        """The variants' option names must be the category's option types, when it has any."""
        formset = self.formsets.get("variants") if hasattr(self, "formsets") else None
        if not allowed or formset is None or not formset.is_valid():
            return
        for form in formset.forms:
            if form in formset.deleted_forms or not form.cleaned_data:
                continue
            error = options_error(form.cleaned_data.get("options") or {}, allowed)
            if error:
                self.add_error(None, f"Variant {form.cleaned_data.get('sku') or ''}: {error}")

    def _check_deleted_variants(self) -> None:
        """A variant whose deletion something protects (commerce's stock ledger: its history is kept) stays:
        say so on the form rather than fail the save."""
        formset = self.formsets.get("variants") if hasattr(self, "formsets") else None
        if formset is None or not formset.is_valid():
            return
        for form in formset.deleted_forms:
            variant = form.instance
            if variant.pk is None:
                continue
            # The check Model.delete() runs (and the admin's delete confirmation, through NestedObjects).
            try:
                Collector(using=router.db_for_write(type(variant), instance=variant)).collect([variant])
            except ProtectedError:
                self.add_error(
                    None,
                    f"Variant {variant.sku} has stock history, which is kept: it cannot be deleted. "
                    "Set its stock to zero instead.",
                )

    def clean_attributes(self) -> dict:
        raw = (self.cleaned_data.get("attributes") or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from exc
        if not isinstance(value, dict):
            raise ValidationError('Attributes must be a JSON object of names to text values, like {"colour": "Red"}.')
        cleaned = {}
        for name, item in value.items():
            if not name.strip():
                raise ValidationError("Attribute names cannot be empty.")
            if len(name.strip()) > ATTRIBUTE_NAME_MAX:
                raise ValidationError(f'"{name[:20]}…": attribute names are at most {ATTRIBUTE_NAME_MAX} characters.')
            if not isinstance(item, str):
                raise ValidationError(
                    f'The value of "{name}" must be text in quotes, not {json.dumps(item)}.',
                )
            if len(item.strip()) > ATTRIBUTE_VALUE_MAX:
                raise ValidationError(f'The value of "{name}" is longer than {ATTRIBUTE_VALUE_MAX} characters.')
            cleaned[name.strip()] = item.strip()
        return cleaned


class ProductFilterSet(WagtailFilterSet):
    category = CategoryFilter(
        queryset=Category.objects.order_by("path"),
        method="filter_category",
        label="Category",
        help_text="Includes its subcategories.",
    )
    brand = django_filters.ModelChoiceFilter(queryset=Brand.objects.order_by("name"))
    is_active = django_filters.BooleanFilter(label="Active", widget=BooleanRadioSelect)
    in_stock = django_filters.BooleanFilter(label="In stock", widget=BooleanRadioSelect)
    deleted = django_filters.ChoiceFilter(
        label="Deleted products",
        choices=[("include", "Show with the others"), ("only", "Show only deleted")],
        empty_label="Hidden",
        method="filter_deleted",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Product
        fields = []

    def filter_category(self, queryset, name, category):
        # The materialized path makes "this category and everything under it" one indexed prefix match.
        return queryset.filter(category__path__startswith=category.path)

    def filter_deleted(self, queryset, name, value):
        if value == "only":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class ReviewFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=Review.Status.choices, empty_label="All statuses", widget=forms.RadioSelect
    )
    rating = django_filters.ChoiceFilter(
        choices=[(n, f"{n} stars") for n in range(1, 6)], empty_label="Any rating", widget=forms.RadioSelect
    )

    class Meta:
        model = Review
        fields = []
