import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services
from accounts.tests.assertions import assert_error
from accounts.tests.factories import UserFactory

RESET_URL = "/api/v1/auth/password-reset/"
CONFIRM_URL = "/api/v1/auth/password-reset/confirm/"
TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
NEW_PASSWORD = "plum-Orbit-4417-kettle"
LINK = re.compile(r"http://testserver/accounts/password-reset/(?P<uid>[^/]+)/(?P<token>[^/]+)/")

pytestmark = pytest.mark.django_db


def link_parts(message) -> dict:
    match = LINK.search(message.body)
    assert match, message.body
    return match.groupdict()


def uid_of(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def test_reset_mails_a_one_time_link_to_the_shops_page(api_client, user):
    response = api_client.post(RESET_URL, {"email": user.email.upper()})

    assert response.status_code == 202
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Reset your password" in message.subject
    parts = link_parts(message)
    assert parts["uid"] == uid_of(user)


def test_reset_answers_the_same_for_unknown_inactive_and_passwordless_accounts(api_client, user):
    inactive = UserFactory(is_active=False)
    passwordless = UserFactory()
    passwordless.set_unusable_password()
    passwordless.save()

    known = api_client.post(RESET_URL, {"email": user.email})
    answers = [
        api_client.post(RESET_URL, {"email": e}) for e in ("nobody@example.com", inactive.email, passwordless.email)
    ]

    for answer in answers:
        assert (answer.status_code, answer.json()) == (known.status_code, known.json())
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_reset_refuses_a_malformed_address(api_client):
    assert_error(api_client.post(RESET_URL, {"email": "not-an-email"}), 400, code="invalid", attr="email")
    assert_error(api_client.post(RESET_URL, {}), 400, code="required", attr="email")
    assert not mail.outbox


def test_confirm_sets_the_password_once_and_revokes_every_refresh_token(api_client, user, password, on_commit):
    refresh = api_client.post(TOKEN_URL, {"email": user.email, "password": password}).json()["refresh"]
    api_client.post(RESET_URL, {"email": user.email})
    parts = link_parts(mail.outbox[0])

    response = on_commit(api_client.post, CONFIRM_URL, {**parts, "password": NEW_PASSWORD})

    assert response.status_code == 200, response.content
    assert_error(api_client.post(REFRESH_URL, {"refresh": refresh}), 401, code="token_not_valid")
    assert api_client.post(TOKEN_URL, {"email": user.email, "password": password}).status_code == 401
    assert api_client.post(TOKEN_URL, {"email": user.email, "password": NEW_PASSWORD}).status_code == 200
    # The link worked once.
    again = api_client.post(CONFIRM_URL, {**parts, "password": "another-Strong-pass-99"})
    assert_error(again, 400, code="invalid_token", attr="token")


@pytest.mark.parametrize(
    "parts",
    [
        {"uid": "MTIzNDU2Nzg", "token": "abc-123"},  # nobody's uid
        {"uid": "!!!", "token": "abc-123"},  # not base64
        {"uid": "", "token": ""},
    ],
)
def test_confirm_refuses_bad_links(api_client, parts):
    response = api_client.post(CONFIRM_URL, {**parts, "password": NEW_PASSWORD})

    assert response.status_code == 400


def test_confirm_refuses_a_forged_or_someone_elses_token(api_client, user, password):
    other = UserFactory()
    others_token = default_token_generator.make_token(other)

    for token in ("c0ffee-deadbeefdeadbeefdeadbeef", others_token):
        response = api_client.post(CONFIRM_URL, {"uid": uid_of(user), "token": token, "password": NEW_PASSWORD})
        assert_error(response, 400, code="invalid_token", attr="token")
    user.refresh_from_db()
    assert user.check_password(password)


def test_confirm_refuses_an_expired_token(api_client, user, settings):
    token = default_token_generator.make_token(user)
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = api_client.post(CONFIRM_URL, {"uid": uid_of(user), "token": token, "password": NEW_PASSWORD})

    assert_error(response, 400, code="invalid_token", attr="token")


@pytest.mark.parametrize(("weak", "code"), [("short1", "password_too_short"), ("password123", "password_too_common")])
def test_confirm_refuses_a_weak_password_and_keeps_the_link_usable(api_client, user, password, weak, code):
    token = default_token_generator.make_token(user)

    response = api_client.post(CONFIRM_URL, {"uid": uid_of(user), "token": token, "password": weak})

    assert_error(response, 400, code=code, attr="password")
    user.refresh_from_db()
    assert user.check_password(password)
    ok = api_client.post(CONFIRM_URL, {"uid": uid_of(user), "token": token, "password": NEW_PASSWORD})
    assert ok.status_code == 200


def test_a_password_like_the_email_is_refused(api_client):
    user = UserFactory(email="kettle.orbit@example.com")
    token = default_token_generator.make_token(user)

    response = api_client.post(
        CONFIRM_URL, {"uid": uid_of(user), "token": token, "password": "Kettle.Orbit@example.com"}
    )

    assert_error(response, 400, code="password_too_similar", attr="password")


def test_reset_is_throttled_per_address_whatever_the_ip(api_client, throttle_rates, user):
    throttle_rates(password_reset_ip="100/min", password_reset_account="2/min")

    answers = [
        api_client.post(RESET_URL, {"email": e}, REMOTE_ADDR=f"10.3.0.{i}").status_code
        for i, e in enumerate([user.email, user.email.upper(), user.email])
    ]

    assert answers == [202, 202, 429]
    assert len(mail.outbox) == 2
    assert api_client.post(RESET_URL, {"email": "other@example.com"}, REMOTE_ADDR="10.3.0.9").status_code == 202


def test_reset_and_confirm_are_throttled_per_ip(api_client, throttle_rates):
    throttle_rates(password_reset_ip="2/min", password_reset_account="100/min")
    api_client.post(RESET_URL, {"email": "a@example.com"}, REMOTE_ADDR="10.4.0.1")
    api_client.post(CONFIRM_URL, {"uid": "x", "token": "y", "password": "z"}, REMOTE_ADDR="10.4.0.1")

    throttled = api_client.post(RESET_URL, {"email": "b@example.com"}, REMOTE_ADDR="10.4.0.1")

    assert_error(throttled, 429, code="throttled")
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert api_client.post(RESET_URL, {"email": "b@example.com"}, REMOTE_ADDR="10.4.0.2").status_code == 202


def test_a_broker_outage_still_answers_202(api_client, user, monkeypatch):
    from accounts import tasks

    def down(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_password_reset_email, "delay", down)

    assert api_client.post(RESET_URL, {"email": user.email}).status_code == 202


def test_the_mail_task_sends_nothing_to_a_user_who_may_no_longer_reset(user):
    from accounts.tasks import send_password_reset_email

    user.is_active = False
    user.save()

    assert send_password_reset_email(user_id=user.pk, base_url="http://shop.example") is False
    assert services.password_reset_user(user_id=user.pk) is None
    assert not mail.outbox
