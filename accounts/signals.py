"""Signals other apps hook into when someone signs in.

Browser (session) sign-ins send Django's own ``django.contrib.auth.signals.user_logged_in``.
API clients that sign in with email and password at ``POST /api/v1/auth/token/`` send ``token_obtained``
instead (a JWT sign-in never touches the session, so ``user_logged_in`` is not sent for it).
"""

import django.dispatch

token_obtained = django.dispatch.Signal()
"""Sent by the token view after the credentials were checked and the token pair was issued.

Arguments: ``sender`` (the view class), ``user`` (the authenticated ``accounts.User``) and ``request``
(the DRF ``Request``: ``request.data`` is the parsed body, ``request.headers`` the headers, e.g. a guest
cart id the client sent along). Receivers run inside the request, before the response is returned, and
are not called for refreshes. An exception in a receiver fails the sign-in with a 500, so receivers that
do optional work (merging a guest cart) should handle their own errors.
"""
