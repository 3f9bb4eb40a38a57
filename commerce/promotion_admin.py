"""The "Promotions" menu of the Wagtail admin (for the Merchandisers role): discounts and coupons.

- Discounts are the catalog's (they set prices): their snippet views are ``catalog.discount_admin``'s, listed here
  so that both kinds of promotion share one menu.
- Coupons show their use (``used_count`` and the orders that used them, on the inspect page) and can be made in
  bulk: "Generate codes" creates N single-use coupons through ``commerce.services.promotions``.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic.edit import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalog.discount_admin import DiscountViewSet
from catalog.models import DiscountKind
from commerce.models import Coupon
from commerce.selectors import coupon_redemptions
from commerce.services.promotions import MAX_GENERATED, generate_coupons
from storefront.errors import DomainError

# --- coupons --------------------------------------------------------------------------------------


class CouponAdminForm(WagtailAdminModelForm):
    class Meta:
        model = Coupon
        fields = ["code", "name", "kind", "value", "min_subtotal", "starts_at", "ends_at", "usage_limit",
                  "per_customer_limit"]  # fmt: skip


class CouponInspectView(snippet_views.InspectView):
    """The coupon's terms and its use: the count and every order that used it (cancelled ones marked)."""

    template_name = "commerce/admin/coupon_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["redemptions"] = coupon_redemptions(self.object)[:500]
        return context


class CouponIndexView(snippet_views.IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            namespace = self.index_url_name.rsplit(":", 1)[0]
            buttons.append(HeaderButton("Generate codes", url=reverse(f"{namespace}:generate"), icon_name="plus"))
        return buttons


class GenerateCouponsForm(forms.Form):
    prefix = forms.CharField(max_length=20, required=False, help_text="E.g. SPRING: codes look like SPRING-7KQ2M9XH4T.")
    count = forms.IntegerField(min_value=1, max_value=MAX_GENERATED, initial=10)
    name = forms.CharField(max_length=120, required=False, help_text="Shown on banners (optional).")
    kind = forms.ChoiceField(choices=DiscountKind.choices)
    value = forms.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    min_subtotal = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"), initial=0)
    starts_at = forms.SplitDateTimeField(required=False, widget=forms.SplitDateTimeWidget(
        date_attrs={"type": "date"}, time_attrs={"type": "time"}))  # fmt: skip
    ends_at = forms.SplitDateTimeField(required=False, widget=forms.SplitDateTimeWidget(
        date_attrs={"type": "date"}, time_attrs={"type": "time"}))  # fmt: skip


class GenerateCouponsView(WagtailAdminTemplateMixin, FormView):
    """Create N single-use coupons (usage limit 1) with random, unambiguous codes, all at once."""

    form_class = GenerateCouponsForm
    template_name = "commerce/admin/generate_coupons.html"
    page_title = "Generate coupon codes"
    header_icon = "tag"
    permission_policy = None
    index_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Coupons"},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            coupons = generate_coupons(
                prefix=data["prefix"],
                count=data["count"],
                name=data["name"],
                kind=data["kind"],
                value=data["value"],
                min_subtotal=data["min_subtotal"] or 0,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except DomainError as error:
            form.add_error(error.attr if error.attr in form.fields else None, error.detail)
            return self.form_invalid(form)
        messages.success(self.request, f"{len(coupons)} single-use coupons created ({coupons[0].code}, ...).")
        return redirect(f"{reverse(self.index_url_name)}?generated={len(coupons)}")


class CouponViewSet(SnippetViewSet):
    model = Coupon
    icon = "ticket"
    menu_label = "Coupons"
    index_view_class = CouponIndexView
    inspect_view_class = CouponInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = "-created_at"
    list_display = [
        "code",
        "name",
        "kind",
        "value",
        Column("used_count", label="Used", sort_key="used_count"),
        Column("usage_limit", label="Limit"),
        DateColumn("ends_at", label="Until"),
        DateColumn("created_at", label="Created"),
    ]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    search_backend_name = None  # exact codes: plain database lookups
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("value"), FieldPanel("min_subtotal")]),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="Valid"),
            FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("per_customer_limit")], heading="Limits"),
        ],
        base_form_class=CouponAdminForm,
    )

    @property
    def generate_view(self):
        return GenerateCouponsView.as_view(
            permission_policy=self.permission_policy, index_url_name=self.get_url_name("list")
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("generate/", self.generate_view, name="generate")]


class PromotionsViewSetGroup(SnippetViewSetGroup):
    items = (DiscountViewSet, CouponViewSet)
    menu_icon = "tag"
    menu_label = "Promotions"
    menu_name = "promotions"
    menu_order = 150
