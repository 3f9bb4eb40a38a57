def only_contract_endpoints(endpoints, **kwargs):
    """The served schema describes the /api/v1/ contract; Wagtail's own APIs document themselves."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
