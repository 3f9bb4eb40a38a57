"""The staff sign-in pages (Wagtail's /admin/login/ and the Django admin's /django-admin/login/) share the
shop's sign-in limits, per client IP and per account, so password guessing gains nothing by moving there."""

from django.http import HttpResponse
from django.urls import reverse

from accounts.throttles import sign_in_wait


class StaffLoginThrottleMiddleware:
    throttle_email_field = "username"  # both admin sign-in forms call the email field "username"

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def __call__(self, request):
        if request.method == "POST" and request.path in self.paths():
            wait = sign_in_wait(request, self)
            if wait is not None:
                message = f"Too many sign-in attempts. Try again in {wait} seconds.\n"
                response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)

    def paths(self) -> frozenset[str]:
        if self._paths is None:  # resolved on first use: URLconfs are not loaded when middleware is built
            self._paths = frozenset({reverse("wagtailadmin_login"), reverse("admin:login")})
        return self._paths
