"""State-changing operations on accounts: registration, profile edits, JWT issue/rotation/revocation."""

from dataclasses import dataclass

from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import User
from storefront.errors import InvalidInput

EMAIL_TAKEN = "email_taken"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str | None  # None when refresh-token rotation is switched off


@transaction.atomic
def register_user(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create an active, non-staff shopper account.

    Guarantees: the email is stored normalized (trimmed, lower-cased) and is unique case-insensitively,
    even when two registrations for the same address race (the database constraint decides, the loser
    gets the same error as a plain duplicate); the password passed Django's AUTH_PASSWORD_VALIDATORS.
    Raises InvalidInput (`email_taken`/`invalid` on `email`, a validator's code on `password`); on any
    error nothing is stored.
    """
    email = User.objects.normalize_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("Enter a valid email address.", code="invalid", attr="email") from exc
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken()

    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    try:
        # The validators compare the password with the user's email and names, so they need the instance.
        validate_password(password, user=user)
    except ValidationError as exc:
        first = exc.error_list[0]
        raise InvalidInput(" ".join(exc.messages), code=first.code or "invalid", attr="password") from exc
    user.set_password(password)
    try:
        # A savepoint, so the caller's transaction survives the concurrent-duplicate case.
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:
        # The only unique constraints on a new row are the two on email.
        raise _email_taken() from exc
    return user


def _email_taken() -> InvalidInput:
    return InvalidInput("An account with this email address already exists.", code=EMAIL_TAKEN, attr="email")


@transaction.atomic
def update_profile(*, user: User, first_name: str | None = None, last_name: str | None = None) -> User:
    """Change the user's own names; None leaves a name as it is. Email and staff flags are not editable here."""
    changed = []
    if first_name is not None:
        user.first_name = first_name.strip()
        changed.append("first_name")
    if last_name is not None:
        user.last_name = last_name.strip()
        changed.append("last_name")
    if changed:
        user.save(update_fields=changed)
    return user


def issue_token_pair(*, user: User) -> TokenPair:
    """A new refresh token (recorded as outstanding, so it can be revoked) and its access token.

    The caller has authenticated the user. Records the login time like a session login does.
    """
    refresh = RefreshToken.for_user(user)
    if jwt_settings.UPDATE_LAST_LOGIN:
        update_last_login(None, user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


@transaction.atomic
def rotate_refresh_token(*, refresh: str) -> TokenPair:
    """Redeem a refresh token for a new access token and, with rotation on, a new refresh token.

    Guarantees: with blacklist-after-rotation on, a refresh token is redeemed at most once, also under
    concurrent requests (the blacklist row's unique constraint decides which request wins); tokens of
    deleted or inactive users are refused. Raises TokenError when the token is malformed, expired,
    blacklisted or its user cannot sign in.
    """
    token = RefreshToken(refresh)  # verifies signature, type, expiry and the blacklist
    _active_user_for(token)
    access = str(token.access_token)
    if not jwt_settings.ROTATE_REFRESH_TOKENS:
        return TokenPair(access=access, refresh=None)
    if jwt_settings.BLACKLIST_AFTER_ROTATION:
        _blacklist(token)
    token.set_jti()
    token.set_exp()
    token.set_iat()
    token.outstand()
    return TokenPair(access=access, refresh=str(token))


@transaction.atomic
def revoke_refresh_token(*, refresh: str) -> None:
    """Blacklist a refresh token (sign-out of an API client). Raises TokenError if it is invalid or already revoked."""
    _blacklist(RefreshToken(refresh))


def revoke_all_refresh_tokens(*, user: User) -> int:
    """Blacklist every refresh token of ``user`` that is not expired or revoked yet: each API client must sign
    in again (their access tokens still work until they expire, JWT_ACCESS_MINUTES). Returns how many."""
    live = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in live], ignore_conflicts=True
    )
    return len(revoked)


def _blacklist(token: RefreshToken) -> None:
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=token.payload[jwt_settings.JTI_CLAIM],
        defaults={
            "user": _user_for(token),
            "created_at": token.current_time,
            "token": str(token),
            "expires_at": datetime_from_epoch(token.payload["exp"]),
        },
    )
    _, created = BlacklistedToken.objects.get_or_create(token=outstanding)
    if not created:
        # Another request blacklisted this token after our check in RefreshToken(): it loses the race.
        raise TokenError("Token is blacklisted")


def _user_for(token: RefreshToken) -> User | None:
    user_id = token.payload.get(jwt_settings.USER_ID_CLAIM)
    if user_id is None:
        return None
    return User.objects.filter(**{jwt_settings.USER_ID_FIELD: user_id}).first()


def _active_user_for(token: RefreshToken) -> User:
    user = _user_for(token)
    if user is None or not jwt_settings.USER_AUTHENTICATION_RULE(user):
        raise TokenError("No active account found for the given token.")
    return user
