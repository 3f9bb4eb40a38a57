"""What one placement costs in SQL: at most 25 statements for a one-line order (savepoints counted), and one more
statement per further line (its guarded stock UPDATE); the ledger rows and the order lines are written together."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.models import StockMovement
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product

pytestmark = pytest.mark.django_db


def placement_queries(api_client, products) -> int:
    cart = cart_with(api_client, *[(product, 1) for product in products])
    with CaptureQueriesContext(connection) as queries:
        response = place(api_client, cart)
    assert response.status_code == 201, response.content
    return len(queries)


def test_a_placement_costs_at_most_25_statements_and_one_more_per_line(api_client):
    products = [stocked_product(quantity=5, price=Decimal("10.00")) for _ in range(4)]
    one, four = placement_queries(api_client, products[:1]), placement_queries(api_client, products)
    assert one <= 25, one
    assert four - one == 3, (one, four)
    assert StockMovement.objects.count() == 5  # still one ledger row per line


def test_commerce_rows_are_not_in_wagtails_reference_index(api_client):
    """Orders, lines, carts and the stock ledger are shop records: Wagtail indexes no reference from them."""
    from wagtail.models import ReferenceIndex

    placement_queries(api_client, [stocked_product(quantity=5)])
    assert not ReferenceIndex.objects.filter(base_content_type__app_label="commerce").exists()
