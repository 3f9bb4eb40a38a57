"""Demo shoppers and staff for seed_demo."""

from django.contrib.auth.models import Group

from accounts.models import User

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - demo accounts only, documented in the README
SHOPPERS = [
    ("alice@example.com", "Alice", "Martin"),
    ("bob@example.com", "Bob", "Nguyen"),
    ("carol@example.com", "Carol", "Okafor"),
]
STAFF = [
    ("editor@example.com", "Eddie", "Editor", "Editors"),
    ("merchandiser@example.com", "Mia", "Merchandiser", "Merchandisers"),
    ("fulfilment@example.com", "Finn", "Fulfilment", "Fulfilment"),
]


def seed(*, products: int, log) -> None:
    created = 0
    for email, first, last in SHOPPERS:
        created += _ensure_user(email, first, last)
    for email, first, last, group_name in STAFF:
        created += _ensure_user(email, first, last, is_staff=True)
        group, _ = Group.objects.get_or_create(name=group_name)
        User.objects.get(email=email).groups.add(group)
    log(f"users: {created} created, password for all demo users: {DEMO_PASSWORD}")


def _ensure_user(email: str, first: str, last: str, *, is_staff: bool = False) -> int:
    if User.objects.filter(email=email).exists():
        return 0
    User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, is_staff=is_staff)
    return 1
