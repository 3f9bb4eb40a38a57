"""/accounts/password/: a signed-in shopper changes their password (the current one checked, sign-in's limits)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.tests.pages import csrf_of

URL = "/accounts/password/"
STRONG = "plum-Orbit-4417-kettle"

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def change(client, old, new=STRONG, again=None, ip="10.0.0.1"):
    data = {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for method in (client.get, client.post):
        response = method(URL)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_page_is_an_accessible_form_linked_from_the_account_navigation(signed_in):
    soup = BeautifulSoup(signed_in.get("/accounts/addresses/").content, "html.parser")
    assert soup.select_one(".account-nav").find("a", href=URL).get_text() == "Change password"

    response = signed_in.get(URL)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.string == "Change your password"
    assert soup.h1.get_text() == "Change your password"
    assert soup.select_one(".account-nav").find("a", href=URL)["aria-current"] == "page"
    form = soup.find("form", class_="account-form")
    assert form["action"] == URL and form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    for name in ("old_password", "new_password1", "new_password2"):
        field = form.find("input", attrs={"name": name})
        assert field["type"] == "password" and soup.find("label", attrs={"for": field["id"]})
        assert field["autocomplete"] == ("current-password" if name == "old_password" else "new-password")


def test_a_wrong_current_password_is_an_error_next_to_the_field(signed_in, user, password):
    response = change(signed_in, "not-my-password")

    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.find(id="id_old_password_error")
    assert "entered incorrectly" in error.get_text()
    assert "id_old_password_error" in soup.find("input", attrs={"name": "old_password"})["aria-describedby"]
    user.refresh_from_db()
    assert user.check_password(password) and not user.check_password(STRONG)


def test_new_passwords_that_differ_or_are_weak_are_refused(signed_in, user, password):
    differ = change(signed_in, password, again=STRONG + "x")
    weak = change(signed_in, password, new="password123")

    assert differ.status_code == weak.status_code == 400
    soup = BeautifulSoup(differ.content, "html.parser")
    assert "match" in soup.find(id="id_new_password2_error").get_text()
    assert "too common" in BeautifulSoup(weak.content, "html.parser").find(id="id_new_password2_error").get_text()
    user.refresh_from_db()
    assert user.check_password(password)


def test_an_overlong_password_is_refused_before_hashing(signed_in, user):
    response = change(signed_in, "x" * 5000)

    assert response.status_code == 400
    error = BeautifulSoup(response.content, "html.parser").find(id="id_old_password_error").get_text()
    assert "at most 1024" in error


def test_success_keeps_this_session_signs_out_the_others_and_the_new_password_works(
    signed_in, user, password, api_client, on_commit
):
    refresh = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": password}).json()["refresh"]
    elsewhere = Client()
    elsewhere.force_login(user)

    response = on_commit(change, signed_in, password)

    assert response.status_code == 302 and response["Location"] == URL
    assert "Your password has been changed." in signed_in.get(URL).content.decode()
    assert signed_in.session[SESSION_KEY] == str(user.pk)
    assert signed_in.get("/accounts/orders/").status_code == 200  # still signed in
    assert elsewhere.get("/accounts/orders/").status_code == 302  # the other browser is signed out
    assert api_client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}).status_code == 401
    fresh = Client()
    assert fresh.post("/accounts/login/", {"username": user.email, "password": STRONG}).status_code == 302
    assert SESSION_KEY in fresh.session
    assert not Client().login(username=user.email, password=password)


def test_attempts_are_throttled_with_the_accounts_sign_in_limit(signed_in, user, password, throttle_rates):
    throttle_rates(login_ip="100/min", login_account="3/min")
    Client().post("/accounts/login/", {"username": user.email, "password": "wrong"}, REMOTE_ADDR="10.2.0.1")
    for ip in ("10.2.0.2", "10.2.0.3"):
        assert change(signed_in, "wrong", ip=ip).status_code == 400

    # Throttled even with the right password from a fresh IP; the page does not tell whether it was right.
    response = change(signed_in, password, ip="10.2.0.4")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    html = response.content.decode()
    assert "Too many attempts" in html and "entered incorrectly" not in html
    user.refresh_from_db()
    assert user.check_password(password)
    # The sign-in page shares the counter: it is throttled for this account too.
    login = Client().post("/accounts/login/", {"username": user.email, "password": password}, REMOTE_ADDR="10.2.0.5")
    assert login.status_code == 429


def test_attempts_are_throttled_per_ip(signed_in, password, throttle_rates):
    throttle_rates(login_ip="2/min", login_account="100/min")
    for _ in range(2):
        change(signed_in, "wrong")

    assert change(signed_in, password).status_code == 429
    assert change(signed_in, password, ip="10.0.0.2").status_code == 302


def test_the_form_needs_the_csrf_token(user, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    assert change(client, password).status_code == 403
    user.refresh_from_db()
    assert user.check_password(password)
    # With the page's token it goes through.
    token = csrf_of(client.get(URL).content.decode())
    data = {"old_password": password, "new_password1": STRONG, "new_password2": STRONG, "csrfmiddlewaretoken": token}
    assert client.post(URL, data).status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG)
