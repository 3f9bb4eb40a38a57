"""State-changing operations on accounts: registration, profile edits, JWT issue/rotation/revocation,
password reset by email, the address book."""

import logging
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import Address, User
from storefront.addresses import ADDRESS_FIELDS, is_country_code
from storefront.errors import InvalidInput, NotFound
from storefront.events import BROKER_ERRORS

logger = logging.getLogger(__name__)

EMAIL_TAKEN = "email_taken"
INVALID_RESET_TOKEN = "invalid_token"  # noqa: S105 - an error code, not a secret
ADDRESS_BOOK_FULL = "address_book_full"
MAX_ADDRESSES = 20  # per user: an address book, not a place to store data


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
    # The validators compare the password with the user's email and names, so they need the instance.
    _validate_password(password, user=user)
    user.set_password(password)
    try:
        # A savepoint, so the caller's transaction survives the concurrent-duplicate case.
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:
        # The only unique constraints on a new row are the two on email.
        raise _email_taken() from exc
    return user


def _validate_password(password: str, *, user: User, attr: str = "password") -> None:
    """AUTH_PASSWORD_VALIDATORS, their failure as InvalidInput (the first validator's code) on ``attr``."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        first = exc.error_list[0]
        raise InvalidInput(" ".join(exc.messages), code=first.code or "invalid", attr=attr) from exc


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


# --- Password reset ---------------------------------------------------------------------------------


def request_password_reset(*, email: str, base_url: str) -> None:
    """Mail a one-time reset link (to ``base_url`` + the shop's reset page) if an active account with a usable
    password has this address; otherwise do nothing, alike, so callers can answer the same either way.

    The mail goes out from a Celery task (a slow mail server must not tell who has an account); the task
    makes the token. A broker outage is logged, not raised: the shopper can ask again."""
    user = _reset_candidates().filter(email__iexact=User.objects.normalize_email(email)).first()
    if user is None:
        return
    from accounts.tasks import send_password_reset_email

    try:
        send_password_reset_email.delay(user_id=user.pk, base_url=base_url)
    except BROKER_ERRORS:
        logger.exception("password reset mail not queued", extra={"user_id": user.pk})


def user_for_password_reset(*, uid: str) -> User | None:
    """The active account a reset link's ``uid`` (base64 of the primary key) names, or None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return password_reset_user(user_id=pk)


def password_reset_user(*, user_id: int) -> User | None:
    """The user if they may reset their password (active, with a usable password), else None."""
    return _reset_candidates().filter(pk=user_id).first()


def _reset_candidates():
    # Like Django's PasswordResetForm: inactive accounts and ones without a usable password get no link.
    return User.objects.filter(is_active=True).exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)


@transaction.atomic
def confirm_password_reset(*, uid: str, token: str, password: str) -> User:
    """Set a new password with a reset link's ``uid`` and ``token``.

    Guarantees: the token is Django's PasswordResetTokenGenerator's, so it works once (it is bound to the
    password hash and the last sign-in), expires after PASSWORD_RESET_TIMEOUT and cannot be forged without
    SECRET_KEY; the password passed AUTH_PASSWORD_VALIDATORS; once this commits, every refresh token of the
    user is revoked (accounts.receivers) and their browser sessions end (Django ties them to the hash).
    Raises InvalidInput (`invalid_token` on `token`; a validator's code on `password`)."""
    user = user_for_password_reset(uid=uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise InvalidInput("The password reset link is invalid or has expired.", code=INVALID_RESET_TOKEN, attr="token")
    _validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


# --- Address book -----------------------------------------------------------------------------------


def _lock_address_book(user: User) -> None:
    # One writer per address book at a time: the default flag moves and the size limit holds under races.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _check_address(address: Address) -> None:
    """The model's field rules (required, lengths) and the country code, as InvalidInput on the field."""
    address.country = (address.country or "").strip().upper()
    for field in ADDRESS_FIELDS:
        setattr(address, field, (getattr(address, field) or "").strip())
    try:
        address.full_clean(exclude=["user"], validate_constraints=False)
    except ValidationError as exc:
        attr, errors = next(iter(exc.error_dict.items()))
        raise InvalidInput(" ".join(errors[0].messages), code=errors[0].code or "invalid", attr=attr) from exc
    if not is_country_code(address.country):
        raise InvalidInput("Not an ISO 3166-1 alpha-2 country code.", code="invalid_choice", attr="country")


def _address_for_update(*, user: User, address_id: int) -> Address:
    address = Address.objects.filter(user=user, pk=address_id).first()
    if address is None:
        raise NotFound("Address not found.")
    return address


@transaction.atomic
def create_address(
    *,
    user: User,
    name: str,
    line1: str,
    city: str,
    postal_code: str,
    country: str,
    line2: str = "",
    phone: str = "",
    is_default: bool = False,
) -> Address:
    """Add an address to the user's book. The first one (or any while the user has no default) becomes the
    default; ``is_default`` makes it the default in place of the old one. Raises InvalidInput (a field's code
    and attr; `address_book_full` past MAX_ADDRESSES)."""
    _lock_address_book(user)
    address = Address(
        user=user, name=name, line1=line1, line2=line2, city=city, postal_code=postal_code, country=country, phone=phone
    )
    _check_address(address)
    book = Address.objects.filter(user=user)
    if book.count() >= MAX_ADDRESSES:
        # attr: the whole request, named as DRF names an object-level error (a validation error's attr is a string)
        raise InvalidInput(
            f"An address book holds at most {MAX_ADDRESSES} addresses.", code=ADDRESS_BOOK_FULL, attr="non_field_errors"
        )
    has_default = book.filter(is_default=True).exists()
    if is_default and has_default:
        book.filter(is_default=True).update(is_default=False)
    address.is_default = is_default or not has_default
    address.save(force_insert=True)
    return address


@transaction.atomic
def update_address(
    *,
    user: User,
    address_id: int,
    name: str | None = None,
    line1: str | None = None,
    line2: str | None = None,
    city: str | None = None,
    postal_code: str | None = None,
    country: str | None = None,
    phone: str | None = None,
    is_default: bool | None = None,
) -> Address:
    """Change the user's address ``address_id``; None leaves a field as it is. ``is_default=True`` makes it the
    default (the old default stops being one), False leaves the user without a default. Raises NotFound for an
    address that is not the user's, InvalidInput for a bad field."""
    _lock_address_book(user)
    address = _address_for_update(user=user, address_id=address_id)
    changes = {
        "name": name,
        "line1": line1,
        "line2": line2,
        "city": city,
        "postal_code": postal_code,
        "country": country,
        "phone": phone,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(address, field, value)
    _check_address(address)
    if is_default and not address.is_default:
        Address.objects.filter(user=user, is_default=True).update(is_default=False)
    if is_default is not None:
        address.is_default = is_default
    address.save()
    return address


@transaction.atomic
def delete_address(*, user: User, address_id: int) -> None:
    """Remove the user's address ``address_id``; when it was the default, the newest remaining one becomes the
    default. Raises NotFound for an address that is not the user's."""
    _lock_address_book(user)
    address = _address_for_update(user=user, address_id=address_id)
    address.delete()
    if address.is_default:
        newest = Address.objects.filter(user=user).order_by("-id").first()
        if newest is not None:
            newest.is_default = True
            newest.save(update_fields=["is_default", "updated_at"])
