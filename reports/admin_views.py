"""Report views of the Wagtail admin (Wagtail's ReportView: a table with CSV and XLSX export) and the dashboard
panel. They read the same selectors as the API; only staff with ``reports.view_reports`` see them."""

from datetime import date as date_type
from datetime import timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput

from reports import periods, selectors
from reports.api.serializers import DEFAULT_DAYS, MAX_DAYS
from reports.charts import bar_chart
from reports.models import SalesReport
from reports.roles import VIEW_REPORTS
from storefront.money import currency


def may_view_reports(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm(VIEW_REPORTS))


class RangeFilterSet(WagtailFilterSet):
    """The form of a report's date range. Filters nothing itself: the view passes the dates to a selector."""

    start = django_filters.DateFilter(label="From", widget=AdminDateInput, method="keep")
    end = django_filters.DateFilter(label="To", widget=AdminDateInput, method="keep")

    class Meta:
        model = SalesReport  # django-filter wants a model; the reports are not querysets of it
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class SalesFilterSet(RangeFilterSet):
    interval = django_filters.ChoiceFilter(
        label="Interval", choices=[(i, i.capitalize()) for i in periods.INTERVALS], method="keep", empty_label=None
    )


class _Report(ReportView):
    """A report whose rows are dicts computed by a selector for the chosen range."""

    filterset_class = RangeFilterSet
    paginate_by = 100
    header_icon = "table"
    max_days = MAX_DAYS["day"]

    def dispatch(self, request, *args, **kwargs):
        if not may_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def range(self) -> tuple[date_type, date_type, str]:
        data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        interval = data.get("interval") or "day"
        end = data.get("end") or periods.today()
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            start, end = end, start
        # The admin clamps a too-long range rather than refusing it (the API answers 400).
        start = max(start, end - timedelta(days=MAX_DAYS.get(interval, self.max_days) - 1))
        return start, end, interval

    @property
    def export_headings(self):
        labels = {column.name: column.label for column in self.columns}
        return {field: labels.get(field, field.replace("_", " ").capitalize()) for field in self.list_export}

    def get_filtered_queryset(self):
        return self.rows(*self.range())

    def get_filename(self):
        start, end, _ = self.range()
        return f"{self.export_name}-{start}-{end}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end, interval = self.range()
        context.update(currency=currency(), range_start=start, range_end=end, interval=interval)
        return context


def money_column(name: str, label: str) -> Column:
    return Column(name, label=label, classname="w-text-right")


class SalesReportView(_Report):
    page_title = "Sales"
    header_icon = "doc-full"
    filterset_class = SalesFilterSet
    index_url_name = "reports_admin:sales"
    index_results_url_name = "reports_admin:sales_results"
    results_template_name = "reports/admin/sales_results.html"
    export_name = "sales"
    columns = [
        Column("period", label="Period"),
        Column("orders", label="Orders"),
        Column("items", label="Items"),
        money_column("revenue", "Revenue"),
        money_column("discounts", "Discounts"),
        money_column("average_order_value", "Average order"),
    ]
    list_export = ["period", "orders", "items", "revenue", "discounts", "average_order_value"]

    def rows(self, start, end, interval):
        self.report = selectors.sales_report(start=start, end=end, interval=interval)
        return self.report["rows"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = self.report["totals"]
        points = [(row["period"].isoformat(), row["revenue"]) for row in self.report["rows"]]
        context["chart"], context["chart_id"] = bar_chart(points), "sales-chart"
        return context


class ProductReportView(_Report):
    page_title = "Top products"
    header_icon = "pick"
    index_url_name = "reports_admin:products"
    index_results_url_name = "reports_admin:products_results"
    export_name = "products"
    columns = [
        Column("name", label="Product"),
        Column("slug", label="Slug"),
        Column("units_sold", label="Units sold"),
        money_column("revenue", "Revenue"),
        Column("orders", label="Orders"),
    ]
    list_export = ["slug", "name", "units_sold", "revenue", "orders"]

    def rows(self, start, end, interval):
        return selectors.top_products(start=start, end=end, limit=100)


class InventoryReportView(_Report):
    page_title = "Inventory"
    header_icon = "resubmit"
    filterset_class = None
    index_url_name = "reports_admin:inventory"
    index_results_url_name = "reports_admin:inventory_results"
    results_template_name = "reports/admin/inventory_results.html"
    export_name = "inventory"
    columns = [
        Column("status", label="Status"),
        Column("name", label="Product"),
        Column("sku", label="SKU"),
        Column("quantity", label="Quantity"),
        Column("low_stock_threshold", label="Low at"),
    ]
    list_export = ["status", "slug", "sku", "name", "quantity", "low_stock_threshold"]

    def rows(self, start, end, interval):
        self.report = selectors.inventory_report()
        return [{"status": "Out of stock", **row} for row in self.report["out_of_stock"]] + [
            {"status": "Low", **row} for row in self.report["low_stock"]
        ]

    def get_filename(self):
        return f"inventory-{periods.today()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inventory"] = self.report
        context["no_results_message"] = "Nothing is low or out of stock."
        return context


class AttributionReportView(_Report):
    page_title = "Attribution"
    header_icon = "link"
    index_url_name = "reports_admin:attribution"
    index_results_url_name = "reports_admin:attribution_results"
    export_name = "attribution"
    columns = [
        Column("group", label="By"),
        Column("name", label="Source or coupon"),
        Column("carts", label="Carts"),
        Column("orders", label="Orders"),
        money_column("revenue", "Revenue"),
        Column("conversion", label="Conversion"),
    ]
    list_export = ["group", "name", "carts", "orders", "revenue", "conversion"]

    def rows(self, start, end, interval):
        report = selectors.attribution(start=start, end=end)
        return [{"group": "source", "name": row["source"] or "(direct)", **row} for row in report["sources"]] + [
            {"group": "coupon", "name": row["code"], **row} for row in report["coupons"]
        ]


class DashboardPanel(Component):
    """Revenue of the last 30 days as an inline SVG bar chart, and what is low or out of stock."""

    name = "reports_dashboard"
    template_name = "reports/admin/dashboard_panel.html"
    order = 90  # above Wagtail's own panels
    low_stock_rows = 10

    def get_context_data(self, parent_context):
        end = periods.today()
        sales = selectors.sales_report(start=end - timedelta(days=29), end=end, interval="day")
        inventory = selectors.inventory_report()
        stock = inventory["out_of_stock"] + inventory["low_stock"]
        return {
            "chart": bar_chart([(row["period"].isoformat(), row["revenue"]) for row in sales["rows"]]),
            "chart_id": "dashboard-revenue",
            "totals": sales["totals"],
            "currency": sales["currency"],
            "stock": stock[: self.low_stock_rows],
            "more_stock": max(len(stock) - self.low_stock_rows, 0),
            "sales_url": reverse("reports_admin:sales"),
            "inventory_url": reverse("reports_admin:inventory"),
        }
