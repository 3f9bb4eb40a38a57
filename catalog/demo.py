"""Demo catalog for seed_demo: a 3-level category tree, brands, generated product pictures, products with
attributes, images, stock and approved reviews.

Deterministic and idempotent: product ``i`` is always the same product (its own ``random.Random`` seeded
from ``i``), identified by its SKU, so a re-run with the same ``products`` creates nothing and a bigger
number only adds the missing ones. Products, images, reviews and stock are written with ``bulk_create``
(then indexed for search in batches), which keeps 100,000 products within a few minutes. Stock is commerce's:
the catalog plans each variant's quantity and sends it (``catalog.signals.demo_stock_planned``); commerce writes it.
"""

import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backends

from catalog import pricing
from catalog.facets import attribute_rows
from catalog.models import Brand, Category, Product, ProductAttributeValue, ProductImage, ProductVariant, Review
from catalog.signals import demo_stock_planned
from catalog.variants import combination_sku, summary_of
from catalog.version import invalidate_catalog
from storefront.money import to_cents

SEED = 2026
BATCH = 2000
REVIEWERS = ["alice@example.com", "bob@example.com", "carol@example.com"]

COLOURS = ["Black", "White", "Navy", "Olive", "Burgundy", "Grey", "Sand", "Forest Green", "Sky Blue", "Rust"]
CLOTHING_SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
FINISHES = ["Matte Black", "Brushed Steel", "Walnut", "Oak", "White", "Copper", "Graphite"]


@dataclass(frozen=True)
class Leaf:
    """A bottom-level category and how to invent products for it."""

    name: str
    code: str  # SKU prefix
    nouns: tuple[str, ...]
    price_range: tuple[int, int]
    attributes: tuple[tuple[str, tuple[str, ...]], ...]
    options: bool = False  # sold in sizes and colours


def _clothing(name, code, nouns, low, high, materials):
    # Colour and size are the variants' options (see plan_variants), not attributes.
    return Leaf(name, code, nouns, (low, high), (("material", materials),), options=True)


# Top level -> second level -> leaves: 4 + 7 + 11 = 22 categories.
TREE: dict[str, dict[str, list[Leaf]]] = {
    "Clothing": {
        "Men": [
            _clothing(
                "Shirts",
                "SHT",
                ("Oxford Shirt", "Linen Shirt", "Flannel Shirt", "Polo Shirt"),
                25,
                90,
                ("Cotton", "Linen", "Organic Cotton", "Flannel"),
            ),
            _clothing(
                "Trousers",
                "TRS",
                ("Chinos", "Jeans", "Cargo Trousers", "Corduroys"),
                35,
                120,
                ("Denim", "Cotton Twill", "Corduroy", "Wool Blend"),
            ),
        ],
        "Women": [
            _clothing(
                "Dresses",
                "DRS",
                ("Wrap Dress", "Shirt Dress", "Midi Dress", "Slip Dress"),
                40,
                160,
                ("Viscose", "Silk", "Cotton", "Linen"),
            ),
            _clothing(
                "Knitwear",
                "KNT",
                ("Cardigan", "Crew Jumper", "Roll Neck", "Knitted Vest"),
                45,
                180,
                ("Merino Wool", "Cashmere", "Cotton", "Alpaca Blend"),
            ),
        ],
    },
    "Home": {
        "Kitchen": [
            Leaf(
                "Cookware",
                "CKW",
                ("Frying Pan", "Saucepan", "Dutch Oven", "Wok", "Stockpot"),
                (20, 220),
                (
                    ("material", ("Cast Iron", "Stainless Steel", "Carbon Steel", "Enamelled Iron")),
                    ("diameter", ("20 cm", "24 cm", "28 cm", "32 cm")),
                ),
            ),
            Leaf(
                "Tableware",
                "TBW",
                ("Dinner Plate Set", "Pasta Bowl", "Mug Set", "Serving Platter"),
                (12, 95),
                (("material", ("Stoneware", "Porcelain", "Bone China", "Glass")), ("colour", tuple(COLOURS))),
            ),
        ],
        "Living": [
            Leaf(
                "Lighting",
                "LGT",
                ("Table Lamp", "Floor Lamp", "Pendant Light", "Desk Lamp"),
                (30, 320),
                (("finish", tuple(FINISHES)), ("bulb", ("E27", "E14", "Integrated LED"))),
            ),
        ],
    },
    "Electronics": {
        "Audio": [
            Leaf(
                "Headphones",
                "HPH",
                ("Wireless Headphones", "Studio Headphones", "Earbuds", "Sport Earbuds"),
                (25, 450),
                (("colour", ("Black", "White", "Silver", "Navy")), ("connection", ("Bluetooth", "Wired"))),
            ),
            Leaf(
                "Speakers",
                "SPK",
                ("Bookshelf Speaker", "Portable Speaker", "Soundbar", "Smart Speaker"),
                (40, 700),
                (("colour", ("Black", "White", "Oak")), ("connection", ("Bluetooth", "Wi-Fi", "Wired"))),
            ),
        ],
        "Computing": [
            Leaf(
                "Keyboards",
                "KBD",
                ("Mechanical Keyboard", "Low-Profile Keyboard", "Compact Keyboard"),
                (35, 260),
                (("layout", ("US", "UK", "ISO-DE", "Nordic")), ("switches", ("Linear", "Tactile", "Clicky"))),
            ),
        ],
    },
    "Outdoors": {
        "Camping": [
            Leaf(
                "Tents",
                "TNT",
                ("Dome Tent", "Tunnel Tent", "Backpacking Tent", "Family Tent"),
                (70, 650),
                (("sleeps", ("1", "2", "3", "4", "6")), ("season", ("3-season", "4-season"))),
            ),
        ],
    },
}

