import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def paths(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)["paths"]


@pytest.mark.parametrize("name", ["sales", "products", "inventory", "funnel", "attribution"])
def test_each_report_is_documented_with_csv_and_its_errors(paths, name):
    operation = paths[f"/api/v1/reports/{name}/"]["get"]

    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert set(operation["responses"]["400"]["content"]) == {"application/json"}  # errors are never CSV
    assert "format" in {parameter["name"] for parameter in operation["parameters"]}


def test_range_parameters_are_named_as_the_contract_names_them(paths):
    parameters = {p["name"] for p in paths["/api/v1/reports/sales/"]["get"]["parameters"]}

    assert {"from", "to", "interval", "format"} <= parameters


def test_the_products_report_is_a_bare_list(paths):
    schema = paths["/api/v1/reports/products/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert schema["type"] == "array"
