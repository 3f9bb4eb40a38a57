"""A development superuser for `make run`. Refuses to run with DEBUG off."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User


class Command(BaseCommand):
    help = "Create (or reset) the development admin account. Development only."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.com")
        parser.add_argument("--password", default="admin-dev-password")
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="Where the dev server will listen.")

    def handle(self, *args, email, password, site_url, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a development admin with DEBUG off; use createsuperuser.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_superuser(email=email, password=password)
        else:
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()
        self.stdout.write(self.style.SUCCESS(f"Admin: {user.email} / {password}  ->  {site_url.rstrip('/')}/admin/"))
