"""Reads of accounts data: the address book."""

from django.db.models import QuerySet

from accounts.models import Address
from storefront.errors import NotFound


def addresses_of(*, user) -> QuerySet[Address]:
    """The user's address book, the default first, then in the order they were added (one query)."""
    return Address.objects.filter(user=user).order_by("-is_default", "id")


def address_of(*, user, address_id: int) -> Address:
    """The user's address ``address_id``; NotFound when there is none or it is someone else's."""
    address = addresses_of(user=user).filter(pk=address_id).first()
    if address is None:
        raise NotFound("Address not found.")
    return address


def default_address(*, user) -> Address | None:
    """The signed-in user's default address (for prefilling checkout), or None (also for anonymous visitors)."""
    if user is None or not user.is_authenticated:
        return None
    return Address.objects.filter(user=user, is_default=True).first()
