"""Discounts leave commerce for the catalog, which owns prices (#13). Step 2 (the plan: commerce 0007's
docstring): ``catalog.Discount`` enters the migration state over the tables commerce 0007 renamed to
``catalog_discount*``, and its ContentType row is renamed ``commerce.discount`` -> ``catalog.discount``.

Renaming the row (rather than making a new one) keeps its id, so everything that points at it stays attached: the
discounts' revisions and drafts (``wagtailcore_revision.content_type``/``base_content_type``), their log entries,
reference index rows (the banners' references to discounts) and the ``auth_permission`` rows (add, change, delete,
view and Wagtail's publish_discount), hence every group's and user's grant of them. The scope M2M tables have no
ContentType of their own (Django makes none for auto-created through models). Both in one migration, so no state
has ``catalog.Discount`` without its ContentType.

A new database has no ContentType yet at this point (contenttypes' post_migrate makes catalog.discount after
migrating): nothing to rename. If ``catalog.discount`` exists already (a post_migrate ran on a partial migrate),
it is merged into the renamed row: its permissions' grants move to the renamed row's permissions.
"""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
import wagtail.models.preview
from decimal import Decimal
from django.db import migrations, models


def _repoint(apps, db, label, old, new):
    """Every foreign key to ``label`` that holds ``old`` holds ``new`` instead; on an M2M table, a row that would
    repeat an existing one is dropped."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not (field.many_to_one and field.related_model._meta.label_lower == label):
                continue
            rows = model._base_manager.db_manager(db).filter(**{field.attname: old.pk})
            if model._meta.auto_created:  # (owner, target) is unique
                owner = next(f for f in model._meta.concrete_fields if f.many_to_one and f is not field)
                taken = model._base_manager.db_manager(db).filter(**{field.attname: new.pk})
                rows.filter(**{f"{owner.attname}__in": taken.values(owner.attname)}).delete()
            rows.update(**{field.attname: new.pk})


def _move_content_type(apps, schema_editor, old_app, new_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    content_types = ContentType.objects.db_manager(db)
    moving = content_types.filter(app_label=old_app, model="discount").first()
    if moving is None:
        return
    stray = content_types.filter(app_label=new_app, model="discount").first()
    if stray is not None:
        kept = {p.codename: p for p in Permission.objects.db_manager(db).filter(content_type=moving)}
        for permission in Permission.objects.db_manager(db).filter(content_type=stray):
            if permission.codename in kept:
                _repoint(apps, db, "auth.permission", permission, kept[permission.codename])
                permission.delete()
            else:
                permission.content_type = moving
                permission.save(update_fields=["content_type"])
        _repoint(apps, db, "contenttypes.contenttype", stray, moving)
        stray.delete()
    moving.app_label = new_app
    moving.save(update_fields=["app_label"])
    content_types.clear_cache()


def content_type_to_catalog(apps, schema_editor):
    _move_content_type(apps, schema_editor, "commerce", "catalog")


def content_type_to_commerce(apps, schema_editor):
    _move_content_type(apps, schema_editor, "catalog", "commerce")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_attribute_values"),
        ("commerce", "0007_discount_tables_to_catalog"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],  # the tables exist: commerce 0007 gave them these names
            state_operations=[
                migrations.CreateModel(
                    name="Discount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("live", models.BooleanField(default=True, editable=False, verbose_name="live")),
                        ("has_unpublished_changes", models.BooleanField(default=False, editable=False, verbose_name="has unpublished changes")),
                        ("first_published_at", models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="first published at")),
                        ("last_published_at", models.DateTimeField(editable=False, null=True, verbose_name="last published at")),
                        ("go_live_at", models.DateTimeField(blank=True, null=True, verbose_name="go live date/time")),
                        ("expire_at", models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time")),
                        ("expired", models.BooleanField(default=False, editable=False, verbose_name="expired")),
                        ("kind", models.CharField(choices=[("percentage", "Percentage"), ("fixed", "Fixed amount")], default="percentage", max_length=12)),
                        ("value", models.DecimalField(decimal_places=2, help_text="Percent off (1-100) or an amount off in the store's currency.", max_digits=10, validators=[django.core.validators.MinValueValidator(Decimal("0.01"))])),
                        ("starts_at", models.DateTimeField(blank=True, help_text="Valid from this moment (empty: at once).", null=True)),
                        ("ends_at", models.DateTimeField(blank=True, help_text="Valid until this moment (empty: no end).", null=True)),
                        ("name", models.CharField(help_text="Shown to shoppers, e.g. 'Summer sale'.", max_length=120)),
                        ("priority", models.SmallIntegerField(default=0, help_text="Only breaks ties: when two discounts give the same price, the higher priority is shown.")),
                        ("is_active", models.BooleanField(default=True, help_text="Switch the discount off without deleting it.")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("brands", modelcluster.fields.ParentalManyToManyField(blank=True, related_name="discounts", to="catalog.brand")),
                        ("categories", modelcluster.fields.ParentalManyToManyField(blank=True, help_text="Includes their subcategories.", related_name="discounts", to="catalog.category")),
                        ("latest_revision", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision", verbose_name="latest revision")),
                        ("live_revision", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision", verbose_name="live revision")),
                        ("products", modelcluster.fields.ParentalManyToManyField(blank=True, related_name="discounts", to="catalog.product")),
                    ],
                    options={
                        "ordering": ["-priority", "id"],
                        "indexes": [models.Index(fields=["live", "is_active", "ends_at"], name="discount_current_idx")],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("value__gt", 0)), name="discount_value_positive"),
                            models.CheckConstraint(condition=models.Q(models.Q(("kind", "percentage"), _negated=True), ("value__lte", 100), _connector="OR"), name="discount_percentage_at_most_100"),
                            models.CheckConstraint(condition=models.Q(("starts_at__isnull", True), ("ends_at__isnull", True), ("ends_at__gt", models.F("starts_at")), _connector="OR"), name="discount_ends_after_start"),
                        ],
                    },
                    bases=(wagtail.models.preview.PreviewableMixin, models.Model),
                ),
            ],
        ),
        migrations.RunPython(content_type_to_catalog, content_type_to_commerce),
    ]
