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
    }
