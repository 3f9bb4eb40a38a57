"""The one rule for URLs that editors or clients store and the shop later renders as links.

A link is an absolute ``http(s)://`` URL with a host, or a site path starting with a single ``/``. Anything else
(``javascript:``, ``data:``, ``//host``, ``/\\host``, schemes hidden behind spaces or control characters that
browsers drop) is refused when stored, and rendered as no link when an older row still holds it.
"""

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError


def is_safe_link(value: str) -> bool:
    if not value:
        return False
    # Browsers strip or skip whitespace and control characters ("java\tscript:"); a backslash is a slash to them.
    if "\\" in value or any(char.isspace() or unicodedata.category(char).startswith("C") for char in value):
        return False
    if value.startswith("/"):
        return not value.startswith("//")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a malformed IPv6 host or port
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def safe_link(value: str | None) -> str:
    """``value`` when it is a safe link, else "" (what templates and the API render as no link)."""
    return value if value and is_safe_link(value) else ""


def validate_link(value) -> None:
    """The model-field, form-field and block validator (a plain function, so migrations can name it)."""
    if value and not is_safe_link(str(value)):
        raise ValidationError(
            "Enter a full http:// or https:// URL, or a path on this site starting with a single /.",
            code="invalid_link",
        )
