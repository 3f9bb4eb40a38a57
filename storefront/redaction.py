"""Secrets that travel in URLs and headers (a guest order's access token), masked before anything records them:
gunicorn's access log (site/gunicorn.conf.py) and error reports sent to Sentry (settings).

Standard library only: gunicorn's config imports it before Django is set up.
"""

from urllib.parse import unquote_plus

REDACTED = "[redacted]"
SECRET_QUERY_PARAMETERS = frozenset({"token"})
SECRET_HEADERS = frozenset({"x-order-token"})


def redact_query(query: str | None) -> str:
    """The query string with the value of every secret parameter (``token=``) replaced, however its name is
    percent-encoded (Django decodes ``tok%65n`` to ``token``)."""
    if not query:
        return query or ""
    parts = query.split("&")
    for index, part in enumerate(parts):
        name, equals, _ = part.partition("=")
        if equals and unquote_plus(name).strip().lower() in SECRET_QUERY_PARAMETERS:
            parts[index] = f"{name}={REDACTED}"
    return "&".join(parts)


def redact_url(url: str | None) -> str:
    """The URL with its query string's secret parameters replaced (the fragment kept as it is)."""
    if not url or "?" not in url:
        return url or ""
    base, _, rest = url.partition("?")
    query, hash_sign, fragment = rest.partition("#")
    return f"{base}?{redact_query(query)}{hash_sign}{fragment}"


def redact_sentry_event(event: dict, hint=None) -> dict:
    """Sentry's ``before_send``: the request's URL, query string, Referer and secret headers, masked."""
    request = event.get("request")
    if isinstance(request, dict):
        if isinstance(request.get("url"), str):
            request["url"] = redact_url(request["url"])
        if isinstance(request.get("query_string"), str):
            request["query_string"] = redact_query(request["query_string"])
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in SECRET_HEADERS:
                    headers[name] = REDACTED
                elif name.lower() == "referer" and isinstance(headers[name], str):
                    headers[name] = redact_url(headers[name])
    return event


def redact_sentry_breadcrumb(crumb: dict, hint=None) -> dict:
    """Sentry's ``before_breadcrumb``: URLs in a breadcrumb's message and data, masked."""
    if isinstance(crumb.get("message"), str):
        crumb["message"] = redact_url(crumb["message"])
    data = crumb.get("data")
    if isinstance(data, dict):
        for key in ("url", "from", "to"):
            if isinstance(data.get(key), str):
                data[key] = redact_url(data[key])
        if isinstance(data.get("http.query"), str):
            data["http.query"] = redact_query(data["http.query"])
    return crumb
