"""Discounts move from commerce to the catalog, which owns prices (#13). Step 1: the tables take catalog names.

The whole move, in migration order (no row is copied; every step but this one is bookkeeping):

1. commerce 0007 (this one): ``AlterModelTable`` renames ``commerce_discount`` to ``catalog_discount``, and with it
   the scope tables ``commerce_discount_{categories,brands,products}`` to ``catalog_discount_*`` (the names Django
   gives a catalog model's M2M tables). PostgreSQL renames in place: rows, ids, identity sequences, indexes,
   CHECK constraints and foreign keys (home_banner.discount_id, the revisions' FKs) stay as they are; the index
   and constraint names are explicit (``discount_*``) and need no change.
2. catalog 0005: ``catalog.Discount`` is created in the migration state only, over those tables; the ContentType
   ``commerce.discount`` becomes ``catalog.discount`` (same row, same id), so the revisions and drafts, log entries,
   reference index rows and ``auth_permission`` rows pointing at it stay attached, and groups and users keep them.
3. home 0006: ``Banner.discount`` points at ``catalog.Discount``, in the state only (the database FK already does).
4. commerce 0008: ``commerce.Discount`` leaves the migration state only.

Deploying: the renamed tables are what the new code reads; old processes still running after this migration
fail their discount reads until they are restarted, so restart right after migrating.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0006_payments"),
    ]

    operations = [
        migrations.AlterModelTable(name="discount", table="catalog_discount"),
    ]
