"""The checkout page's form: a country select by name, autocomplete tokens, and errors a screen reader finds."""

import pytest
from bs4 import BeautifulSoup

from commerce.models import Order
from commerce.tests.factories import stocked_product
from commerce.tests.test_pages import add, checkout_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart_client(client):
    add(client, stocked_product(quantity=5), 1)
    return client


def _form(html: str):
    return BeautifulSoup(html, "html.parser").find("form", class_="checkout-form")


def test_the_country_is_a_select_of_names_with_codes_as_values(cart_client):
    form = _form(cart_client.get("/checkout/").content.decode())
    select = form.find("select", attrs={"name": "country"})
    germany = select.find("option", string="Germany")
    assert germany["value"] == "DE"
    assert len(select.find_all("option")) > 200


def test_the_fields_carry_autocomplete_tokens(cart_client):
    form = _form(cart_client.get("/checkout/").content.decode())
    tokens = {field["name"]: field.get("autocomplete") for field in form.find_all(["input", "select"])}
    assert tokens | {"csrfmiddlewaretoken": None, "cart": None, "idempotency_key": None} == {
        "csrfmiddlewaretoken": None,
        "cart": None,
        "idempotency_key": None,
        "email": "email",
        "name": "name",
        "line1": "address-line1",
        "line2": "address-line2",
        "city": "address-level2",
        "postal_code": "postal-code",
        "country": "country",
        "phone": "tel",
    }
    assert form.find("input", attrs={"name": "phone"})["type"] == "tel"


def test_posting_de_stores_de(cart_client):
    response = cart_client.post("/checkout/", {**checkout_form(cart_client), "country": "DE"})
    assert response.status_code == 302
    assert Order.objects.get().shipping_address["country"] == "DE"


def test_errors_are_tied_to_their_fields_and_the_first_one_has_focus(cart_client):
    data = {**checkout_form(cart_client), "email": "nope", "city": "", "country": "XX"}
    response = cart_client.post("/checkout/", data)
    assert response.status_code == 200 and not Order.objects.exists()
    form = _form(response.content.decode())
    invalid = form.find_all(attrs={"aria-invalid": "true"})
    assert [field["name"] for field in invalid] == ["email", "city", "country"]
    for field in invalid:
        described_by = field["aria-describedby"].split()
        assert f"{field['id']}_error" in described_by
        for element_id in described_by:
            assert form.find(id=element_id) is not None, element_id
    assert form.find(id="id_country_error").get_text() == "Choose a country from the list."
    assert [field["name"] for field in form.find_all(autofocus=True)] == ["email"]
    assert form.find("input", attrs={"name": "name"}).get("aria-invalid") is None


def test_the_first_invalid_field_in_page_order_has_focus(cart_client):
    response = cart_client.post("/checkout/", {**checkout_form(cart_client), "postal_code": "", "country": ""})
    form = _form(response.content.decode())
    assert [field["name"] for field in form.find_all(autofocus=True)] == ["postal_code"]


def test_a_fresh_form_has_no_errors_and_no_autofocus(cart_client):
    form = _form(cart_client.get("/checkout/").content.decode())
    assert not form.find_all(attrs={"aria-invalid": True}) and not form.find_all(autofocus=True)
    for field in form.find_all(attrs={"aria-describedby": True}):
        assert all(form.find(id=element_id) for element_id in field["aria-describedby"].split())
