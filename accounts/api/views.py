"""The /api/v1/auth/ endpoints: registration, JWT sign-in/refresh/sign-out, the signed-in user."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import AUTH_HEADER_TYPES
from rest_framework_simplejwt.exceptions import TokenError

from accounts import services
from accounts.api import serializers
from accounts.api.schema import THROTTLED, UNAUTHENTICATED, bad_request
from accounts.signals import token_obtained
from accounts.throttles import LoginAccountThrottle, LoginIPThrottle, RegisterThrottle


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
