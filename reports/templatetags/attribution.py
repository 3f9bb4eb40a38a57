"""``{% source_url url "banner" banner.id %}``: a link that tells the shop which content brought the shopper.

Only links within the site get ``?src=<kind>:<id>`` (commerce.middleware.AttributionMiddleware keeps it in the
session and the cart remembers it); external links and a missing id leave the URL as it was.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import template

from commerce.models import SOURCE_PATTERN

register = template.Library()
_SOURCE = re.compile(SOURCE_PATTERN)


@register.simple_tag
def source_url(url, kind, ident) -> str:
    url = str(url or "")
    source = f"{kind}:{ident}"
    if not url.startswith("/") or url.startswith("//") or ident in (None, "") or not _SOURCE.match(source):
        return url
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "src"]
    query.append(("src", source))
    return urlunsplit(parts._replace(query=urlencode(query, safe=":")))
