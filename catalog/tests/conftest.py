import pytest
from rest_framework.test import APIClient

from catalog.tests.factories import BrandFactory, CategoryFactory


@pytest.fixture
def categories(db):
    """clothing > shirts > t-shirts, clothing > trousers, and a separate root: shoes."""
    clothing = CategoryFactory(name="Clothing", slug="clothing")
    shirts = CategoryFactory(name="Shirts", slug="shirts", parent=clothing)
    tshirts = CategoryFactory(name="T-Shirts", slug="t-shirts", parent=shirts)
    trousers = CategoryFactory(name="Trousers", slug="trousers", parent=clothing)
    shoes = CategoryFactory(name="Shoes", slug="shoes")
    for node in (clothing, shirts, tshirts, trousers, shoes):
        node.refresh_from_db()
    return {"clothing": clothing, "shirts": shirts, "t-shirts": tshirts, "trousers": trousers, "shoes": shoes}


@pytest.fixture
def brands(db):
    return {
        "acme": BrandFactory(name="Acme", slug="acme"),
        "globex": BrandFactory(name="Globex", slug="globex"),
        "initech": BrandFactory(name="Initech", slug="initech"),
    }


@pytest.fixture
def catalog_version():
    """Read the catalog cache version (to assert it was, or was not, bumped)."""
    from catalog.version import catalog_version

    return catalog_version


@pytest.fixture
def session_staff(staff_user):
    """A staff user signed in with a real session cookie (``force_authenticate`` sends no credentials at all,
    so the response cache could not tell it from an anonymous caller)."""
    client = APIClient()
    client.force_login(staff_user)
    return client


@pytest.fixture
def bearer_customer(user):
    """A customer calling with a real ``Authorization: Bearer`` access token."""
    from accounts import services

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {services.issue_token_pair(user=user).access}")
    return client
