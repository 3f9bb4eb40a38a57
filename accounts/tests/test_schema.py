import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def paths(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)["paths"]


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/v1/auth/register/", "post", {"201", "400", "429"}),
        ("/api/v1/auth/token/", "post", {"200", "400", "401", "429"}),
        ("/api/v1/auth/token/refresh/", "post", {"200", "400", "401", "429"}),
        ("/api/v1/auth/token/blacklist/", "post", {"204", "400", "401", "429"}),
        ("/api/v1/auth/me/", "get", {"200", "401", "429"}),
        ("/api/v1/auth/me/", "patch", {"200", "400", "401", "429"}),
        ("/api/v1/auth/password-reset/", "post", {"202", "400", "429"}),
        ("/api/v1/auth/password-reset/confirm/", "post", {"200", "400", "429"}),
        ("/api/v1/auth/addresses/", "get", {"200", "401", "429"}),
        ("/api/v1/auth/addresses/", "post", {"201", "400", "401", "429"}),
        ("/api/v1/auth/addresses/{id}/", "get", {"200", "401", "404", "429"}),
        ("/api/v1/auth/addresses/{id}/", "patch", {"200", "400", "401", "404", "429"}),
        ("/api/v1/auth/addresses/{id}/", "delete", {"204", "401", "404", "429"}),
    ],
)
def test_schema_documents_each_accounts_operation_and_its_errors(paths, path, method, codes):
    # drf-standardized-errors also documents the generic 405/406/415/500 answers every endpoint can give.
    documented = set(paths[path][method]["responses"])
    assert codes <= documented
    assert "403" not in documented


def test_schema_has_no_other_accounts_operations(paths):
    auth_paths = {path: set(ops) for path, ops in paths.items() if path.startswith("/api/v1/auth/")}

    assert auth_paths == {
        "/api/v1/auth/register/": {"post"},
        "/api/v1/auth/token/": {"post"},
        "/api/v1/auth/token/refresh/": {"post"},
        "/api/v1/auth/token/blacklist/": {"post"},
        "/api/v1/auth/me/": {"get", "patch"},
        "/api/v1/auth/password-reset/": {"post"},
        "/api/v1/auth/password-reset/confirm/": {"post"},
        "/api/v1/auth/addresses/": {"get", "post"},
        "/api/v1/auth/addresses/{id}/": {"get", "patch", "delete"},
    }


def test_address_and_password_reset_answers_match_the_schema(user_client, api_client, user):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from storefront.tests.openapi import assert_matches

    body = {"name": "Ada", "line1": "1 Road", "city": "Town", "postal_code": "123", "country": "DE"}
    created = user_client.post("/api/v1/auth/addresses/", body)
    assert_matches(created.json(), "/api/v1/auth/addresses/", 201, method="post")
    address_url = f"/api/v1/auth/addresses/{created.json()['id']}/"
    assert_matches(user_client.get("/api/v1/auth/addresses/").json(), "/api/v1/auth/addresses/")
    assert_matches(user_client.get(address_url).json(), "/api/v1/auth/addresses/{id}/")
    patched = user_client.patch(address_url, {"phone": "1"}).json()
    assert_matches(patched, "/api/v1/auth/addresses/{id}/", method="patch")
    bad = user_client.post("/api/v1/auth/addresses/", {**body, "country": "XX"})
    assert_matches(bad.json(), "/api/v1/auth/addresses/", 400, method="post")
    for n in range(19):  # the book holds 20: the 21st is refused in the contract's shape
        user_client.post("/api/v1/auth/addresses/", {**body, "line1": f"{n} Road"})
    full = user_client.post("/api/v1/auth/addresses/", body)
    assert full.json()["errors"][0]["code"] == "address_book_full"
    assert_matches(full.json(), "/api/v1/auth/addresses/", 400, method="post")
    missing = user_client.get("/api/v1/auth/addresses/999999/")
    assert_matches(missing.json(), "/api/v1/auth/addresses/{id}/", 404)

    reset = api_client.post("/api/v1/auth/password-reset/", {"email": user.email})
    assert_matches(reset.json(), "/api/v1/auth/password-reset/", 202, method="post")
    confirm_url = "/api/v1/auth/password-reset/confirm/"
    refused = api_client.post(confirm_url, {"uid": "x", "token": "y", "password": "z"})
    assert_matches(refused.json(), confirm_url, 400, method="post")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    done = api_client.post(confirm_url, {"uid": uid, "token": token, "password": "plum-Orbit-4417-kettle"})
    assert_matches(done.json(), confirm_url, 200, method="post")
