"""Wagtail admin views for fulfilment: orders (detail with the allowed transitions), stock levels, the ledger.

The admin only collects input: status changes and stock changes go through ``commerce.services``, the same
functions the API uses, so the state machine, the ledger and the events are the same everywhere.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permission_policies import ModelPermissionPolicy

from commerce.models import TRANSITIONS, Order, OrderStatus, Stock, StockMovement
from commerce.services.orders import transition_order
from commerce.services.stock import set_stock_level
from storefront.errors import DomainError


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
        return Order.objects.prefetch_related("lines", "status_changes__by").get(pk=self.pk)

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
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(self.change_permission):
            raise PermissionDenied
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


class StockIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("product").filter(product__deleted_at__isnull=True)


class LowStockIndexView(StockIndexView):
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
    def save_instance(self):
        """Through the stock service: one adjustment movement for the difference, alerts and in-stock flags."""
        data = self.form.cleaned_data
        return set_stock_level(
            product=self.object.product,
            quantity=data["quantity"],
            low_stock_threshold=data["low_stock_threshold"],
            user=self.request.user,
            note=data.get("note") or "Edited in the admin",
        )


class MovementFilterSet(WagtailFilterSet):
    reason = django_filters.ChoiceFilter(
        choices=StockMovement.Reason.choices, empty_label="All", widget=forms.RadioSelect
    )
    created_at = django_filters.DateFromToRangeFilter(label="When", widget=DateRangePickerWidget)

    class Meta:
        model = StockMovement
        fields = ["reason", "created_at"]


class MovementIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("product", "order", "created_by")
