"""Every API error has the contract's shape: {"type", "errors": [{"code", "detail", "attr"}]}."""

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("storefront.tests.urls")]


def assert_error_shape(body, *, type_, code, attr=None):
    assert set(body) == {"type", "errors"}
    assert body["type"] == type_
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["attr"] == attr
    assert isinstance(body["errors"][0]["detail"], str)


def test_validation_error_names_the_field(api_client):
    response = api_client.post("/api/test/echo/", {"quantity": 0}, format="json")
    assert response.status_code == 400
    assert_error_shape(response.json(), type_="validation_error", code="min_value", attr="quantity")


def test_malformed_json_is_a_400_parse_error(api_client):
    response = api_client.post("/api/test/echo/", data='{"quantity": ', content_type="application/json")
    assert response.status_code == 400
    assert_error_shape(response.json(), type_="client_error", code="parse_error")


def test_anonymous_call_to_protected_endpoint_is_401_with_challenge(api_client):
    response = api_client.get("/api/test/private/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_error_shape(response.json(), type_="client_error", code="not_authenticated")


def test_unknown_api_path_is_a_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert_error_shape(response.json(), type_="client_error", code="not_found")


def test_unknown_api_path_without_trailing_slash_is_a_json_404_too(api_client):
    response = api_client.post("/api/v9/whatever")
    assert response.status_code == 404
    assert_error_shape(response.json(), type_="client_error", code="not_found")


def test_wrong_method_is_405(api_client):
    response = api_client.delete("/api/test/echo/")
    assert response.status_code == 405
    assert_error_shape(response.json(), type_="client_error", code="method_not_allowed")


def test_throttled_call_is_429_with_retry_after(api_client):
    for _ in range(2):
        assert api_client.get("/api/test/throttled/").status_code == 200
    response = api_client.get("/api/test/throttled/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert_error_shape(response.json(), type_="client_error", code="throttled")


def test_unhandled_exception_is_a_500_in_the_same_shape_without_traceback():
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/test/boom/")
    assert response.status_code == 500
    body = response.json()
    assert_error_shape(body, type_="server_error", code="error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_domain_conflict_carries_code_and_attr(api_client):
    response = api_client.get("/api/test/conflict/")
    assert response.status_code == 409
    assert_error_shape(response.json(), type_="client_error", code="out_of_stock", attr="items.0.quantity")


def test_domain_invalid_input_is_a_validation_error(api_client):
    response = api_client.get("/api/test/invalid/")
    assert response.status_code == 400
    assert_error_shape(response.json(), type_="validation_error", code="invalid_coupon", attr="code")


def test_api_answers_json_only(api_client):
    response = api_client.get("/api/test/groups/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert_error_shape(response.json(), type_="client_error", code="not_acceptable")


def test_non_api_404_stays_html(client):
    response = client.get("/definitely-not-a-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
