import pytest

from catalog.tests.factories import BrandFactory, WagtailImageFactory

pytestmark = pytest.mark.django_db


def test_list_in_name_order_with_logo_image_or_null(api_client, db):
    BrandFactory(name="Zeta", slug="zeta", description="Last.", logo=WagtailImageFactory())
    BrandFactory(name="Alpha", slug="alpha", description="First.")

    response = api_client.get("/api/v1/brands/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    alpha, zeta = body["results"]
    assert alpha == {"slug": "alpha", "name": "Alpha", "description": "First.", "logo": None}
    assert zeta["slug"] == "zeta"
    assert set(zeta["logo"]) == {"url", "width", "height", "alt"}
    assert (zeta["logo"]["width"], zeta["logo"]["height"], zeta["logo"]["alt"]) == (32, 24, "Zeta")


def test_detail(api_client, db):
    BrandFactory(name="Acme", slug="acme", description="Everything.")
    assert api_client.get("/api/v1/brands/acme/").json() == {
        "slug": "acme",
        "name": "Acme",
        "description": "Everything.",
        "logo": None,
    }


def test_unknown_brand_is_404(api_client, db):
    assert api_client.get("/api/v1/brands/nope/").status_code == 404


def test_brands_are_read_only(staff_client, db):
    BrandFactory(slug="acme")
    assert staff_client.post("/api/v1/brands/", {"name": "X"}).status_code == 405
    assert staff_client.patch("/api/v1/brands/acme/", {"name": "X"}).status_code == 405
