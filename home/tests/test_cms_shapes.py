"""/api/v1/cms/ answers in the contract's shapes, and the OpenAPI schema says so: every navigation node carries
``children`` (``[]`` on a leaf), every banner its ``id``."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from home.tests.factories import BannerFactory, link, make_navigation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schemas(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def test_every_navigation_node_has_children(api_client):
    make_navigation(
        [(link("Shop", url="/products/"), [link("Sale", url="/sale/")]), (link("About", url="/about/"), [])]
    )

    items = api_client.get("/api/v1/cms/navigation/").json()["items"]

    assert items == [
        {"label": "Shop", "url": "/products/", "children": [{"label": "Sale", "url": "/sale/", "children": []}]},
        {"label": "About", "url": "/about/", "children": []},
    ]


def test_banners_carry_their_id(api_client):
    first, second = BannerFactory(sort_order=1), BannerFactory(sort_order=2)

    results = api_client.get("/api/v1/cms/banners/").json()["results"]

    assert [banner["id"] for banner in results] == [first.id, second.id]


def test_the_schema_documents_both(schemas):
    item = schemas["NavigationItem"]
    leaf = schemas[item["properties"]["children"]["items"]["$ref"].rsplit("/", 1)[-1]]

    assert "children" in item["required"] and "children" in leaf["required"]
    assert leaf["properties"]["children"]["maxItems"] == 0
    assert "id" in schemas["Banner"]["required"] and schemas["Banner"]["properties"]["id"]["type"] == "integer"
