"""Wagtail admin views for fulfilment: orders (detail with the allowed transitions), stock levels, the ledger.

The admin only collects input: status changes and stock changes go through ``commerce.services``, the same
functions the API uses, so the state machine, the ledger and the events are the same everywhere.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic.edit import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import BooleanRadioSelect, HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from catalog.models import ProductVariant
from commerce.models import TRANSITIONS, Order, OrderStatus, Payment, PaymentRefund, Stock, StockMovement
from commerce.services.orders import transition_order
from commerce.services.payments import refund_payment
from commerce.services.stock import adjust_stock, set_stock_level
from storefront.errors import DomainError

LEDGER_INDEX_URL_NAME = "stock_ledger:index"  # StockMovementViewSet (commerce.wagtail_hooks)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Rows that only services create or change: the admin shows them, and never adds, edits or deletes them."""

    denied = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)


class StockPolicy(ReadOnlyPolicy):
    """Stock rows come with products: levels and thresholds may be edited, rows never added or deleted."""

    denied = frozenset({"add", "delete"})


# --- Orders ---------------------------------------------------------------------------------------


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, empty_label="All", widget=forms.RadioSelect)
    created_at = django_filters.DateFromToRangeFilter(label="Placed", widget=DateRangePickerWidget)
    email = django_filters.CharFilter(lookup_expr="icontains", label="Email contains")

    class Meta:
        model = Order
        fields = ["status", "created_at", "email"]


class OrderIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class OrderDetailView(InspectView):
    """An order with its lines and status history, and one button per transition the state machine allows."""

    template_name = "commerce/admin/order_detail.html"
    change_permission = "commerce.change_order"

    def get_object(self, queryset=None):
        return Order.objects.prefetch_related("lines", "status_changes__by", "payments").get(pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_change = self.request.user.has_perm(self.change_permission)
        context["lines"] = self.object.lines.all()
        context["history"] = self.object.status_changes.all()
        context["transitions"] = (
            [
                (status, OrderStatus(status).label)
                for status in OrderStatus.values
                if status in TRANSITIONS[self.object.status]
            ]
            if may_change
            else []
        )
        context["payments"] = self.object.payments.all()
        context["refunds"] = PaymentRefund.objects.filter(payment__order=self.object).select_related("payment", "by")
        context["may_refund"] = may_change
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(self.change_permission):
            raise PermissionDenied
        if "refund_payment" in request.POST:
            self._refund(request)
            return redirect(request.path)
        status = request.POST.get("status", "")
        if status not in OrderStatus.values:
            messages.error(request, "Choose a status.")
        else:
            try:
                transition_order(order=self.object, status=status, by=request.user, note=request.POST.get("note", ""))
            except DomainError as error:
                messages.error(request, error.detail)
            else:
                messages.success(request, f"Order {self.object.number} is now {OrderStatus(status).label.lower()}.")
        return redirect(request.path)

    def _refund(self, request) -> None:
        form = RefundForm(request.POST)
        payment_id = request.POST.get("refund_payment", "")
        payment = payment_id.isdigit() and Payment.objects.filter(pk=payment_id, order=self.object).first()
        if not payment or not form.is_valid():
            messages.error(request, "Enter an amount (e.g. 4.50), or leave it empty to refund all that is left.")
            return
        try:
            refund = refund_payment(
                payment=payment, amount=form.cleaned_data["amount"], by=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, f"Refunded {refund.amount} {payment.currency} through {payment.variant}.")


class RefundForm(forms.Form):
    amount = forms.DecimalField(max_digits=9, decimal_places=2, min_value=Decimal("0.01"), required=False)
    note = forms.CharField(max_length=500, required=False)


# --- Stock ----------------------------------------------------------------------------------------


class StockFilterSet(WagtailFilterSet):
    low = django_filters.BooleanFilter(label="Low stock", method="filter_low", widget=BooleanRadioSelect)

    class Meta:
        model = Stock
        fields = []

    def filter_low(self, queryset, name, value):
        if value is None:
            return queryset
        low = Stock.objects.low().values("pk")
        return queryset.filter(pk__in=low) if value else queryset.exclude(pk__in=low)


def ledger_url(stock: Stock) -> str:
    """The stock ledger filtered to the stock's variant."""
    return f"{reverse(LEDGER_INDEX_URL_NAME)}?variant={stock.variant_id}"


class StockIndexView(IndexView):
    """Rows link to the edit form (quantity, threshold) and offer Adjust and the product's ledger."""

    adjust_url_name = None
    page_title = "Stock"  # not Django's "Stocks"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("variant__product")
            .filter(variant__product__deleted_at__isnull=True)
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.user_has_permission("change"):
            url = reverse(self.adjust_url_name, args=(instance.pk,))
            buttons.append(ListingButton("Adjust", url=url, icon_name="plus", priority=15))
        if self.request.user.has_perm("commerce.view_stockmovement"):
            buttons.append(ListingButton("Stock ledger", url=ledger_url(instance), icon_name="history", priority=16))
        return buttons


class LowStockIndexView(StockIndexView):
    page_title = "Low stock"

    def get_base_queryset(self):
        return super().get_base_queryset().low()


class StockAdminForm(WagtailAdminModelForm):
    note = forms.CharField(required=False, max_length=200, help_text="Why (e.g. 'stock count'); kept in the ledger.")

    class Meta:
        model = Stock
        fields = ["quantity", "low_stock_threshold"]

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity < 0:
            raise forms.ValidationError("Stock cannot be negative.")
        return quantity


class StockEditView(EditView):
    adjust_url_name = None
    queryset = Stock.objects.select_related("variant__product")

    @cached_property
    def header_buttons(self):
        buttons = [HeaderButton("Adjust", url=reverse(self.adjust_url_name, args=(self.object.pk,)), icon_name="plus")]
        if self.request.user.has_perm("commerce.view_stockmovement"):
            buttons.append(HeaderButton("Stock ledger", url=ledger_url(self.object), icon_name="history"))
        return buttons

    def save_instance(self):
        """Through the stock service: one adjustment movement for the difference, alerts and in-stock flags."""
        data = self.form.cleaned_data
        return set_stock_level(
            variant=self.object.variant,
            quantity=data["quantity"],
            low_stock_threshold=data["low_stock_threshold"],
            user=self.request.user,
            note=data.get("note") or "Edited in the admin",
        )


class StockAdjustForm(forms.Form):
    delta = forms.IntegerField(
        label="Change by", help_text="Units to add, or to remove with a minus sign (-2 for two broken ones)."
    )
    # The service's `reason` is the ledger's category; the free text a person writes is its `note`.
    reason = forms.ChoiceField(
        label="Type",
        choices=[(reason.value, reason.label) for reason in StockMovement.MANUAL_REASONS],
        initial=StockMovement.Reason.ADJUSTMENT,
    )
    note = forms.CharField(label="Reason", max_length=200, help_text="Why, e.g. 'delivery 7'; kept in the ledger.")


class StockAdjustView(WagtailAdminTemplateMixin, FormView):
    """Add or remove units with a reason, through ``adjust_stock`` (which refuses to go below zero)."""

    form_class = StockAdjustForm
    template_name = "commerce/admin/stock_adjust.html"
    page_title = "Adjust stock"
    header_icon = "resubmit"
    permission_policy = None
    index_url_name = ""
    edit_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.object = get_object_or_404(Stock.objects.select_related("variant__product"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Stock"},
            {"url": reverse(self.edit_url_name, args=(self.object.pk,)), "label": str(self.object)},
            {"url": "", "label": self.page_title, "sublabel": str(self.object)},
        ]

    @cached_property
    def header_buttons(self):
        if not self.request.user.has_perm("commerce.view_stockmovement"):
            return []
        return [HeaderButton("Stock ledger", url=ledger_url(self.object), icon_name="history")]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "stock": self.object}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            stock = adjust_stock(
                variant=self.object.variant,
                delta=data["delta"],
                reason=data["reason"],
                user=self.request.user,
                note=data["note"],
            )
        except DomainError as error:
            form.add_error(error.attr if error.attr in form.fields else None, error.detail)
            return self.form_invalid(form)
        messages.success(self.request, f"{stock}: {data['delta']:+d}, now {stock.quantity} on hand.")
        if self.request.user.has_perm("commerce.view_stockmovement"):
            return redirect(ledger_url(stock))
        return redirect(self.edit_url_name, self.object.pk)


class MovementFilterSet(WagtailFilterSet):
    # Set by the stock pages' "Stock ledger" links; a select of every product would not scale.
    variant = django_filters.ModelChoiceFilter(queryset=ProductVariant.objects.all(), widget=forms.HiddenInput)
    reason = django_filters.ChoiceFilter(
        choices=StockMovement.Reason.choices, empty_label="All", widget=forms.RadioSelect
    )
    created_at = django_filters.DateFromToRangeFilter(label="When", widget=DateRangePickerWidget)

    class Meta:
        model = StockMovement
        fields = ["variant", "reason", "created_at"]


class MovementIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("variant__product", "order", "created_by")
