"""Shop reports in Wagtail's "Reports" menu, and the dashboard panel, for staff with the Reports permission."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports import admin_views

REPORTS = [
    ("sales", admin_views.SalesReportView, "Sales", "doc-full", 10),
    ("products", admin_views.ProductReportView, "Top products", "pick", 20),
    ("inventory", admin_views.InventoryReportView, "Inventory", "resubmit", 30),
    ("attribution", admin_views.AttributionReportView, "Attribution", "link", 40),
]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_view_reports(request.user)


def _urls():
    patterns = []
    for name, view, *_ in REPORTS:
        patterns += [
            path(f"{name}/", view.as_view(), name=name),
            path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return patterns


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("shop-reports/", include((_urls(), "reports_admin"), namespace="reports_admin"))]


def _menu_item(name, label, icon, order):
    @hooks.register("register_reports_menu_item")
    def register():
        return ReportsMenuItem(
            label, reverse(f"reports_admin:{name}"), name=f"shop-{name}", icon_name=icon, order=order
        )

    return register


for _name, _view, _label, _icon, _order in REPORTS:
    _menu_item(_name, _label, _icon, _order)


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if admin_views.may_view_reports(request.user):
        panels.append(admin_views.DashboardPanel())
