"""Postal addresses, as orders ship to them and the address book keeps them: one country list (django-countries'
ISO 3166-1 alpha-2 codes), one form field and one API shape, shared by commerce and accounts so that both accept
exactly the same addresses (and neither app imports the other for it)."""

from django import forms
from django_countries import countries
from rest_framework import serializers

# The fields of an address, in the order forms show them (ShippingAddressSerializer below has these).
ADDRESS_FIELDS = ("name", "line1", "line2", "city", "postal_code", "country", "phone")


def autocomplete(token: str, widget=forms.TextInput) -> forms.Widget:
    """A form widget with an HTML autocomplete token, so browsers and password managers fill it in."""
    return widget(attrs={"autocomplete": token})


def filled(values) -> dict:
    """The address fields of ``values`` (a mapping or an object) that are set: as orders store an address."""
    get = values.get if hasattr(values, "get") else lambda field: getattr(values, field, None)
    return {field: get(field) for field in ADDRESS_FIELDS if get(field)}


def is_country_code(code: str) -> bool:
    """True for an upper-case ISO 3166-1 alpha-2 code ("DE"), as the API and the orders store it."""
    return code in countries


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, after an empty "choose" entry: the options of a country select."""
    return [("", "Choose a country"), *((country.code, country.name) for country in countries)]


class CountryField(forms.ChoiceField):
    """A select of countries by name whose value is the ISO 3166-1 alpha-2 code; "gb" is read as "GB"."""

    default_error_messages = {"invalid_choice": "Choose a country from the list."}

    def __init__(self, **kwargs):
        super().__init__(choices=country_choices, **kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class ShippingAddressSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=20)
    country = serializers.CharField(min_length=2, max_length=2, help_text="ISO 3166-1 alpha-2, e.g. `DE`.")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def validate_country(self, value: str) -> str:
        code = value.upper()
        if not is_country_code(code):
            raise serializers.ValidationError("Not an ISO 3166-1 alpha-2 country code.", code="invalid_choice")
        return code
