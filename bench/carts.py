"""Make guest carts for the checkout bench: one line of one unit each, spread over the visible products, whose stock
is raised first so no placement meets a 409. Prints nothing but writes one cart id per line into each file given.

    python bench/carts.py COUNT FILE [FILE ...]     (DATABASE_URL etc. from the environment, as manage.py)
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")

import django

django.setup()

from catalog.models import Product, ProductVariant  # noqa: E402
from commerce.models import Cart, CartItem, Stock  # noqa: E402

AMPLE = 1_000_000


def main(count: int, files: list[str]) -> None:
    products = list(Product.objects.visible().values_list("id", flat=True))
    variants = list(ProductVariant.objects.filter(product_id__in=products).values_list("id", flat=True))
    Stock.objects.filter(variant_id__in=variants).update(quantity=AMPLE, low_alerted=False)
    ProductVariant.objects.filter(id__in=variants).update(in_stock=True)
    Product.objects.filter(id__in=products).update(in_stock=True)
    rng = random.Random(7)
    for path in files:
        carts = Cart.objects.bulk_create(Cart() for _ in range(count))
        CartItem.objects.bulk_create(CartItem(cart=cart, variant_id=rng.choice(variants), quantity=1) for cart in carts)
        with open(path, "w") as f:
            f.writelines(f"{cart.pk}\n" for cart in carts)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
