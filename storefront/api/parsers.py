"""The API's one body parser: JSON, checked once for what would otherwise fail deep inside a view.

- Nesting deeper than MAX_DEPTH is a 400 (no contract body nests beyond a few levels; Python's decoder and
  every recursive walk after it would hit the recursion limit near 1,000 and answer 500).
- A NUL character or a lone UTF-16 surrogate in any key or string is a 400 naming where it is: PostgreSQL's text
  and jsonb types cannot hold a NUL, and a lone surrogate cannot be encoded to UTF-8 for the database.
"""

import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_text_path(data) -> str | None:
    """The dotted path of the first key or string holding a NUL or a lone surrogate, or None. Iterative, and it
    raises ParseError past MAX_DEPTH levels of nesting."""
    stack = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.")
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if _UNSTORABLE.search(key):
                    return child
                stack.append((item, child, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}.{index}" if path else str(index), depth + 1) for index, item in enumerate(value)
            )
    return None


class InvalidCharacters(ParseError):
    default_code = "invalid_characters"
    default_detail = "Null characters and unpaired surrogates are not allowed."

    def __init__(self, attr: str):
        super().__init__()
        self.attr = attr  # the API's exception handler puts it in the error's ``attr``


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.") from None
        path = unstorable_text_path(data)
        if path is not None:
            # The path may hold the offending key itself: U+FFFD stands in, so the error can be encoded.
            raise InvalidCharacters(_UNSTORABLE.sub("\ufffd", path) or None)
        return data