BRANDS: dict[str, list[str]] = {
    "Clothing": ["Northwind Apparel", "Fjord & Pine", "Alder Co.", "Meadowlark"],
    "Home": ["Copperline", "Oakridge Home", "Lumen Studio", "Pebble & Clay"],
    "Electronics": ["Brightwave", "Kestrel Audio", "Quarry Labs", "Tidewater"],
    "Outdoors": ["Summit Gear", "Harbor Outfitters", "Trailhead"],
}

ADJECTIVES = [
    "Classic",
    "Everyday",
    "Heritage",
    "Essential",
    "Signature",
    "Studio",
    "Field",
    "Coastal",
    "Urban",
    "Nordic",
    "Original",
    "Premium",
    "Lightweight",
    "Compact",
    "Modern",
]
SELLING_POINTS = [
    "Designed to last for years of everyday use.",
    "Made in small batches by a family-run workshop.",
    "Tested by our team before it earned a place in the shop.",
    "Backed by a two-year guarantee.",
    "Thoughtfully packaged in recycled materials.",
    "Easy to care for and built to be repaired.",
    "A customer favourite since we first stocked it.",
]
REVIEW_LINES = {
    5: ("Love it", "Exactly what I hoped for. Great quality and fast delivery."),
    4: ("Very good", "Really happy with it, only a small detail keeps it from five stars."),
    3: ("Decent", "Does the job. Not amazing, not bad either."),
    2: ("Disappointing", "Expected more for the price."),
}
PICTURES = [  # (background, foreground, shape)
    ((232, 93, 74), (255, 240, 230), "circle"),
    ((46, 134, 171), (240, 248, 255), "square"),
    ((86, 130, 89), (245, 245, 220), "triangle"),
    ((244, 185, 66), (60, 40, 20), "diamond"),
    ((53, 53, 71), (250, 200, 120), "circle"),
    ((155, 89, 182), (255, 255, 255), "square"),
    ((26, 188, 156), (20, 50, 50), "triangle"),
    ((230, 126, 34), (255, 250, 240), "diamond"),
    ((52, 73, 94), (236, 240, 241), "ring"),
    ((192, 57, 43), (255, 230, 200), "ring"),
    ((127, 140, 141), (255, 255, 255), "square"),
    ((39, 174, 96), (240, 255, 240), "circle"),
]


def seed(*, products: int, log: Callable[[str], None]) -> None:
    leaves = ensure_categories()
    brands = ensure_brands()
    pictures = ensure_pictures()
    created = ensure_products(count=products, leaves=leaves, brands=brands, pictures=pictures)
    pricing.refresh_sale_prices()  # bulk_create skipped the save that stores each sale price
    log(
        f"catalog: {Category.objects.count()} categories, {sum(map(len, brands.values()))} brands, "
        f"{len(pictures)} pictures, "
        f"{created} products created ({Product.objects.count()} in all)"
    )


# --- categories, brands, pictures -----------------------------------------------------------------


def ensure_categories() -> dict[str, tuple[Leaf, Category, str]]:
    """The category tree, created node by node (treebeard computes the paths).
    Returns ``{sku code: (leaf spec, leaf category, top-level name)}``."""
    leaves = {}
    for top_name, children in TREE.items():
        top = _ensure_node(top_name, slugify(top_name), parent=None)
        for mid_name, leaf_specs in children.items():
            mid = _ensure_node(mid_name, slugify(f"{top_name} {mid_name}"), parent=top)
            for spec in leaf_specs:
                node = _ensure_node(spec.name, slugify(f"{mid_name} {spec.name}"), parent=mid)
                if spec.options and not node.option_types:
                    node.option_types = list(OPTION_TYPES)
                    node.save(update_fields=["option_types"])
                leaves[spec.code] = (spec, node, top_name)
    return leaves


