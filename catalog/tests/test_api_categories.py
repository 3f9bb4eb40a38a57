import pytest

from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_list_in_tree_order_with_parent_and_product_counts_including_descendants(api_client, categories):
    ProductFactory(category=categories["t-shirts"])
    ProductFactory(category=categories["shirts"])
    ProductFactory(category=categories["trousers"])
    ProductFactory(category=categories["shoes"])
    ProductFactory(category=categories["t-shirts"], is_active=False)  # hidden products are not counted

    response = api_client.get("/api/v1/categories/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    rows = {row["slug"]: row for row in body["results"]}
    assert [row["slug"] for row in body["results"]] == ["clothing", "shirts", "t-shirts", "trousers", "shoes"]
    assert rows["clothing"] == {
        "slug": "clothing",
        "name": "Clothing",
        "parent": None,
        "description": "",
        "product_count": 3,
    }
    assert (rows["shirts"]["parent"], rows["shirts"]["product_count"]) == ("clothing", 2)
    assert (rows["t-shirts"]["parent"], rows["t-shirts"]["product_count"]) == ("shirts", 1)
    assert (rows["shoes"]["parent"], rows["shoes"]["product_count"]) == (None, 1)


def test_detail_has_ancestors_and_children(api_client, categories):
    ProductFactory(category=categories["t-shirts"])
    body = api_client.get("/api/v1/categories/shirts/").json()
    assert body == {
        "slug": "shirts",
        "name": "Shirts",
        "parent": "clothing",
        "description": "",
        "product_count": 1,
        "ancestors": [{"slug": "clothing", "name": "Clothing"}],
        "children": [{"slug": "t-shirts", "name": "T-Shirts"}],
    }
    deep = api_client.get("/api/v1/categories/t-shirts/").json()
    assert [a["slug"] for a in deep["ancestors"]] == ["clothing", "shirts"]
    root = api_client.get("/api/v1/categories/clothing/").json()
    assert root["ancestors"] == [] and root["parent"] is None
    assert [c["slug"] for c in root["children"]] == ["shirts", "trousers"]


def test_unknown_category_is_404(api_client, db):
    response = api_client.get("/api/v1/categories/nope/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_categories_are_read_only(staff_client, categories):
    assert staff_client.post("/api/v1/categories/", {"name": "X"}).status_code == 405
    assert staff_client.delete("/api/v1/categories/shirts/").status_code == 405
