from datetime import timedelta

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.assertions import assert_error
from accounts.tests.factories import UserFactory

URL = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(user)}"}


def test_me_answers_the_signed_in_user_with_a_jwt(api_client):
    user = UserFactory(first_name="Grace", last_name="Hopper")

    response = api_client.get(URL, **bearer(user))

    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "first_name": "Grace",
        "last_name": "Hopper",
        "is_staff": False,
    }


def test_me_tells_staff_apart(api_client, staff_user):
    assert api_client.get(URL, **bearer(staff_user)).json()["is_staff"] is True


def test_me_works_with_the_browser_session(user):
    client = APIClient()
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200, response.content
    assert response.json()["email"] == user.email


def test_me_is_401_with_www_authenticate_for_anonymous_callers(api_client):
    response = api_client.get(URL)

    assert_error(response, 401, code="not_authenticated", error_type="client_error")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def expected_code(case):
    return {"deleted user": "user_not_found", "inactive user": "user_inactive"}.get(case, "token_not_valid")


@pytest.mark.parametrize("case", ["garbage", "expired", "deleted user", "inactive user"])
def test_me_refuses_a_bad_token_with_one_flat_error(api_client, case):
    user = UserFactory()
    token = AccessToken.for_user(user)
    if case == "garbage":
        token = "not-a-jwt"
    elif case == "expired":
        token.set_exp(lifetime=-timedelta(seconds=1))
    elif case == "deleted user":
        user.delete()
    else:
        user.is_active = False
        user.save()

    response = api_client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    body = assert_error(response, 401, code=expected_code(case), error_type="client_error")
    assert len(body["errors"]) == 1
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_me_patch_changes_the_names_only(api_client):
    user = UserFactory(email="keep@example.com", first_name="Old", last_name="Name")

    response = api_client.patch(
        URL,
        {
            "first_name": "  New ",
            "last_name": "Person",
            "email": "stolen@example.com",
            "is_staff": True,
            "is_superuser": True,
            "id": 12345,
        },
        **bearer(user),
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": user.pk,
        "email": "keep@example.com",
        "first_name": "New",
        "last_name": "Person",
        "is_staff": False,
    }
    user.refresh_from_db()
    assert (user.email, user.first_name, user.last_name) == ("keep@example.com", "New", "Person")
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_me_patch_of_one_name_keeps_the_other(api_client):
    user = UserFactory(first_name="Ada", last_name="Byron")

    response = api_client.patch(URL, {"last_name": "Lovelace"}, **bearer(user))

    assert response.json()["first_name"] == "Ada"
    assert response.json()["last_name"] == "Lovelace"


def test_me_patch_refuses_bad_input_and_changes_nothing(api_client):
    user = UserFactory(first_name="Same", last_name="Same")

    too_long = api_client.patch(URL, {"first_name": "x" * 151, "last_name": "Changed"}, **bearer(user))
    malformed = api_client.patch(URL, data='{"first_name": ', content_type="application/json", **bearer(user))

    assert_error(too_long, 400, code="max_length", attr="first_name", error_type="validation_error")
    assert_error(malformed, 400, code="parse_error", error_type="client_error")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Same", "Same")


def test_me_patch_needs_authentication(api_client):
    response = api_client.patch(URL, {"first_name": "Anon"})

    assert_error(response, 401, code="not_authenticated")


def test_me_patch_over_the_session_needs_csrf(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.patch(URL, {"first_name": "Forged"})

    assert_error(response, 403, code="permission_denied")
    user.refresh_from_db()
    assert user.first_name != "Forged"


@pytest.mark.parametrize("method", ["put", "delete", "post"])
def test_me_allows_no_other_writes(api_client, user, method):
    response = getattr(api_client, method)(URL, {"first_name": "X"}, **bearer(user))

    assert_error(response, 405, code="method_not_allowed")
    assert user.__class__.objects.filter(pk=user.pk).exists()
