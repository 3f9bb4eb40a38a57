import threading

import pytest
from django.db import connections
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.signals import token_obtained
from accounts.tests.assertions import assert_error
from accounts.tests.factories import UserFactory

TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
BLACKLIST_URL = "/api/v1/auth/token/blacklist/"
ME_URL = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def obtain(client, email, password):
    return client.post(TOKEN_URL, {"email": email, "password": password})


def me_with(client, access):
    return client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {access}")


def test_token_answers_a_working_pair_for_valid_credentials(api_client, user, password):
    response = obtain(api_client, user.email, password)

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access", "refresh"}
    assert me_with(api_client, response.json()["access"]).json()["email"] == user.email
    user.refresh_from_db()
    assert user.last_login is not None


def test_token_accepts_the_email_in_any_case(api_client, password):
    UserFactory(email="mixed@example.com")

    response = obtain(api_client, "  MIXED@Example.com ", password)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("case", ["wrong password", "unknown email", "inactive account"])
def test_token_refuses_bad_credentials_with_401_in_contract_shape(api_client, user, password, case):
    email, secret = user.email, password
    if case == "wrong password":
        secret = password + "x"
    elif case == "unknown email":
        email = "nobody@example.com"
    else:
        user.is_active = False
        user.save()

    response = obtain(api_client, email, secret)

    body = assert_error(response, 401, code="no_active_account", error_type="client_error")
    assert len(body["errors"]) == 1
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "refresh" not in body


def test_token_refuses_missing_fields_and_malformed_json(api_client):
    missing = api_client.post(TOKEN_URL, {"email": "a@example.com"})
    malformed = api_client.post(TOKEN_URL, data='{"email": "a@example.com",', content_type="application/json")

    assert_error(missing, 400, code="required", attr="password", error_type="validation_error")
    assert_error(malformed, 400, code="parse_error", error_type="client_error")


def test_token_ignores_a_stale_authorization_header(api_client, user, password):
    response = api_client.post(
        TOKEN_URL, {"email": user.email, "password": password}, HTTP_AUTHORIZATION="Bearer expired.or.garbage"
    )

    assert response.status_code == 200, response.content


def test_token_obtained_signal_is_sent_with_user_and_request_on_success_only(api_client, user, password):
    received = []

    def receiver(sender, user, request, **kwargs):
        received.append((user, request.data.get("email")))

    token_obtained.connect(receiver)
    try:
        obtain(api_client, user.email, password + "wrong")
        obtain(api_client, user.email, password)
    finally:
        token_obtained.disconnect(receiver)

    assert received == [(user, user.email)]


def test_refresh_rotates_and_refuses_the_old_refresh_token(api_client, user, password):
    first = obtain(api_client, user.email, password).json()

    rotated = api_client.post(REFRESH_URL, {"refresh": first["refresh"]})
    replayed = api_client.post(REFRESH_URL, {"refresh": first["refresh"]})

    assert rotated.status_code == 200, rotated.content
    assert set(rotated.json()) == {"access", "refresh"}
    assert rotated.json()["refresh"] != first["refresh"]
    assert me_with(api_client, rotated.json()["access"]).status_code == 200
    assert_error(replayed, 401, code="token_not_valid", error_type="client_error")
    assert replayed["WWW-Authenticate"] == 'Bearer realm="api"'
    # The rotated token is the one that works now.
    assert api_client.post(REFRESH_URL, {"refresh": rotated.json()["refresh"]}).status_code == 200


@pytest.mark.parametrize("token", ["garbage", "a.b.c", ""])
def test_refresh_refuses_a_malformed_token(api_client, token):
    response = api_client.post(REFRESH_URL, {"refresh": token})

    if token:
        assert_error(response, 401, code="token_not_valid")
    else:
        assert_error(response, 400, code="blank", attr="refresh")


def test_refresh_refuses_an_access_token(api_client, user, password):
    access = obtain(api_client, user.email, password).json()["access"]

    assert_error(api_client.post(REFRESH_URL, {"refresh": access}), 401, code="token_not_valid")


def test_refresh_refuses_tokens_of_deleted_or_inactive_users(api_client, password):
    deleted, inactive = UserFactory(), UserFactory()
    deleted_refresh = obtain(api_client, deleted.email, password).json()["refresh"]
    inactive_refresh = obtain(api_client, inactive.email, password).json()["refresh"]
    deleted.delete()
    inactive.is_active = False
    inactive.save()

    assert_error(api_client.post(REFRESH_URL, {"refresh": deleted_refresh}), 401, code="token_not_valid")
    assert_error(api_client.post(REFRESH_URL, {"refresh": inactive_refresh}), 401, code="token_not_valid")


def test_blacklist_signs_out_the_refresh_token(api_client, user, password):
    refresh = obtain(api_client, user.email, password).json()["refresh"]

    response = api_client.post(BLACKLIST_URL, {"refresh": refresh})

    assert response.status_code == 204, response.content
    assert_error(api_client.post(REFRESH_URL, {"refresh": refresh}), 401, code="token_not_valid")
    assert_error(api_client.post(BLACKLIST_URL, {"refresh": refresh}), 401, code="token_not_valid")
    assert_error(api_client.post(BLACKLIST_URL, {}), 400, code="required", attr="refresh")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refresh_token_is_redeemed_once_under_concurrent_refreshes():
    user = UserFactory()
    refresh = str(RefreshToken.for_user(user))
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def redeem():
        try:
            barrier.wait(5)
            services.rotate_refresh_token(refresh=refresh)
            outcomes.append("rotated")
        except TokenError:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=redeem) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(outcomes) == ["refused"] * (threads_count - 1) + ["rotated"]
    assert BlacklistedToken.objects.filter(token__user=user).count() == 1


def test_a_new_password_revokes_every_refresh_token(api_client, user, password, django_capture_on_commit_callbacks):
    phone = obtain(api_client, user.email, password).json()["refresh"]
    laptop = obtain(api_client, user.email, password).json()["refresh"]
    other = UserFactory()
    others = services.issue_token_pair(user=other).refresh

    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Renamed"
        user.save()  # not a password change: nothing revoked
    rotated = api_client.post(REFRESH_URL, {"refresh": phone})
    assert rotated.status_code == 200
    phone = rotated.json()["refresh"]  # the rotated token is the phone's live one now

    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("a-brand-new-passphrase-42")
        user.save()
    for refresh in (laptop, phone):
        response = api_client.post(REFRESH_URL, {"refresh": refresh})
        assert_error(response, 401, code="token_not_valid")
    assert api_client.post(REFRESH_URL, {"refresh": others}).status_code == 200  # other users keep theirs
    assert obtain(api_client, user.email, "a-brand-new-passphrase-42").status_code == 200
