"""The one permission class of the staff-written resources (catalog, promotions)."""

from rest_framework import permissions


class StaffModelPermissions(permissions.DjangoModelPermissions):
    """Writes need a staff user holding the model permission (``catalog.add_product``, ``commerce.change_coupon``…).
    Reads are public where the view says so (``public_reads = True``), else they need the view permission.
    Anonymous callers get a 401 (not signed in), signed-in users without the permission a 403.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS and getattr(view, "public_reads", False):
            return True
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401 for an unauthenticated request
        return request.user.is_staff and super().has_permission(request, view)
