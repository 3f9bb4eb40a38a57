import pytest

from home.tests.factories import make_home_page


@pytest.fixture
def home_page(db):
    return make_home_page()
