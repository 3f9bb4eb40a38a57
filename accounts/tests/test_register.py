import threading

import pytest
from django.db import IntegrityError, connection, connections

from accounts import services
from accounts.models import User
from accounts.tests.assertions import assert_error
from accounts.tests.factories import UserFactory
from storefront.errors import InvalidInput

URL = "/api/v1/auth/register/"
STRONG = "plum-Orbit-4417-kettle"

pytestmark = pytest.mark.django_db


def test_register_creates_a_shopper_and_answers_its_public_fields(api_client):
    response = api_client.post(
        URL, {"email": "  Ada.Lovelace@Example.COM ", "password": STRONG, "first_name": "Ada", "last_name": "Lovelace"}
    )

    assert response.status_code == 201, response.content
    user = User.objects.get()
    assert response.json() == {
        "id": user.pk,
        "email": "ada.lovelace@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
    }
    assert user.email == "ada.lovelace@example.com"
    assert user.check_password(STRONG)
    assert user.password != STRONG
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, False, False)


def test_register_names_are_optional(api_client):
    response = api_client.post(URL, {"email": "min@example.com", "password": STRONG})

    assert response.status_code == 201, response.content
    assert response.json()["first_name"] == response.json()["last_name"] == ""


def test_register_ignores_server_owned_fields(api_client):
    response = api_client.post(
        URL,
        {
            "email": "sneaky@example.com",
            "password": STRONG,
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "id": 999_999,
        },
    )

    assert response.status_code == 201, response.content
    user = User.objects.get(email="sneaky@example.com")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert user.pk != 999_999
    assert "is_staff" not in response.json()


@pytest.mark.parametrize(
    "other_case", ["taken@example.com", "TAKEN@example.com", "Taken@Example.Com", " taken@example.com "]
)
def test_register_refuses_an_email_already_taken_in_any_case(api_client, other_case):
    UserFactory(email="taken@example.com")

    response = api_client.post(URL, {"email": other_case, "password": STRONG})

    assert_error(response, 400, code="email_taken", attr="email", error_type="validation_error")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Xy7!q", "password_too_short"),
        ("password123", "password_too_common"),
        ("83749125601", "password_entirely_numeric"),
        ("weakling.user", "password_too_similar"),
    ],
)
def test_register_refuses_a_weak_password_and_stores_nothing(api_client, password, code):
    response = api_client.post(URL, {"email": "weakling.user@example.com", "password": password})

    assert_error(response, 400, code=code, attr="password", error_type="validation_error")
    assert not User.objects.exists()


def test_register_refuses_malformed_json_and_stores_nothing(api_client):
    response = api_client.post(
        URL, data='{"email": "broken@example.com", "password": ', content_type="application/json"
    )

    assert_error(response, 400, code="parse_error", error_type="client_error")
    assert not User.objects.exists()


def test_register_requires_email_and_password(api_client):
    response = api_client.post(URL, {})

    body = assert_error(response, 400, code="required", attr="email", error_type="validation_error")
    assert ("required", "password") in [(e["code"], e["attr"]) for e in body["errors"]]
    assert not User.objects.exists()


@pytest.mark.parametrize("body", [[], ["email"], "just a string", 42])
def test_register_refuses_a_body_that_is_not_an_object(api_client, body):
    response = api_client.post(URL, body, format="json")

    assert_error(response, 400, code="invalid", attr="non_field_errors", error_type="validation_error")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("email", "not-an-email", "invalid"),
        ("email", "a" * 250 + "@example.com", "max_length"),
        ("first_name", "x" * 151, "max_length"),
        ("password", "p" * 1025, "max_length"),
    ],
)
def test_register_refuses_invalid_fields(api_client, field, value, code):
    body = {"email": "fine@example.com", "password": STRONG, field: value}

    response = api_client.post(URL, body)

    assert_error(response, 400, code=code, attr=field, error_type="validation_error")
    assert not User.objects.exists()


def test_register_user_service_validates_like_the_api():
    with pytest.raises(InvalidInput) as weak:
        services.register_user(email="svc@example.com", password="short")
    with pytest.raises(InvalidInput) as bad_email:
        services.register_user(email="nope", password=STRONG)

    assert (weak.value.code, weak.value.attr) == ("password_too_short", "password")
    assert (bad_email.value.code, bad_email.value.attr) == ("invalid", "email")
    assert not User.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_register_user_turns_the_unique_constraint_of_a_racing_insert_into_email_taken():
    """A registration whose duplicate check ran before a rival's commit still fails cleanly, on the constraint."""
    rival_inserted = threading.Event()
    rival_done = threading.Event()

    def rival():
        # Inserts the same address in another transaction and commits only once our insert waits on it.
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "INSERT INTO accounts_user (password, is_superuser, email, first_name, last_name, is_staff,"
                    " is_active, date_joined) VALUES ('!', false, 'race@example.com', '', '', false, true, now())"
                )
                rival_inserted.set()
                for _ in range(200):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND wait_event_type = 'Lock'"
                    )
                    if cursor.fetchone()[0]:
                        break
                    threading.Event().wait(0.05)
                cursor.execute("COMMIT")
        finally:
            connections["default"].close()
            rival_done.set()

    thread = threading.Thread(target=rival)
    thread.start()
    assert rival_inserted.wait(10)

    with pytest.raises(InvalidInput) as excinfo:
        services.register_user(email="RACE@example.com", password=STRONG)
    thread.join(10)

    assert rival_done.is_set()
    assert excinfo.value.code == "email_taken"
    # Proves the database constraint decided (the duplicate check could not see the uncommitted rival).
    assert isinstance(excinfo.value.__cause__, IntegrityError)
    assert User.objects.filter(email__iexact="race@example.com").count() == 1
    connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_address_create_exactly_one_account():
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def register(i):
        try:
            barrier.wait(5)
            services.register_user(email="same@example.com" if i % 2 else "SAME@Example.com", password=STRONG)
            outcomes.append("created")
        except InvalidInput as error:
            outcomes.append(error.code)
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(outcomes) == ["created"] + ["email_taken"] * (threads_count - 1)
    assert User.objects.filter(email="same@example.com").count() == 1
