"""/accounts/addresses/: list, add, edit, delete, make default (the API's services), and the checkout prefill."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from accounts import services
from accounts.models import Address
from accounts.tests.factories import UserFactory
from accounts.tests.pages import ADDRESS
from commerce.models import Order
from commerce.tests.factories import stocked_product

URL = "/accounts/addresses/"
ADD_URL = "/accounts/addresses/add/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def add(user, **fields) -> Address:
    return services.create_address(user=user, **{**ADDRESS, **fields})


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_anonymous_visitors_are_sent_to_sign_in(client, user):
    address = add(user)
    for method, path in [
        ("get", URL),
        ("get", ADD_URL),
        ("post", ADD_URL),
        ("get", f"{URL}{address.pk}/edit/"),
        ("post", f"{URL}{address.pk}/delete/"),
        ("post", f"{URL}{address.pk}/default/"),
    ]:
        response = getattr(client, method)(path, ADDRESS if method == "post" else None)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), path
    assert Address.objects.count() == 1


def test_the_add_form_is_accessible_and_has_the_checkout_fields(signed_in):
    page = soup(signed_in.get(ADD_URL))

    assert page.h1.get_text() == "Add an address"
    form = page.find("form", class_="account-form")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    fields = form.find_all(["input", "select"], attrs={"type": lambda t: t != "hidden"})
    assert {f["name"] for f in fields} == {
        "name", "line1", "line2", "city", "postal_code", "country", "phone", "is_default",
    }  # fmt: skip
    for field in fields:
        assert page.find("label", attrs={"for": field["id"]}), field["name"]
    assert form.find("select", attrs={"name": "country"}).find("option", string="Germany")["value"] == "DE"
    assert form.find("input", attrs={"name": "line1"})["autocomplete"] == "address-line1"


def test_adding_the_first_address_makes_it_the_default(signed_in, user):
    response = signed_in.post(ADD_URL, {**ADDRESS, "country": "gb"})

    assert response.status_code == 302 and response["Location"] == URL
    address = Address.objects.get(user=user)
    assert (address.country, address.is_default) == ("GB", True)
    page = soup(signed_in.get(URL))
    assert "Address saved." in page.get_text()
    assert "Default address" in page.get_text()
    assert "United Kingdom" in page.get_text()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"name": ""}, "name"),
        ({"line1": "x" * 201}, "line1"),
        ({"postal_code": "x" * 21}, "postal_code"),
        ({"phone": "x" * 41}, "phone"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_error_on_its_field(signed_in, change, field):
    response = signed_in.post(ADD_URL, {**ADDRESS, **change})

    assert response.status_code == 400
    page = soup(response)
    assert page.find(id=f"id_{field}_error")
    assert page.find(role="alert")
    assert [tag["name"] for tag in page.select("form.account-form [autofocus]")] == [field]  # the cursor is there
    assert not Address.objects.exists()


def test_a_full_address_book_says_so(signed_in, user, monkeypatch):
    monkeypatch.setattr(services, "MAX_ADDRESSES", 1)
    add(user)

    response = signed_in.post(ADD_URL, ADDRESS)

    assert response.status_code == 400
    assert "at most 1 addresses" in soup(response).find(role="alert").get_text()


def test_editing_changes_the_address(signed_in, user):
    address = add(user)
    page = soup(signed_in.get(f"{URL}{address.pk}/edit/"))
    assert page.find("input", attrs={"name": "city"})["value"] == "London"

    response = signed_in.post(f"{URL}{address.pk}/edit/", {**ADDRESS, "city": "Cambridge", "is_default": "on"})

    assert response.status_code == 302
    address.refresh_from_db()
    assert (address.city, address.is_default) == ("Cambridge", True)


def test_editing_an_address_deleted_meanwhile_is_a_404(signed_in, user, monkeypatch):
    """The page found the address; another tab deleted it before the service ran."""
    address = add(user)
    update = services.update_address

    def deleted_first(**kwargs):
        Address.objects.filter(pk=address.pk).delete()
        return update(**kwargs)

    monkeypatch.setattr(services, "update_address", deleted_first)
    response = signed_in.post(f"{URL}{address.pk}/edit/", {**ADDRESS, "city": "Cambridge"})
    assert response.status_code == 404


def test_make_default_and_delete(signed_in, user):
    first = add(user)
    second = add(user, name="Second")

    assert signed_in.post(f"{URL}{second.pk}/default/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)

    assert signed_in.post(f"{URL}{second.pk}/delete/").status_code == 302
    assert list(Address.objects.filter(user=user)) == [first]
    first.refresh_from_db()
    assert first.is_default  # the remaining one became the default


def test_delete_and_default_are_post_only(signed_in, user):
    address = add(user)

    assert signed_in.get(f"{URL}{address.pk}/delete/").status_code == 405
    assert signed_in.get(f"{URL}{address.pk}/default/").status_code == 405
    assert Address.objects.filter(pk=address.pk).exists()


def test_another_users_address_is_a_404(signed_in):
    theirs = add(UserFactory())

    assert signed_in.get(f"{URL}{theirs.pk}/edit/").status_code == 404
    assert signed_in.post(f"{URL}{theirs.pk}/edit/", {**ADDRESS, "city": "Mine"}).status_code == 404
    assert signed_in.post(f"{URL}{theirs.pk}/delete/").status_code == 404
    assert signed_in.post(f"{URL}{theirs.pk}/default/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "London"
    assert "London" not in soup(signed_in.get(URL)).find("main").get_text()


def test_the_list_escapes_what_it_shows(signed_in, user):
    add(user, name="<img src=x onerror=alert(1)>")

    html = signed_in.get(URL).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_list_costs_the_same_queries_for_one_or_many(signed_in, user, django_assert_max_num_queries):
    add(user)
    signed_in.get(URL)  # warm
    with django_assert_max_num_queries(50) as one:
        signed_in.get(URL)
    for i in range(5):
        add(user, name=f"Other {i}")
    with django_assert_max_num_queries(len(one.captured_queries)) as many:
        signed_in.get(URL)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_forms_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    address = add(user)

    assert client.post(ADD_URL, ADDRESS).status_code == 403
    assert client.post(f"{URL}{address.pk}/delete/").status_code == 403
    assert Address.objects.count() == 1


# --- checkout prefill ---


def _checkout_fields(client) -> dict:
    form = soup(client.get("/checkout/")).find("form", class_="checkout-form")
    values = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    selected = form.find("select", attrs={"name": "country"}).find("option", selected=True)
    values["country"] = selected["value"] if selected else ""
    return values


def test_checkout_is_prefilled_from_the_default_address(signed_in, user):
    add(user, name="Not the default")
    add(user, name="Grace Hopper", line2="Apt 2", phone="+1 555 0100", country="US", is_default=True)
    signed_in.post("/cart/add/", {"product": stocked_product().slug, "quantity": 1})

    fields = _checkout_fields(signed_in)

    assert fields["email"] == user.email
    assert (fields["name"], fields["line2"], fields["phone"], fields["country"]) == (
        "Grace Hopper", "Apt 2", "+1 555 0100", "US",
    )  # fmt: skip
    assert fields["line1"] == ADDRESS["line1"] and fields["postal_code"] == ADDRESS["postal_code"]
    note = soup(signed_in.get("/checkout/")).find(class_="checkout-prefill")
    assert "default address" in note.get_text() and note.find("a", href=URL)


def test_the_prefilled_checkout_places_the_order_to_that_address(signed_in, user):
    add(user, name="Grace Hopper", country="US")
    signed_in.post("/cart/add/", {"product": stocked_product().slug, "quantity": 1})
    fields = _checkout_fields(signed_in)

    response = signed_in.post("/checkout/", {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"})

    assert response.status_code == 302
    assert Order.objects.get().shipping_address == {**ADDRESS, "name": "Grace Hopper", "country": "US"}


def test_checkout_of_guests_and_of_users_without_addresses_is_empty(client, user):
    product = stocked_product()
    client.post("/cart/add/", {"product": product.slug, "quantity": 1})
    assert _checkout_fields(client)["name"] == ""
    hint = soup(client.get("/checkout/")).find(class_="checkout-prefill")
    assert hint.find("a", href="/accounts/login/?next=/checkout/")

    add(UserFactory())  # someone else's default address never shows
    client.force_login(user)
    client.post("/cart/add/", {"product": product.slug, "quantity": 1})
    fields = _checkout_fields(client)
    assert (fields["name"], fields["country"]) == ("", "")
