"""The /api/v1/auth/ endpoints: registration, JWT sign-in/refresh/sign-out, the signed-in user, password reset,
the address book."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import AUTH_HEADER_TYPES
from rest_framework_simplejwt.exceptions import TokenError

from accounts import selectors, services
from accounts.api import serializers
from accounts.api.schema import NOT_FOUND, THROTTLED, UNAUTHENTICATED, bad_request
from accounts.models import Address
from accounts.signals import token_obtained
from accounts.throttles import (
    LoginAccountThrottle,
    LoginIPThrottle,
    PasswordResetAccountThrottle,
    PasswordResetIPThrottle,
    RegisterThrottle,
)
from storefront.public_urls import base_url


class _PublicAuthView(APIView):
    # No authentication: a stale Authorization header or a session without CSRF must not block signing in.
    authentication_classes = ()
    permission_classes = ()

    def get_authenticate_header(self, request):
        # Without it DRF turns AuthenticationFailed into a 403; the contract wants 401 + WWW-Authenticate.
        return f'{AUTH_HEADER_TYPES[0]} realm="api"'


def _token_rejected(error: TokenError) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(str(error), code="token_not_valid")


class RegisterView(_PublicAuthView):
    throttle_classes = [RegisterThrottle]

    @extend_schema(
        operation_id="auth_register",
        request=serializers.RegisterInputSerializer,
        responses={201: serializers.UserSerializer, 400: bad_request("AuthRegisterErrorResponse400"), 429: THROTTLED},
    )
    def post(self, request):
        data = serializers.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.register_user(**data.validated_data)
        return Response(serializers.UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenObtainView(_PublicAuthView):
    """Sign in with email and password; answers a JWT pair. Sends `accounts.signals.token_obtained`."""

    throttle_classes = [LoginIPThrottle, LoginAccountThrottle]

    @extend_schema(
        operation_id="auth_token_obtain",
        request=serializers.TokenObtainInputSerializer,
        responses={
            200: serializers.TokenPairSerializer,
            400: bad_request("AuthTokenObtainErrorResponse400"),
            401: UNAUTHENTICATED,
            429: THROTTLED,
        },
    )
    def post(self, request):
        data = serializers.TokenObtainInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        user = data.validated_data["user"]
        pair = services.issue_token_pair(user=user)
        token_obtained.send(sender=type(self), user=user, request=request)
        return Response({"access": pair.access, "refresh": pair.refresh})


class TokenRefreshView(_PublicAuthView):
    """Trade a refresh token for a new access token and a rotated refresh token (the old one is revoked)."""

    throttle_classes = [LoginIPThrottle]

    @extend_schema(
        operation_id="auth_token_refresh",
        request=serializers.TokenRefreshInputSerializer,
        responses={
            200: serializers.TokenRefreshOutputSerializer,
            400: bad_request("AuthTokenRefreshErrorResponse400"),
            401: UNAUTHENTICATED,
            429: THROTTLED,
        },
    )
    def post(self, request):
        data = serializers.TokenRefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pair = services.rotate_refresh_token(refresh=data.validated_data["refresh"])
        except TokenError as error:
            raise _token_rejected(error) from error
        body = {"access": pair.access}
        if pair.refresh is not None:
            body["refresh"] = pair.refresh
        return Response(body)


class TokenBlacklistView(_PublicAuthView):
    """Sign out an API client: revoke its refresh token (its short-lived access token simply expires)."""

    throttle_classes = [LoginIPThrottle]

    @extend_schema(
        operation_id="auth_token_blacklist",
        request=serializers.TokenRefreshInputSerializer,
        responses={
            204: None,
            400: bad_request("AuthTokenBlacklistErrorResponse400"),
            401: UNAUTHENTICATED,
            429: THROTTLED,
        },
    )
    def post(self, request):
        data = serializers.TokenRefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.revoke_refresh_token(refresh=data.validated_data["refresh"])
        except TokenError as error:
            raise _token_rejected(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        operation_id="auth_me_retrieve",
        responses={200: serializers.MeSerializer, 401: UNAUTHENTICATED, 429: THROTTLED},
    )
    def get(self, request):
        return Response(serializers.MeSerializer(request.user).data)

    @extend_schema(
        operation_id="auth_me_partial_update",
        request=serializers.MeUpdateInputSerializer,
        responses={
            200: serializers.MeSerializer,
            400: bad_request("AuthMePartialUpdateErrorResponse400"),
            401: UNAUTHENTICATED,
            429: THROTTLED,
        },
    )
    def patch(self, request):
        data = serializers.MeUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.update_profile(user=request.user, **data.validated_data)
        return Response(serializers.MeSerializer(user).data)


class PasswordResetView(_PublicAuthView):
    """Ask for a password reset link by email. The answer is the same whether or not the account exists."""

    throttle_classes = [PasswordResetIPThrottle, PasswordResetAccountThrottle]

    @extend_schema(
        operation_id="auth_password_reset",
        request=serializers.PasswordResetInputSerializer,
        responses={
            202: serializers.DetailSerializer,
            400: bad_request("AuthPasswordResetErrorResponse400"),
            429: THROTTLED,
        },
        description="Mails a one-time link to the shop's `/accounts/password-reset/<uid>/<token>/` page if an "
        "active account has this address. Always 202 for a well-formed address, so the answer tells nobody "
        "whether the account exists. Throttled per IP and per address.",
    )
    def post(self, request):
        data = serializers.PasswordResetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_password_reset(email=data.validated_data["email"], base_url=base_url(request))
        return Response({"detail": RESET_REQUESTED}, status=status.HTTP_202_ACCEPTED)


RESET_REQUESTED = "If an account has this email address, we have sent it a link to choose a new password."


class PasswordResetConfirmView(_PublicAuthView):
    """Choose a new password with the `uid` and `token` of an emailed reset link."""

    throttle_classes = [PasswordResetIPThrottle]

    @extend_schema(
        operation_id="auth_password_reset_confirm",
        request=serializers.PasswordResetConfirmInputSerializer,
        responses={
            200: serializers.DetailSerializer,
            400: bad_request(
                "AuthPasswordResetConfirmErrorResponse400",
            ),
            429: THROTTLED,
        },
        description="`invalid_token` (attr `token`) for a link that is unknown, used or expired; a password "
        "validator's code (attr `password`) for a weak password. On success every refresh token of the user is "
        "revoked: each API client must sign in again.",
    )
    def post(self, request):
        data = serializers.PasswordResetConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.confirm_password_reset(**data.validated_data)
        return Response({"detail": "Your password has been changed. Sign in with the new one."})


class AddressListView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = Address.objects.none()  # for the schema; the rows come from the selector

    @extend_schema(
        operation_id="auth_addresses_list",
        responses={200: serializers.AddressSerializer(many=True), 401: UNAUTHENTICATED, 429: THROTTLED},
        description="The caller's address book, the default address first.",
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.addresses_of(user=request.user))
        return self.get_paginated_response(serializers.AddressSerializer(page, many=True).data)

    @extend_schema(
        operation_id="auth_addresses_create",
        request=serializers.AddressInputSerializer,
        responses={
            201: serializers.AddressSerializer,
            400: bad_request("AuthAddressesCreateErrorResponse400"),
            401: UNAUTHENTICATED,
            429: THROTTLED,
        },
        description="Add an address. The first one becomes the default; `is_default: true` moves the default to "
        f"it. At most {services.MAX_ADDRESSES} addresses (else 400 `address_book_full`).",
    )
    def post(self, request):
        data = serializers.AddressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.create_address(user=request.user, **data.validated_data)
        return Response(serializers.AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailView(APIView):
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    @extend_schema(
        operation_id="auth_addresses_retrieve",
        responses={200: serializers.AddressSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND, 429: THROTTLED},
    )
    def get(self, request, id):
        address = selectors.address_of(user=request.user, address_id=id)
        return Response(serializers.AddressSerializer(address).data)

    @extend_schema(
        operation_id="auth_addresses_partial_update",
        request=serializers.AddressInputSerializer(partial=True),
        responses={
            200: serializers.AddressSerializer,
            400: bad_request("AuthAddressesPartialUpdateErrorResponse400"),
            401: UNAUTHENTICATED,
            404: NOT_FOUND,
            429: THROTTLED,
        },
        description="Change some fields. `is_default: true` makes it the default; `false` leaves no default.",
    )
    def patch(self, request, id):
        data = serializers.AddressInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        address = services.update_address(user=request.user, address_id=id, **data.validated_data)
        return Response(serializers.AddressSerializer(address).data)

    @extend_schema(
        operation_id="auth_addresses_destroy",
        responses={204: None, 401: UNAUTHENTICATED, 404: NOT_FOUND, 429: THROTTLED},
        description="Remove an address. When it was the default, the newest remaining address becomes it.",
    )
    def delete(self, request, id):
        services.delete_address(user=request.user, address_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)
