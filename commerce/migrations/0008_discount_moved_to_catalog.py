"""Discounts move to the catalog (#13), last step: ``commerce.Discount`` leaves the migration state. The tables,
now ``catalog_discount*``, belong to ``catalog.Discount`` (catalog 0005); nothing changes in the database.
The plan: commerce 0007's docstring."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0007_discount_tables_to_catalog"),
        ("catalog", "0005_discount"),
        ("home", "0006_banner_discount_in_catalog"),  # the last FK pointing at commerce.Discount, moved first
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Discount")],
            database_operations=[],
        ),
    ]
