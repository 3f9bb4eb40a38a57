"""Bearer-token (JWT) authentication whose failures fit the contract's error shape."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework import exceptions
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed as JWTAuthenticationFailed


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's authentication, raising one flat error instead of simplejwt's nested detail dict.

    simplejwt puts {"detail", "code", "messages": [...]} into the exception, which the error handler
    would flatten into several errors with made-up `attr`s; the contract wants one error with attr null.
    """

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except JWTAuthenticationFailed as error:
            detail = error.detail if isinstance(error.detail, dict) else {}
            raise exceptions.AuthenticationFailed(
                str(detail.get("detail", error.default_detail)), code=str(detail.get("code", error.default_code))
            ) from error


class JWTScheme(SimpleJWTScheme):
    """Describe our subclass in OpenAPI exactly like drf-spectacular describes simplejwt's."""

    target_class = "accounts.authentication.JWTAuthentication"
