"""The Wagtail admin reports and dashboard panel: figures, spreadsheet export, and who may see them."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.tests.factories import UserFactory
from reports.tests.conftest import utc
from reports.tests.factories import make_cart

pytestmark = pytest.mark.django_db

RANGE = {"start": "2026-03-02", "end": "2026-03-05"}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def editor_client(client, *, reports: bool):
    """Staff who may use the admin; with or without the Reports permission."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if reports:
        user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client.force_login(user)
    return client


def test_sales_report_shows_rows_totals_and_chart(admin_client, shop):
    response = admin_client.get("/admin/shop-reports/sales/", RANGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html
    assert "132.00" in html  # the total revenue (see conftest)
    assert "27.50" in html  # D1's average order value


def test_sales_report_exports_csv_and_xlsx(admin_client, shop):
    response = admin_client.get("/admin/shop-reports/sales/", {**RANGE, "interval": "week", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="sales-2026-03-02-2026-03-05.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["Period", "Orders", "Items", "Revenue", "Discounts", "Average order"],
        ["2026-03-02", "4", "9", "132.00", "8.00", "33.00"],
    ]
    xlsx = admin_client.get("/admin/shop-reports/sales/", {**RANGE, "export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_products_inventory_attribution_reports(admin_client, stocked, shop):
    make_cart(products=[shop[0]], created_at=utc(3, 2, 14), source="banner:1")

    products = admin_client.get("/admin/shop-reports/products/", RANGE).content.decode()
    inventory = admin_client.get("/admin/shop-reports/inventory/").content.decode()
    attribution = admin_client.get("/admin/shop-reports/attribution/", RANGE).content.decode()

    assert "Bravo" in products and "70.00" in products
    assert "225.00" in inventory and "Out of stock" in inventory
    assert "banner:1" in attribution and "85.00" in attribution and "SAVE5" in attribution


def test_dashboard_panel_has_the_revenue_chart_and_low_stock(admin_client, stocked):
    html = admin_client.get("/admin/").content.decode()

    assert "Shop: last 30 days" in html
    assert 'aria-labelledby="dashboard-revenue-title"' in html
    assert "Bravo" in html and "Out of stock" in html


def test_reports_menu_and_pages_need_the_reports_permission(client, db):
    editor_client(client, reports=False)

    denied = client.get("/admin/shop-reports/sales/")
    assert (denied.status_code, denied.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert client.get("/admin/shop-reports/sales/", {"export": "csv"}).status_code == 302
    assert "/admin/shop-reports/sales/" not in client.get("/admin/").content.decode()
    assert "Shop: last 30 days" not in client.get("/admin/").content.decode()


def test_staff_with_the_reports_permission_see_them(client, db):
    editor_client(client, reports=True)

    assert client.get("/admin/shop-reports/inventory/").status_code == 200
    home = client.get("/admin/").content.decode()
    assert "/admin/shop-reports/sales/" in home and "Shop: last 30 days" in home


def test_fulfilment_role_reaches_the_reports(client, db):
    from storefront.roles import apply_roles

    apply_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Fulfilment"))
    client.force_login(user)

    assert client.get("/admin/shop-reports/sales/").status_code == 200
