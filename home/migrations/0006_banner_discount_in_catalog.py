"""Discounts moved to the catalog (#13; the plan: commerce 0007's docstring): ``Banner.discount`` points at
``catalog.Discount``. In the state only: the database FK follows the renamed table by itself."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_discount"),
        ("home", "0005_featured_choosers_load_together"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="banner",
                    name="discount",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="banners",
                        to="catalog.discount",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
