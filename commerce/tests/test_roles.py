"""The Fulfilment role: orders and stock, nothing of content, catalog or prices."""

import pytest
from django.contrib.auth.models import Group

from storefront.roles import apply_roles

pytestmark = pytest.mark.django_db


def test_fulfilment_works_orders_and_stock_only():
    apply_roles()
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="Fulfilment").permissions.select_related("content_type")
    }
    assert {"commerce.change_order", "commerce.change_stock", "wagtailadmin.access_admin"} <= granted
    assert not {p for p in granted if p.startswith(("catalog.", "wagtailcore.", "home."))}
