"""Reports are for staff holding the Reports permission: anonymous callers get a 401, everyone else a 403."""

import pytest
from django.contrib.auth.models import Group, Permission
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/reports/sales/",
    "/api/v1/reports/products/",
    "/api/v1/reports/inventory/",
    "/api/v1/reports/funnel/",
    "/api/v1/reports/attribution/",
]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_is_401(api_client, url):
    response = api_client.get(url)

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


@pytest.mark.parametrize("url", ENDPOINTS)
def test_customer_is_403(user_client, url):
    assert user_client.get(url).status_code == 403
    assert user_client.get(url, {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("url", ENDPOINTS)
def test_staff_without_the_reports_permission_is_403(url):
    assert client_for(UserFactory(is_staff=True)).get(url).status_code == 403


@pytest.mark.parametrize("role", ["Merchandisers", "Fulfilment"])
def test_the_roles_with_the_reports_permission_may_read(role):
    from storefront.roles import apply_roles

    apply_roles()
    assert Group.objects.get(name=role).permissions.filter(codename="view_reports").exists()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=role))

    assert client_for(member).get("/api/v1/reports/sales/").status_code == 200


def test_the_permission_alone_does_not_open_reports_to_a_customer():
    customer = UserFactory()
    customer.user_permissions.add(Permission.objects.get(codename="view_reports"))

    assert client_for(customer).get("/api/v1/reports/sales/").status_code == 403


def test_reports_are_read_only(staff_client):
    assert staff_client.post("/api/v1/reports/sales/", {}).status_code == 405
