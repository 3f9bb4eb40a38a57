"""Wagtail admin views, actions and bulk actions for the catalog.

The admin only collects input: every change that other parts of the shop care about (events, rating,
caches) goes through ``catalog.services``, the same functions the API uses.
"""

from django.contrib.admin.utils import quote
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext
from wagtail.actions import CreateAction, DeleteAction, EditAction
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views import snippets as snippet_views

from catalog import services
from catalog.admin_forms import tree_label
from catalog.models import Product, Review

# --- Categories -----------------------------------------------------------------------------------


class TreeTitleColumn(TitleColumn):
    """The category name indented by depth; not sortable, since the listing must stay in tree order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sort_key = None

    def get_value(self, instance):
        return tree_label(instance)


class CategoryIndexView(snippet_views.IndexView):
    def _get_title_column(self, field_name, column_class=TreeTitleColumn, **kwargs):
        return super()._get_title_column(field_name, column_class, **kwargs)

    def get_valid_orderings(self):
        return ["path"]


# --- Products -------------------------------------------------------------------------------------


class CreateProductAction(CreateAction):
    """Saving and the product.created event happen in one transaction: the event exists iff the product does."""

    def execute(self, skip_permission_checks=False):
        with transaction.atomic():
            product = super().execute(skip_permission_checks=skip_permission_checks)
            services.sync_variants(product, grid=_grid(self.form))
            services.record_product_saved(product, created=True)
        return product


def _grid(form) -> dict | None:
    return form.cleaned_data.get("generate_variants") if form is not None else None


class EditProductAction(EditAction):
    def execute(self, skip_permission_checks=False):
        with transaction.atomic():
            old_sku = Product.objects.filter(pk=self.instance.pk).values_list("sku", flat=True).first()
            product = super().execute(skip_permission_checks=skip_permission_checks)
            services.sync_variants(product, old_sku=old_sku, grid=_grid(self.form))
            services.record_product_saved(product, created=False)
        return product


class SoftDeleteProductAction(DeleteAction):
    """Products are never removed: order lines keep pointing at them. The service hides the product
    everywhere and publishes product.deleted."""

    def _delete(self):
        with transaction.atomic():
            if self.log_action:
                log(instance=self.instance, action=self.log_action, user=self.user)
            if self.instance.deleted_at is None:
                services.delete_product(slug=self.instance.slug)


class DeleteProductView(snippet_views.DeleteView):
    @property
    def confirmation_message(self):
        return (
            "Delete this product? It disappears from the shop, search and the admin listing at once; "
            "orders that contain it keep showing it."
        )


class ProductIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("brand", "category")
        # Soft-deleted products stay out of the listing unless the "Deleted products" filter asks for them.
        if self.request.GET.get("deleted") not in ("include", "only"):
            queryset = queryset.filter(deleted_at__isnull=True)
        return queryset


class SetProductsActiveBulkAction(SnippetBulkAction):
    models = [Product]
    template_name = "catalog/admin/confirm_bulk_action.html"
    active = True

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        # Deleted products are out of reach of the services (and of the shop); leave them be.
        changed = [p for p in objects if p.is_active != cls.active and p.deleted_at is None]
        for product in changed:
            services.update_product(slug=product.slug, is_active=cls.active)
        return len(changed), 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.display_name.lower()}

    def get_success_message(self, num_parent_objects, num_child_objects):
        state = "active" if self.active else "inactive"
        return ngettext(
            "%(count)d product made %(state)s.", "%(count)d products made %(state)s.", num_parent_objects
        ) % {
            "count": num_parent_objects,
            "state": state,
        }


class ActivateProductsBulkAction(SetProductsActiveBulkAction):
    display_name = "Activate"
    action_type = "activate"
    aria_label = "Make the selected products visible in the shop"
    action_priority = 10
    active = True


class DeactivateProductsBulkAction(SetProductsActiveBulkAction):
    display_name = "Deactivate"
    action_type = "deactivate"
    aria_label = "Hide the selected products from the shop"
    action_priority = 20
    active = False


class SoftDeleteProductsBulkAction(DeleteBulkAction):
    """Replaces the snippet delete for products: a soft delete through the catalog service."""

    models = [Product]
    aria_label = "Delete the selected products (they stay on past orders)"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        live = [product for product in objects if product.deleted_at is None]
        for product in live:
            services.delete_product(slug=product.slug)
        return len(live), 0


# --- Reviews --------------------------------------------------------------------------------------


def bulk_action_url(model, action: str, ids, next_url: str) -> str:
    base = reverse("wagtail_bulk_action", args=(model._meta.app_label, model._meta.model_name, action))
    return f"{base}?{urlencode([('id', quote(pk)) for pk in ids] + [('next', next_url)])}"


class ReviewIndexView(snippet_views.IndexView):
    default_status = Review.Status.PENDING

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("product", "user")

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        # Moderators land on the queue of pending reviews; choosing "All statuses" sends status="".
        if "status" not in kwargs["data"]:
            data = kwargs["data"].copy()
            data["status"] = self.default_status
            kwargs["data"] = data
        return kwargs

    def get_add_url(self):
        return None  # reviews are written by shoppers, through the API

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if not self.user_has_permission("change"):
            return buttons
        next_url = self.request.get_full_path()
        if instance.status != Review.Status.APPROVED:
            buttons.append(
                MenuItem(
                    "Approve",
                    url=bulk_action_url(Review, "approve", [instance.pk], next_url),
                    icon_name="check",
                    priority=5,
                )
            )
        if instance.status != Review.Status.REJECTED:
            buttons.append(
                MenuItem(
                    "Reject",
                    url=bulk_action_url(Review, "reject", [instance.pk], next_url),
                    icon_name="cross",
                    priority=6,
                )
            )
        return buttons


class NoCreateView(snippet_views.CreateView):
    """Shoppers write reviews through the API; staff only moderate them."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


def withdraw_from_rating(review: Review) -> None:
    """An approved review about to be deleted is rejected first, so the service takes it out of the rating."""
    if review.status == Review.Status.APPROVED:
        services.reject_review(review_id=review.pk)


class DeleteReviewAction(DeleteAction):
    def _delete(self):
        with transaction.atomic():
            withdraw_from_rating(self.instance)
            return super()._delete()


class ModerateReviewsBulkAction(SnippetBulkAction):
    models = [Review]
    template_name = "catalog/admin/confirm_bulk_action.html"

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.display_name.lower()}


class ApproveReviewsBulkAction(ModerateReviewsBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Publish the selected reviews and count them in the product rating"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, **kwargs):
        for review in objects:
            services.approve_review(review_id=review.pk)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d review approved.", "%(count)d reviews approved.", num_parent_objects) % {
            "count": num_parent_objects
        }


class RejectReviewsBulkAction(ModerateReviewsBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Hide the selected reviews and leave them out of the product rating"
    action_priority = 20

    @classmethod
    def execute_action(cls, objects, **kwargs):
        for review in objects:
            services.reject_review(review_id=review.pk)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d review rejected.", "%(count)d reviews rejected.", num_parent_objects) % {
            "count": num_parent_objects
        }


class DeleteReviewsBulkAction(DeleteBulkAction):
    models = [Review]

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for review in objects:
            withdraw_from_rating(review)
        Review.objects.filter(pk__in=[review.pk for review in objects]).delete()
        return len(objects), 0
