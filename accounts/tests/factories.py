import factory

from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"shopper{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff_user(app_label: str = "", *codenames: str) -> User:
    """A staff user holding only these model permissions of ``app_label`` (none without codenames)."""
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    if codenames:
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    return user


def staff_client(app_label: str = "", *codenames: str):
    """An API client signed in as ``staff_user(app_label, *codenames)``."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(staff_user(app_label, *codenames))
    return client
