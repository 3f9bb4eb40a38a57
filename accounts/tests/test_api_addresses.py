import pytest
from django.db import IntegrityError, transaction

from accounts import services
from accounts.models import Address
from accounts.tests.assertions import assert_error
from accounts.tests.factories import UserFactory

URL = "/api/v1/auth/addresses/"

pytestmark = pytest.mark.django_db

HOME = {
    "name": "Ada Lovelace",
    "line1": "12 St James's Sq",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "country": "GB",
}


def detail(address_id) -> str:
    return f"{URL}{address_id}/"


def add(user, **fields) -> Address:
    return services.create_address(user=user, **{**HOME, **fields})


def test_a_shopper_adds_an_address_and_reads_it_back(user_client):
    created = user_client.post(URL, {**HOME, "country": "gb", "line2": "Flat 3", "phone": "+44 20 7946 0000"})

    assert created.status_code == 201, created.content
    body = created.json()
    assert body == {
        "id": body["id"],
        **HOME,
        "line2": "Flat 3",
        "phone": "+44 20 7946 0000",
        "country": "GB",  # stored as the upper-case code
        "is_default": True,  # the first address is the default
    }
    assert user_client.get(detail(body["id"])).json() == body
    listed = user_client.get(URL).json()
    assert listed["count"] == 1
    assert listed["results"] == [body]
    assert set(listed) == {"count", "next", "previous", "results"}


def test_one_default_per_user_and_it_moves_when_asked(user_client):
    first = user_client.post(URL, HOME).json()
    second = user_client.post(URL, {**HOME, "name": "Second"}).json()
    assert second["is_default"] is False

    third = user_client.post(URL, {**HOME, "name": "Third", "is_default": True}).json()
    assert third["is_default"] is True
    defaults = [a["id"] for a in user_client.get(URL).json()["results"] if a["is_default"]]
    assert defaults == [third["id"]]

    moved = user_client.patch(detail(first["id"]), {"is_default": True})
    assert moved.json()["is_default"] is True
    listed = user_client.get(URL).json()["results"]
    assert [a["id"] for a in listed] == [first["id"], second["id"], third["id"]]  # default first, then as added
    assert [a["is_default"] for a in listed] == [True, False, False]


def test_the_database_refuses_a_second_default(user):
    add(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(user=user, is_default=True, **HOME)


def test_patch_changes_only_what_is_sent_and_validates_it(user_client):
    address = user_client.post(URL, {**HOME, "phone": "123"}).json()

    changed = user_client.patch(detail(address["id"]), {"city": "Cambridge", "phone": ""})

    assert changed.status_code == 200
    assert changed.json() == {**address, "city": "Cambridge", "phone": ""}
    assert_error(
        user_client.patch(detail(address["id"]), {"country": "XX"}), 400, code="invalid_choice", attr="country"
    )
    assert_error(user_client.patch(detail(address["id"]), {"name": ""}), 400, code="blank", attr="name")
    assert user_client.get(detail(address["id"])).json()["city"] == "Cambridge"


def test_deleting_the_default_makes_the_newest_remaining_one_the_default(user_client):
    first = user_client.post(URL, HOME).json()
    second = user_client.post(URL, {**HOME, "name": "Second"}).json()
    third = user_client.post(URL, {**HOME, "name": "Third"}).json()

    assert user_client.delete(detail(first["id"])).status_code == 204

    assert user_client.get(detail(first["id"])).status_code == 404
    listed = {a["id"]: a["is_default"] for a in user_client.get(URL).json()["results"]}
    assert listed == {second["id"]: False, third["id"]: True}


def test_another_users_address_is_a_404_for_every_method(user_client):
    theirs = add(UserFactory())

    for response in (
        user_client.get(detail(theirs.pk)),
        user_client.patch(detail(theirs.pk), {"city": "Mine now"}),
        user_client.delete(detail(theirs.pk)),
    ):
        assert_error(response, 404, code="not_found")
    assert user_client.get(URL).json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.city == HOME["city"]


def test_unknown_address_is_a_404(user_client):
    assert_error(user_client.get(detail(999999)), 404, code="not_found")


def test_anonymous_callers_get_401(api_client, user):
    address = add(user)

    for response in (
        api_client.get(URL),
        api_client.post(URL, HOME),
        api_client.get(detail(address.pk)),
        api_client.patch(detail(address.pk), {"city": "X"}),
        api_client.delete(detail(address.pk)),
    ):
        assert_error(response, 401, code="not_authenticated")
        assert response.has_header("WWW-Authenticate")


def test_put_is_not_allowed(user_client, user):
    address = add(user)

    assert user_client.put(detail(address.pk), HOME).status_code == 405


@pytest.mark.parametrize(
    ("change", "code", "attr"),
    [
        ({"country": "XX"}, "invalid_choice", "country"),
        ({"country": "GBR"}, "max_length", "country"),
        ({"country": 7}, "min_length", "country"),
        ({"name": "x" * 201}, "max_length", "name"),
        ({"line1": "x" * 201}, "max_length", "line1"),
        ({"line2": "x" * 201}, "max_length", "line2"),
        ({"city": "x" * 101}, "max_length", "city"),
        ({"postal_code": "x" * 21}, "max_length", "postal_code"),
        ({"phone": "x" * 41}, "max_length", "phone"),
        ({"name": ""}, "blank", "name"),
        ({"city": None}, "null", "city"),
        ({"is_default": "perhaps"}, "invalid", "is_default"),
    ],
)
def test_bad_fields_are_400_naming_the_field(user_client, change, code, attr):
    response = user_client.post(URL, {**HOME, **change})

    assert_error(response, 400, code=code, attr=attr, error_type="validation_error")
    assert not Address.objects.exists()


def test_a_missing_field_is_required(user_client):
    body = dict(HOME)
    del body["postal_code"]

    assert_error(user_client.post(URL, body), 400, code="required", attr="postal_code")


def test_nul_bytes_are_refused_at_the_edge(user_client):
    response = user_client.post(URL, {**HOME, "name": "Ada\x00"})

    assert response.status_code == 400
    assert not Address.objects.exists()


def test_server_owned_fields_are_ignored(user_client, user):
    other = UserFactory()

    created = user_client.post(URL, {**HOME, "id": 424242, "user": other.pk}).json()

    assert created["id"] != 424242
    assert Address.objects.get().user == user


def test_the_address_book_has_a_size_limit(user_client, user, monkeypatch):
    monkeypatch.setattr(services, "MAX_ADDRESSES", 2)
    add(user)
    add(user)

    assert_error(user_client.post(URL, HOME), 400, code="address_book_full", attr="non_field_errors")
    assert Address.objects.filter(user=user).count() == 2


def test_the_list_costs_the_same_queries_for_one_or_many_addresses(user_client, user, django_assert_num_queries):
    add(user)
    with django_assert_num_queries(2):  # count + page (force_authenticate: no user or session query)
        assert user_client.get(URL).json()["count"] == 1
    for i in range(9):
        add(user, name=f"Address {i}")
    with django_assert_num_queries(2):
        assert user_client.get(URL).json()["count"] == 10


def test_the_list_is_paginated(user_client, user):
    for i in range(3):
        add(user, name=f"Address {i}")

    page = user_client.get(URL, {"page_size": 2}).json()

    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"] is not None