def _ensure_node(name: str, slug: str, *, parent: Category | None) -> Category:
    existing = Category.objects.filter(slug=slug).first()
    if existing:
        return existing
    node = Category(name=name, slug=slug, description=f"{name} we like and use ourselves.")
    if parent is None:
        return Category.add_root(instance=node)
    return Category.objects.get(pk=parent.pk).add_child(instance=node)


def ensure_brands() -> dict[str, list[Brand]]:
    """Brands per top-level category."""
    by_top = {}
    for top_name, names in BRANDS.items():
        by_top[top_name] = [
            Brand.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "description": f"{name}: one of the makers we stock."}
            )[0]
            for name in names
        ]
    return by_top


def ensure_pictures() -> list:
    """Twelve 800x800 JPEG product pictures drawn with Pillow, stored as Wagtail images once and shared."""
    image_model = get_image_model()
    pictures = []
    for number, (background, foreground, shape) in enumerate(PICTURES, start=1):
        title = f"Demo product picture {number:02d}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            image = image_model.objects.create(
                title=title,
                file=ImageFile(
                    _draw_picture(number, background, foreground, shape), name=f"demo-product-{number:02d}.jpg"
                ),
            )
        pictures.append(image)
    return pictures


def _draw_picture(number: int, background, foreground, shape: str) -> io.BytesIO:
    size = 800
    picture = PILImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    box = (200, 160, 600, 560)
    if shape == "circle":
        draw.ellipse(box, fill=foreground)
    elif shape == "square":
        draw.rounded_rectangle(box, radius=40, fill=foreground)
    elif shape == "triangle":
        draw.polygon([(400, 150), (620, 560), (180, 560)], fill=foreground)
    elif shape == "diamond":
        draw.polygon([(400, 140), (620, 360), (400, 580), (180, 360)], fill=foreground)
    else:
        draw.ellipse(box, outline=foreground, width=48)
    try:
        font = ImageFont.load_default(size=56)
    except TypeError:  # Pillow without FreeType: the small bitmap font still labels the picture
        font = ImageFont.load_default()
    draw.text((size // 2, 680), f"Storefront · {number:02d}", fill=foreground, font=font, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    return buffer


# --- products -------------------------------------------------------------------------------------


@dataclass
class _Planned:
    product: Product
    images: list[tuple[int, str]]  # (picture index, alt text)
    reviews: list[tuple[int, int]]  # (reviewer index, rating)
    quantity: int
    # (options, own price or None, quantity) per variant; empty: the product's one optionless variant
    variants: list[tuple[dict, Decimal | None, int]] = ()


def sku_for(index: int, code: str) -> str:
    return f"{code}-{index + 1:06d}"


def plan_product(index: int, leaves: list[tuple[Leaf, Category, str]], brands: dict[str, list[Brand]], reviewers: int):
    """Product ``index`` of the demo catalog, the same on every run and machine (not saved)."""
    rng = random.Random(SEED * 1_000_003 + index)
    spec, category, top_name = leaves[index % len(leaves)]
    brand = rng.choice(brands[top_name])
    noun = rng.choice(spec.nouns)
    adjective = rng.choice(ADJECTIVES)
    name = f"{brand.name.split()[0]} {adjective} {noun}"
    attributes = {key: rng.choice(values) for key, values in spec.attributes}
    low, high = spec.price_range
    price = Decimal(rng.randint(low, high)) - Decimal("0.01")  # .99 pricing
    points = rng.sample(SELLING_POINTS, 3)
    details = "".join(f"<li>{key.capitalize()}: {value}</li>" for key, value in attributes.items())
    description = (
        f"<p>The {adjective.lower()} {noun.lower()} from {brand.name}. {points[0]}</p>"
        f"<ul>{details}</ul><p>{points[1]} {points[2]}</p>"
    )
    product = Product(
        name=name,
        slug=f"{slugify(name)}-{index + 1}",
        sku=sku_for(index, spec.code),
        description=description,
        price=max(price, Decimal("0.99")),
        brand=brand,
        category=category,
        attributes=attributes,
        is_active=rng.random() > 0.03,
    )
    first_picture = rng.randrange(len(PICTURES))
    images = [
        ((first_picture + offset) % len(PICTURES), f"{name}, view {offset + 1}") for offset in range(rng.randint(1, 3))
    ]
    reviews = []
    if reviewers and rng.random() < 0.35:
        for reviewer in range(reviewers):
            if rng.random() < 0.6:
                reviews.append((reviewer, rng.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0]))
    quantity = 0 if rng.random() < 0.08 else rng.randint(1, 120)
    variants = plan_variants(rng, product.price) if spec.options else []
    return _Planned(product=product, images=images, reviews=reviews, quantity=quantity, variants=variants)


# The clothing leaves' option types (Category.option_types), in plan_variants' order.
OPTION_TYPES = ("Colour", "Size")


def plan_variants(rng: random.Random, price: Decimal) -> list[tuple[dict, Decimal | None, int]]:
    """Two colours in three or four consecutive sizes; the largest sizes cost 5.00 more; a few are sold out."""
    start = rng.randrange(len(CLOTHING_SIZES) - 3)
    sizes = CLOTHING_SIZES[start : start + rng.choice((3, 4))]
    colours = rng.sample(COLOURS, 2)
    return [
        (
            {"Colour": colour, "Size": size},
            price + Decimal("5.00") if size in ("XL", "XXL") else None,
            0 if rng.random() < 0.15 else rng.randint(1, 30),
        )
        for colour in colours
        for size in sizes
    ]


def _batches(count: int) -> Iterator[range]:
    for start in range(0, count, BATCH):
        yield range(start, min(start + BATCH, count))


def ensure_products(*, count: int, leaves, brands, pictures) -> int:
    """Create the missing ones among demo products 0..count-1, in batches. Returns how many were created."""
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(email__in=REVIEWERS).order_by("email"))
    leaf_list = list(leaves.values())
    created = 0
    for indexes in _batches(count):
        skus = {sku_for(i, leaf_list[i % len(leaf_list)][0].code): i for i in indexes}
        existing = set(Product.objects.filter(sku__in=list(skus)).values_list("sku", flat=True))
        missing = [i for sku, i in skus.items() if sku not in existing]
        if missing:
            with transaction.atomic():
                _create_batch([plan_product(i, leaf_list, brands, len(users)) for i in missing], users, pictures)
            created += len(missing)
    if created:
        invalidate_catalog()
    return created


