"""/accounts/password-reset/: ask for a link, the done page, the link's page, the complete page."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from accounts import services
from accounts.tests.factories import UserFactory

URL = "/accounts/password-reset/"
DONE_URL = "/accounts/password-reset/done/"
STRONG = "plum-Orbit-4417-kettle"
LINK = re.compile(r"http://testserver(/accounts/password-reset/[^/]+/[^/]+/)")

pytestmark = pytest.mark.django_db


def ask(client, email, ip="10.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def emailed_path() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def test_the_request_page_is_an_accessible_csrf_protected_form(client):
    soup = BeautifulSoup(client.get(URL).content, "html.parser")

    assert soup.h1.get_text() == "Reset your password"
    field = soup.find("input", attrs={"name": "email"})
    assert soup.find("label", attrs={"for": field["id"]})
    assert soup.find("input", attrs={"name": "csrfmiddlewaretoken"})


def test_the_login_page_links_to_reset_and_signup(client):
    soup = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")

    assert soup.find("a", href=URL)
    assert soup.find("a", href="/accounts/signup/")


def test_asking_mails_a_link_and_the_done_page_gives_no_hint(client, user):
    known = ask(client, user.email)
    unknown = ask(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == DONE_URL
    assert [m.to for m in mail.outbox] == [[user.email]]
    done = client.get(DONE_URL).content.decode()
    assert "If an account has this email address" in done


def test_a_malformed_address_shows_the_form_again(client):
    response = ask(client, "not-an-email")

    assert response.status_code == 400
    assert BeautifulSoup(response.content, "html.parser").find(id="id_email_error")
    assert not mail.outbox


def test_the_link_moves_the_token_out_of_the_url_and_sets_the_password(client, user, password, api_client, on_commit):
    refresh = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": password}).json()["refresh"]
    signed_in = Client()
    signed_in.force_login(user)
    ask(client, user.email)
    path = emailed_path()

    landing = client.get(path)
    assert landing.status_code == 302
    form_url = landing["Location"]
    assert form_url.endswith("/set-password/") and path.split("/")[-2] not in form_url  # the token left the URL
    page = BeautifulSoup(client.get(form_url).content, "html.parser")
    assert page.h1.get_text() == "Choose a new password"
    for name in ("new_password1", "new_password2"):
        field = page.find("input", attrs={"name": name})
        assert page.find("label", attrs={"for": field["id"]})

    done = on_commit(client.post, form_url, {"new_password1": STRONG, "new_password2": STRONG})

    assert done.status_code == 302 and done["Location"] == "/accounts/password-reset/complete/"
    user.refresh_from_db()
    assert user.check_password(STRONG)
    assert "Password changed" in client.get(done["Location"]).content.decode()
    # Every API client and every other browser session is signed out.
    assert api_client.post("/api/v1/auth/token/refresh/", {"refresh": refresh}).status_code == 401
    assert signed_in.get("/accounts/orders/").status_code == 302
    # The link worked once.
    again = Client().get(path)
    assert "This link does not work" in again.content.decode()


def test_a_weak_new_password_is_refused_and_the_old_one_stays(client, user, password):
    ask(client, user.email)
    form_url = client.get(emailed_path())["Location"]

    response = client.post(form_url, {"new_password1": "password123", "new_password2": "password123"})

    assert response.status_code == 200
    assert "too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.parametrize("path", ["/accounts/password-reset/MQ/bad-token/", "/accounts/password-reset/!!/x-y/"])
def test_a_bad_link_says_so_and_offers_a_new_one(client, user, path):
    response = client.get(path)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "This link does not work"
    assert soup.find("a", href=URL)
    assert not soup.find("input", attrs={"name": "new_password1"})


def test_an_inactive_users_link_does_not_work(client):
    user = UserFactory()
    services.request_password_reset(email=user.email, base_url="http://testserver")
    path = emailed_path()
    user.is_active = False
    user.save()

    assert "This link does not work" in client.get(path).content.decode()


def test_the_forms_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)

    assert client.post(URL, {"email": user.email}).status_code == 403
    assert not mail.outbox


def test_asking_shares_the_limits_with_the_api(client, api_client, throttle_rates, user):
    throttle_rates(password_reset_ip="100/min", password_reset_account="2/min")
    api_client.post("/api/v1/auth/password-reset/", {"email": user.email}, REMOTE_ADDR="10.5.0.1")
    ask(client, user.email.upper(), ip="10.5.0.2")

    response = ask(client, user.email, ip="10.5.0.3")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 2


def test_asking_is_throttled_per_ip(client, throttle_rates):
    throttle_rates(password_reset_ip="2/min", password_reset_account="100/min")
    ask(client, "a@example.com")
    ask(client, "b@example.com")

    assert ask(client, "c@example.com").status_code == 429
    assert ask(client, "c@example.com", ip="10.0.0.2").status_code == 302


def test_setting_the_password_is_throttled_per_ip(client, user, throttle_rates):
    ask(client, user.email)
    form_url = client.get(emailed_path())["Location"]
    throttle_rates(password_reset_ip="1/min", password_reset_account="100/min")
    client.post(form_url, {"new_password1": "x", "new_password2": "y"})

    response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})

    assert response.status_code == 429
    user.refresh_from_db()
    assert not user.check_password(STRONG)
    assert SESSION_KEY not in client.session
