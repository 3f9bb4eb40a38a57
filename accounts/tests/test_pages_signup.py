"""/accounts/signup/ and the header's signed-in state (sign in link, email, "Your account", sign out)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.models import User
from accounts.tests.factories import UserFactory
from commerce.models import Cart
from commerce.services.carts import CART_SESSION_KEY
from commerce.tests.factories import stocked_product

URL = "/accounts/signup/"
STRONG = "plum-Orbit-4417-kettle"

pytestmark = pytest.mark.django_db


def signup(client, ip="10.0.0.1", **fields):
    data = {"email": "new@example.com", "password": STRONG, "password_again": STRONG, **fields}
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_the_signup_page_is_an_accessible_csrf_protected_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.string == "Create an account"
    assert soup.h1.string == "Create an account"
    form = soup.find("form", class_="account-form")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    for field in form.find_all("input", attrs={"type": lambda t: t not in ("hidden",)}):
        assert soup.find("label", attrs={"for": field["id"]}), field
    assert form.find("input", attrs={"name": "password"})["autocomplete"] == "new-password"
    assert form.find("input", attrs={"name": "email"})["autocomplete"] == "email"


def test_signup_creates_the_account_signs_in_and_goes_on(client):
    response = signup(client, email="  New@Example.com ", first_name="Ada")

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get()
    assert (user.email, user.first_name, user.is_staff) == ("new@example.com", "Ada", False)
    assert user.check_password(STRONG)
    assert client.session[SESSION_KEY] == str(user.pk)


def test_signup_follows_a_local_next_only(client):
    assert signup(client, next="/checkout/")["Location"] == "/checkout/"
    client.logout()
    assert signup(client, email="b@example.com", next="https://evil.example/")["Location"] == "/"


def test_signup_merges_the_guest_cart_like_sign_in(client):
    product = stocked_product(quantity=5)
    client.post("/cart/add/", {"product": product.slug, "quantity": 2})
    guest_cart = Cart.objects.get()

    signup(client)

    user = User.objects.get()
    guest_cart.refresh_from_db()
    assert guest_cart.user == user  # the user had no cart: they take the guest cart over
    assert client.session[CART_SESSION_KEY] == str(guest_cart.pk)
    assert "2" in client.get("/cart/").content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password": "short1", "password_again": "short1"}, "password", "too short"),
        ({"password": "password123", "password_again": "password123"}, "password", "too common"),
        ({"password_again": STRONG + "x"}, "password_again", "differ"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"email": "x" * 250 + "@e.com"}, "email", ""),
        ({"first_name": "x" * 151}, "first_name", "at most 150"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_error_on_its_field(client, fields, field, message):
    response = signup(client, **fields)

    assert response.status_code == 400
    assert not User.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.find(id=f"id_{field}_error")
    assert error is not None and message in error.get_text()
    assert soup.find(role="alert")
    assert SESSION_KEY not in client.session


def test_a_taken_email_is_refused(client):
    UserFactory(email="taken@example.com")

    response = signup(client, email="TAKEN@example.com")

    assert response.status_code == 400
    assert "already exists" in BeautifulSoup(response.content, "html.parser").find(id="id_email_error").get_text()
    assert User.objects.count() == 1


def test_signup_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = signup(client)

    assert response.status_code == 403
    assert not User.objects.exists()


def test_signed_in_visitors_are_sent_on(client, user):
    client.force_login(user)

    assert client.get(URL)["Location"] == "/"


def test_signup_shares_the_registration_limit_with_the_api(client, api_client, throttle_rates):
    throttle_rates(register="2/min")
    api_client.post("/api/v1/auth/register/", {"email": "a@example.com", "password": STRONG}, REMOTE_ADDR="10.9.0.1")
    signup(Client(), email="b@example.com", ip="10.9.0.1")

    response = client.post(
        URL, {"email": "c@example.com", "password": STRONG, "password_again": STRONG}, REMOTE_ADDR="10.9.0.1"
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Too many attempts" in response.content.decode()
    assert not User.objects.filter(email="c@example.com").exists()
    other_ip = signup(Client(), email="d@example.com", ip="10.9.0.2")
    assert other_ip.status_code == 302


def test_the_header_offers_sign_in_to_visitors(client):
    soup = BeautifulSoup(client.get("/cart/").content, "html.parser")
    header = soup.find("header")

    assert header.find("a", href="/accounts/login/").get_text() == "Sign in"
    assert header.find("a", href="/accounts/signup/")
    assert not header.find("form", action="/accounts/logout/")


def test_the_header_shows_the_signed_in_state_and_signs_out_by_post(client):
    user = UserFactory(email="ada<b>@example.com")  # escaped, not markup
    client.force_login(user)

    html = client.get("/cart/").content.decode()
    header = BeautifulSoup(html, "html.parser").find("header")

    assert "ada&lt;b&gt;@example.com" in html and "ada<b>@" not in html
    assert user.email in header.get_text()
    assert header.find("a", href="/accounts/orders/").get_text() == "Your account"
    logout = header.find("form", action="/accounts/logout/")
    assert logout["method"] == "post"
    assert logout.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert logout.find("button").get_text() == "Sign out"
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert SESSION_KEY not in client.session
