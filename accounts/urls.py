"""Browser sign-in (session auth) for shoppers and staff."""

urlpatterns: list = []
