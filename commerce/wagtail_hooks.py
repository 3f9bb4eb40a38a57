"""The "Fulfilment" menu of the Wagtail admin: orders, stock levels, low stock, the stock ledger (and the
"Promotions" menu, defined in commerce.promotion_admin)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from commerce import admin_views
from commerce.models import Order, Stock, StockMovement
from commerce.promotion_admin import PromotionsViewSetGroup

register_permission_policy(Order, admin_views.ReadOnlyPolicy(Order))
register_permission_policy(Stock, admin_views.StockPolicy(Stock))
register_permission_policy(StockMovement, admin_views.ReadOnlyPolicy(StockMovement))


class OrderViewSet(ModelViewSet):
    model = Order
    name = "orders"
    icon = "list-ul"
    menu_label = "Orders"
    index_view_class = admin_views.OrderIndexView
    inspect_view_class = admin_views.OrderDetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = "-created_at"
    list_per_page = 50
    list_display = ["number", "email", "status", "total", DateColumn("created_at", label="Placed")]
    filterset_class = admin_views.OrderFilterSet
    search_fields = ["number", "email"]
    search_backend_name = None  # exact numbers and address fragments: plain database lookups
    form_fields = []  # orders are never edited as a form; see OrderDetailView


class StockViewSet(ModelViewSet):
    model = Stock
    icon = "resubmit"
    menu_label = "Stock"
    index_view_class = admin_views.StockIndexView
    edit_view_class = admin_views.StockEditView
    copy_view_enabled = False
    ordering = ["variant__product__name", "variant__sort_order", "variant_id"]
    list_per_page = 50
    list_display = [
        # A field name first (not a Column) makes Wagtail's title cell: a link to the edit form, and the row's buttons.
        "variant__product__name",
        Column("options", label="Variant", accessor="variant.label"),
        Column("sku", label="SKU", accessor="variant.sku", width="130"),  # SKUs would break at their hyphen
        Column("quantity", label="Quantity", sort_key="quantity"),
        Column("low_stock_threshold", label="Low at", sort_key="low_stock_threshold"),
        BooleanColumn("is_low", label="Low"),
        DateColumn("updated_at", label="Updated"),
    ]
    filterset_class = admin_views.StockFilterSet
    search_fields = ["variant__product__name", "variant__sku"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldRowPanel([FieldPanel("quantity"), FieldPanel("low_stock_threshold")]), FieldPanel("note")],
        base_form_class=admin_views.StockAdminForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(adjust_url_name=self.get_url_name("adjust"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(adjust_url_name=self.get_url_name("adjust"), **kwargs)

    @property
    def adjust_view(self):
        return admin_views.StockAdjustView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("adjust/<int:pk>/", self.adjust_view, name="adjust")]


class LowStockViewSet(StockViewSet):
    name = "low_stock"
    url_prefix = "low-stock"
    menu_label = "Low stock"
    icon = "warning"
    index_view_class = admin_views.LowStockIndexView
    filterset_class = None


class StockMovementViewSet(ModelViewSet):
    model = StockMovement
    name = "stock_ledger"
    url_prefix = "stock-ledger"
    icon = "history"
    menu_label = "Stock ledger"
    index_view_class = admin_views.MovementIndexView
    copy_view_enabled = False
    ordering = "-created_at"
    list_per_page = 100
    list_display = [
        Column("variant", label="Variant"),
        Column("delta", label="Change"),
        Column("quantity_after", label="After"),
        "reason",
        Column("order", label="Order"),
        Column("created_by", label="By"),
        "note",
        DateColumn("created_at", label="When"),
    ]
    filterset_class = admin_views.MovementFilterSet
    search_fields = ["variant__product__name", "variant__sku", "order__number"]
    search_backend_name = None
    form_fields = []


class FulfilmentViewSetGroup(ModelViewSetGroup):
    items = (OrderViewSet, StockViewSet, LowStockViewSet, StockMovementViewSet)
    menu_icon = "list-ul"
    menu_label = "Fulfilment"
    menu_name = "fulfilment"
    menu_order = 160


@hooks.register("register_admin_viewset")
def register_fulfilment_viewsets():
    return FulfilmentViewSetGroup()


register_snippet(PromotionsViewSetGroup)  # Discounts and Coupons (commerce.promotion_admin)
