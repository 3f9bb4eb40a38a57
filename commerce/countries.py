"""Shipping countries: ISO 3166-1 alpha-2 codes and their names, from django-countries.

One list for the checkout page's select and the API's validation, so both accept the same codes.
"""

from django_countries import countries


def is_country_code(code: str) -> bool:
    """True for an upper-case ISO 3166-1 alpha-2 code ("DE"), as the API and the orders store it."""
    return code in countries


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, after an empty "choose" entry: the options of a country select."""
    return [("", "Choose a country"), *((country.code, country.name) for country in countries)]
