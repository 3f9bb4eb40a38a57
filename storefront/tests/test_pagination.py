import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.urls("storefront.tests.urls")]


@pytest.fixture
def many_groups(db):
    Group.objects.bulk_create([Group(name=f"group-{i:03}") for i in range(130)])
    return Group.objects.count()


def test_default_page_size_is_24(api_client, many_groups):
    body = api_client.get("/api/test/groups/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == many_groups
    assert len(body["results"]) == 24
    assert body["previous"] is None
    assert "page=2" in body["next"]


def test_page_size_above_100_is_clamped_not_refused(api_client, many_groups):
    response = api_client.get("/api/test/groups/?page_size=1000")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


def test_page_size_is_honoured_below_the_cap(api_client, many_groups):
    assert len(api_client.get("/api/test/groups/?page_size=5").json()["results"]) == 5


def test_page_beyond_the_end_is_a_404_in_contract_shape(api_client, many_groups):
    response = api_client.get("/api/test/groups/?page=99")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
