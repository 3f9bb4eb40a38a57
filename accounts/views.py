"""Browser sign-in pages (session auth). Sign-in attempts share the API's per-IP and per-account limits."""

from django.contrib.auth import views as auth_views

from accounts.throttles import sign_in_wait


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    next_page = "/"
    throttle_email_field = "username"  # Django's AuthenticationForm calls the email field "username"

    def post(self, request, *args, **kwargs):
        wait = sign_in_wait(request, self)
        if wait is None:
            return super().post(request, *args, **kwargs)
        # The same counters as POST /api/v1/auth/token/, so switching from API to form gains no attempts.
        # An unbound form: validating the posted one would check the password and answer whether it was right.
        form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
        message = f"Too many sign-in attempts. Try again in {wait} seconds."
        response = self.render_to_response(self.get_context_data(form=form, throttled=message), status=429)
        response["Retry-After"] = str(wait)
        return response


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView only accepts POST: a link or an image tag must not sign anyone out.
    next_page = "/"
