"""The schema documents the edge's answers on every operation: any 400 may be the client_error one (a NUL byte,
a body that is not JSON), whatever else the view documents for 400. Found by schemathesis on /api/v1/products/."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _alternatives(schema, ref: str) -> set[str]:
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return {option["$ref"].rsplit("/", 1)[1] for option in component.get("oneOf", [])} or {ref.rsplit("/", 1)[1]}


def test_every_documented_400_admits_the_edges_client_error(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            response = operation["responses"].get("400")
            if response is None:
                missing.append(f"{method.upper()} {path}: no 400")
                continue
            ref = response["content"]["application/json"]["schema"]["$ref"]
            if "BadRequestResponse" not in _alternatives(schema, ref):
                missing.append(f"{method.upper()} {path}: {ref}")
    assert missing == []
