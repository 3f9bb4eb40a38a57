"""The Reports endpoints of the contract (staff with the "Reports" permission), JSON or ``?format=csv``.

DRF reads ``?format=`` as its URL format override: listing CSVRenderer makes ``?format=csv`` select it, and
JSON stays the default. Errors are always JSON (the contract's error shape), whatever format was asked for.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import selectors
from reports.api import serializers as s
from reports.api.renderers import CSVRenderer
from reports.roles import VIEW_REPORTS
from storefront.api.schema import FORBIDDEN, UNAUTHENTICATED, AutoSchema, bad_request

FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "csv"], description="`csv` answers text/csv (a spreadsheet download)."
)
CSV = OpenApiResponse(OpenApiTypes.STR, description="The same report as CSV (`?format=csv`).")


class ReportsAutoSchema(AutoSchema):
    """Errors are documented as JSON only: they are never rendered as CSV."""

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        if int(status_code) >= 400:
            media_types = ["application/json"]
        return super()._get_response_for_code(serializer, status_code, media_types, direction)


class CanViewReports(permissions.BasePermission):
    """Staff holding ``reports.view_reports`` (the Merchandisers and Fulfilment roles; superusers)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and user.has_perm(VIEW_REPORTS))


def responses(name: str, body) -> dict:
    return {
        (200, "application/json"): body,
        (200, "text/csv"): CSV,
        400: bad_request(f"Reports{name}ErrorResponse400", "Bad `from`/`to`, range or parameter; `attr` names it."),
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
    }


class _ReportView(APIView):
    permission_classes = [CanViewReports]
    schema = ReportsAutoSchema()
    renderer_classes = [JSONRenderer, CSVRenderer]
    params_class: type[s.RangeParams] = s.RangeParams
    name = "report"

    def params(self, request) -> dict:
        params = self.params_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        self.validated = params.validated_data
        return self.validated

    def filename(self) -> str:
        validated = getattr(self, "validated", {})
        parts = [self.name] + [str(validated[key]) for key in ("start", "end") if key in validated]
        return "-".join(parts) + ".csv"

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(request, "accepted_renderer", None) and request.accepted_renderer.format == "csv":
            if response.status_code >= 400 or request.method == "OPTIONS":  # errors and metadata stay JSON
                request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
            else:
                response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return super().finalize_response(request, response, *args, **kwargs)


class SalesReportView(_ReportView):
    params_class = s.SalesParams
    name = "sales"

    @extend_schema(
        operation_id="reports_sales",
        summary="Sales by day, week or month",
        description="Orders, items, revenue, discounts and average order value per period; paid, shipped and "
        "delivered orders count, by the store-local day they were placed. Every period appears (zeros included).",
        parameters=[s.SalesParams, FORMAT],
        responses=responses("Sales", s.SalesReportSerializer),
    )
    def get(self, request):
        params = self.params(request)
        self.name = f"sales-{params['interval']}"
        report = selectors.sales_report(start=params["start"], end=params["end"], interval=params["interval"])
        return Response(s.SalesReportSerializer(report).data)

    def csv_rows(self, data):
        columns = ["orders", "items", "revenue", "discounts", "average_order_value"]
        yield ["period", *columns]
        for row in data["rows"]:
            yield [row["period"], *(row[c] for c in columns)]
        yield ["total", *(data["totals"][c] for c in columns)]


class ProductReportView(_ReportView):
    params_class = s.ProductParams
    name = "products"

    @extend_schema(
        operation_id="reports_products",
        summary="Top products",
        description="Best first (by revenue, or `ordering=units_sold`), at most `limit` (default 10, clamped to "
        "100). A bare list, as the contract shows it: `limit` bounds it, so it is not paginated.",
        parameters=[s.ProductParams, FORMAT],
        responses=responses("Products", s.ProductRowSerializer(many=True)),
    )
    def get(self, request):
        params = self.params(request)
        rows = selectors.top_products(
            start=params["start"], end=params["end"], limit=params["limit"], ordering=params["ordering"]
        )
        return Response(s.ProductRowSerializer(rows, many=True).data)

    def csv_rows(self, data):
        columns = ["slug", "name", "units_sold", "revenue", "orders"]
        yield columns
        for row in data:
            yield [row[c] for c in columns]


class InventoryReportView(_ReportView):
    name = "inventory"

    @extend_schema(
        operation_id="reports_inventory",
        summary="Inventory now",
        description="Units on hand, their value at list price, and the low (0 < quantity <= threshold) and out of "
        "stock lists. The CSV holds the two lists (status, slug, sku, name, quantity, threshold).",
        parameters=[FORMAT],
        responses=responses("Inventory", s.InventoryReportSerializer),
    )
    def get(self, request):
        return Response(s.InventoryReportSerializer(selectors.inventory_report()).data)

    def csv_rows(self, data):
        columns = ["slug", "sku", "name", "quantity", "low_stock_threshold"]
        yield ["status", *columns]
        for status in ("out_of_stock", "low_stock"):
            for row in data[status]:
                yield [status, *(row[c] for c in columns)]


class FunnelReportView(_ReportView):
    params_class = s.FunnelParams
    name = "funnel"

    @extend_schema(
        operation_id="reports_funnel",
        summary="Views, carts, orders",
        description="Overall and per product (most viewed first, at most `limit`): product views, distinct carts the "
        "product was added to, counted orders containing it, and the ratios between them.",
        parameters=[s.FunnelParams, FORMAT],
        responses=responses("Funnel", s.FunnelReportSerializer),
    )
    def get(self, request):
        params = self.params(request)
        report = selectors.funnel(
            start=params["start"], end=params["end"], limit=params["limit"], product_slug=params.get("product")
        )
        return Response(s.FunnelReportSerializer(report).data)

    def csv_rows(self, data):
        columns = ["views", "carts", "orders", "view_to_cart", "cart_to_order", "view_to_order"]
        yield ["slug", "name", *columns]
        yield ["", "All products", *(data["overall"][c] for c in columns)]
        for row in data["products"]:
            yield [row["slug"], row["name"], *(row[c] for c in columns)]


class AttributionReportView(_ReportView):
    name = "attribution"

    @extend_schema(
        operation_id="reports_attribution",
        summary="Carts, orders and revenue per content source and per coupon",
        description="Per source (`banner:<id>`, `page:<id>`, `coupon:<code>`, `campaign:<name>`; an empty source "
        "is direct traffic) and per coupon code on orders: carts created, counted orders placed, their revenue, "
        "and conversion (orders / carts).",
        parameters=[s.RangeParams, FORMAT],
        responses=responses("Attribution", s.AttributionReportSerializer),
    )
    def get(self, request):
        params = self.params(request)
        report = selectors.attribution(start=params["start"], end=params["end"])
        return Response(s.AttributionReportSerializer(report).data)

    def csv_rows(self, data):
        yield ["group", "source", "carts", "orders", "revenue", "discounts", "conversion"]
        for row in data["sources"]:
            yield ["source", row["source"], row["carts"], row["orders"], row["revenue"], "", row["conversion"]]
        for row in data["coupons"]:
            yield [
                "coupon",
                row["code"],
                row["carts"],
                row["orders"],
                row["revenue"],
                row["discounts"],
                row["conversion"],
            ]
