"""Domain errors. Services raise these with the contract's error code; one API handler renders them."""


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, detail: str, *, code: str | None = None, attr: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.attr = attr
        if code:
            self.code = code


class InvalidInput(DomainError):
    status_code = 400


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class Forbidden(DomainError):
    status_code = 403
    code = "permission_denied"
