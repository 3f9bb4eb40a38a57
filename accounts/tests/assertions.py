"""Assertions on the contract's error shape, shared by the accounts tests."""


def assert_error(response, status, *, code, attr=None, error_type=None):
    """The response is the contract's error shape and names the given code (and attr)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"type", "errors"}
    if error_type:
        assert body["type"] == error_type
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}
    assert (code, attr) in [(e["code"], e["attr"]) for e in body["errors"]], body
    return body
