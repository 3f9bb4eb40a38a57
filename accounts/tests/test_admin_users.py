"""Managing users in Wagtail's admin (/admin/users/) and Django's admin (/django-admin/) with our email-keyed user."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

STRONG = "plum-Orbit-4417-kettle"

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


def wagtail_user_data(**overrides):
    data = {
        "email": "New.Editor@Example.com",
        "first_name": "New",
        "last_name": "Editor",
        "password1": STRONG,
        "password2": STRONG,
    }
    return {**data, **overrides}


def test_wagtail_add_user_form_shows_the_email_based_fields(admin_client):
    response = admin_client.get(reverse("wagtailusers_users:add"))

    assert response.status_code == 200
    form = response.context["form"]
    assert {"email", "first_name", "last_name", "password1", "password2"} <= set(form.fields)
    assert "username" not in form.fields


def test_wagtail_admin_creates_a_user_who_can_sign_in(admin_client, client):
    response = admin_client.post(reverse("wagtailusers_users:add"), wagtail_user_data())

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user = User.objects.get(email="new.editor@example.com")  # normalized by the model's clean()
    assert user.check_password(STRONG)
    assert (user.first_name, user.last_name, user.is_active) == ("New", "Editor", True)
    assert client.login(username="NEW.EDITOR@example.com", password=STRONG)


def test_wagtail_admin_refuses_an_email_taken_in_another_case(admin_client):
    UserFactory(email="taken@example.com")

    response = admin_client.post(reverse("wagtailusers_users:add"), wagtail_user_data(email="Taken@Example.COM"))

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_wagtail_admin_refuses_a_weak_password(admin_client):
    response = admin_client.post(reverse("wagtailusers_users:add"), wagtail_user_data(password1="abc", password2="abc"))

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="new.editor@example.com").exists()


def test_wagtail_admin_edits_a_user(admin_client):
    user = UserFactory(email="edit.me@example.com", first_name="Before", last_name="Edit")

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {"email": "Edited@Example.com", "first_name": "After", "last_name": "Edit", "is_active": "on"},
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    user.refresh_from_db()
    assert (user.email, user.first_name) == ("edited@example.com", "After")
    assert user.check_password("correct-horse-battery-staple")  # a blank password field keeps the password


def test_django_admin_creates_a_user(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "Django.Admin@Example.com", "password1": STRONG, "password2": STRONG, "usable_password": "true"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user = User.objects.get(email__iexact="django.admin@example.com")
    assert user.check_password(STRONG)


def test_django_admin_user_list_and_change_page_render(admin_client):
    user = UserFactory()

    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).status_code == 200