def _create_batch(planned: list[_Planned], users, pictures) -> None:
    for plan in planned:
        # Rating and count follow from the approved reviews written below, computed here instead of per review.
        if plan.reviews:
            ratings = [rating for _, rating in plan.reviews]
            plan.product.rating = to_cents(Decimal(sum(ratings)) / len(ratings))
            plan.product.review_count = len(ratings)
        variants = plan.variants or [({}, None, plan.quantity)]
        plan.product.in_stock, plan.product.from_price = summary_of(
            plan.product.price, [(price, quantity > 0) for _, price, quantity in variants]
        )
    products = Product.objects.bulk_create([plan.product for plan in planned], batch_size=BATCH)
    if any(product.pk is None for product in products):  # backends without RETURNING (not ours)
        by_sku = dict(Product.objects.filter(sku__in=[p.sku for p in products]).values_list("sku", "pk"))
        for product in products:
            product.pk = by_sku[product.sku]
    levels = []
    for plan in planned:
        for order, (options, price, quantity) in enumerate(plan.variants or [({}, None, plan.quantity)]):
            sku = combination_sku(plan.product.sku, options.values()) if options else plan.product.sku
            variant = ProductVariant(
                product=plan.product, sku=sku, options=options, price=price, in_stock=quantity > 0, sort_order=order
            )
            levels.append((variant, quantity))
    ProductVariant.objects.bulk_create([variant for variant, _ in levels], batch_size=BATCH)

    # bulk_create sends no post_save: the attribute rows the listing filters on are written here too.
    rows = [row for plan in planned for row in attribute_rows(plan.product, [o for o, _, _ in plan.variants])]
    ProductAttributeValue.objects.bulk_create(rows, batch_size=BATCH)
    ProductImage.objects.bulk_create(
        [
            ProductImage(product=plan.product, image=pictures[picture], alt_text=alt, sort_order=order)
            for plan in planned
            for order, (picture, alt) in enumerate(plan.images)
        ],
        batch_size=BATCH,
    )
    Review.objects.bulk_create(
        [
            Review(
                product=plan.product,
                user=users[reviewer],
                rating=rating,
                title=REVIEW_LINES[rating][0],
                body=REVIEW_LINES[rating][1],
                status=Review.Status.APPROVED,
            )
            for plan in planned
            for reviewer, rating in plan.reviews
        ],
        batch_size=BATCH,
    )
    # Stock belongs to commerce, which writes the rows (with their ledger entries) for the planned quantities.
    demo_stock_planned.send(sender=Product, levels=levels)
    # bulk_create sends no post_save, so the search index is fed here, one multi-row statement per backend.
    for backend in get_search_backends(with_auto_update=True):
        backend.get_index_for_model(Product).add_items(Product, products)
