import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.test import Client

LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"

pytestmark = pytest.mark.django_db


def test_login_page_is_an_accessible_form(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert {"accounts/login.html", "base.html"} <= {template.name for template in response.templates}
    assert "<title>Sign in</title>" in html
    assert "<h1>Sign in</h1>" in html
    assert '<label for="id_username">Email address' in html
    assert '<label for="id_password">Password' in html
    assert 'autocomplete="current-password"' in html
    assert "csrfmiddlewaretoken" in html


def test_login_with_email_in_any_case_starts_a_session_and_sends_user_logged_in(user, password):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)
    signed_in = []

    def receiver(sender, request, user, **kwargs):
        signed_in.append(user)

    user_logged_in.connect(receiver)
    try:
        response = client.post(
            LOGIN_URL,
            {
                "username": user.email.upper(),
                "password": password,
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            },
        )
    finally:
        user_logged_in.disconnect(receiver)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(user.pk)
    assert signed_in == [user]
    # The session also authenticates the API.
    assert client.get("/api/v1/auth/me/").json()["email"] == user.email


def test_login_follows_a_local_next_but_not_an_external_one(client, user, password):
    local = client.post(f"{LOGIN_URL}?next=/checkout/", {"username": user.email, "password": password})
    client.logout()
    external = client.post(LOGIN_URL, {"username": user.email, "password": password, "next": "https://evil.example/"})

    assert local["Location"] == "/checkout/"
    assert external["Location"] == "/"


def test_login_with_a_wrong_password_shows_an_error_and_signs_nobody_in(client, user, password):
    response = client.post(LOGIN_URL, {"username": user.email, "password": password + "x"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "Please enter a correct email address and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_login_needs_the_csrf_token(user, password):
    client = Client(enforce_csrf_checks=True)

    response = client.post(LOGIN_URL, {"username": user.email, "password": password})

    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_signed_in_visitors_are_sent_on_from_the_login_page(client, user):
    client.force_login(user)

    assert client.get(LOGIN_URL)["Location"] == "/"


def test_logout_ends_the_session_by_post_only(client, user):
    client.force_login(user)

    refused = client.get(LOGOUT_URL)
    assert refused.status_code == 405
    assert SESSION_KEY in client.session

    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session


def test_session_login_shares_the_per_account_limit_with_the_api(client, api_client, throttle_rates, user, password):
    throttle_rates(login_ip="100/min", login_account="2/min")
    api_client.post("/api/v1/auth/token/", {"email": user.email, "password": "wrong"}, REMOTE_ADDR="10.1.0.1")
    client.post(LOGIN_URL, {"username": user.email.upper(), "password": "wrong"}, REMOTE_ADDR="10.1.0.2")

    # Throttled even with the right password from a fresh IP; the page does not reveal whether it was right.
    response = client.post(LOGIN_URL, {"username": user.email, "password": password}, REMOTE_ADDR="10.1.0.3")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    html = response.content.decode()
    assert "Too many sign-in attempts" in html
    assert "Please enter a correct" not in html
    assert f'value="{user.email}"' in html
    assert SESSION_KEY not in client.session


def test_session_login_is_throttled_per_ip(client, throttle_rates, password):
    throttle_rates(login_ip="2/min", login_account="100/min")
    for i in range(2):
        assert client.post(LOGIN_URL, {"username": f"g{i}@example.com", "password": password}).status_code == 200

    response = client.post(LOGIN_URL, {"username": "g9@example.com", "password": password})

    assert response.status_code == 429
    assert "Please enter a correct" not in response.content.decode()
