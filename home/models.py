"""Editorial content: the home page, content pages, and the snippets around them (navigation, footer,
banners, service guarantees). Snippets carry drafts, revisions, previews, locking and scheduled publishing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin

from home.blocks import (
    BANNER_POSITIONS,
    FooterColumnBlock,
    NavItemBlock,
    SocialLinkBlock,
    content_body_blocks,
    home_body_blocks,
)
from home.previews import HeadlessSnippetPreviewMixin
from storefront.validators import validate_link
from storefront.windows import ends_after_start_q

# HeadlessPreviewMixin only (not HeadlessMixin): pages are also served by this site, so "View live"
# must stay here instead of redirecting to the preview client.


class HomePage(HeadlessPreviewMixin, Page):
    """The site root: one per site, its body a StreamField of storefront sections."""

    body = StreamField(home_body_blocks(), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.ContentPage"]

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body")]

    class Meta:
        verbose_name = "home page"


class ContentPage(HeadlessPreviewMixin, Page):
    """About, FAQ, Shipping and the like: an intro and a body."""

    intro = models.TextField(blank=True, max_length=500, help_text="One or two sentences shown under the title.")
    body = StreamField(content_body_blocks(), blank=True)

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = "content page"


class SnippetBase(
    HeadlessSnippetPreviewMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """Drafts, revisions, previews (on a separate frontend too: home.previews), locking and scheduled publishing
    (go_live_at / expire_at)."""

    class Meta:
        abstract = True

    preview_template: str = ""

    def get_preview_template(self, request, mode_name):
        return self.preview_template


class SingletonSnippet(SnippetBase):
    """A snippet the site has exactly one of (the navigation, the footer)."""

    # Backs the single-row rule in the database; clean() turns a second row into a form error.
    singleton = models.BooleanField(default=True, editable=False, unique=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if type(self).objects.exclude(pk=self.pk).exists():
            raise ValidationError(f"There is already a {self._meta.verbose_name}; edit that one instead.")


class NavigationMenu(SingletonSnippet):
    name = models.CharField(max_length=80, default="Main navigation")
    items = StreamField([("item", NavItemBlock())], blank=True, help_text="Top-level items, each with sub-items.")

    preview_template = "home/previews/navigation.html"
    panels = [FieldPanel("name"), FieldPanel("items"), PublishingPanel()]

    class Meta(SnippetBase.Meta):
        verbose_name = "navigation menu"

    def __str__(self):
        return self.name

    def get_preview_context(self, request, mode_name):
        from home.selectors import navigation_tree

        return {**super().get_preview_context(request, mode_name), "navigation": navigation_tree(self)}


class Footer(SingletonSnippet):
    name = models.CharField(max_length=80, default="Footer")
    columns = StreamField([("column", FooterColumnBlock())], blank=True)
    copyright = models.CharField(max_length=200, blank=True, help_text="'{year}' is replaced with the current year.")
    social = StreamField([("link", SocialLinkBlock())], blank=True, verbose_name="social links")

    preview_template = "home/previews/footer.html"
    panels = [
        FieldPanel("name"),
        FieldPanel("columns"),
        FieldPanel("copyright"),
        FieldPanel("social"),
        PublishingPanel(),
    ]

    class Meta(SnippetBase.Meta):
        verbose_name = "footer"

    def __str__(self):
        return self.name

    def get_preview_context(self, request, mode_name):
        from home.selectors import footer_tree

        return {**super().get_preview_context(request, mode_name), "footer": footer_tree(self)}


class Banner(SnippetBase):
    """A promotional banner shown at one position while it is published and inside its display window."""

    title = models.CharField(max_length=120)
    subtitle = models.CharField(max_length=250, blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    link_url = models.CharField(
        "link", max_length=500, blank=True, validators=[validate_link], help_text="A full URL or a path such as /sale/."
    )
    position = models.CharField(max_length=20, choices=BANNER_POSITIONS, db_index=True)
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Shown from this moment (empty: at once).")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Hidden from this moment (empty: never).")
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    # The promotion the banner advertises (at most one): the API then carries its name and end for a countdown.
    discount = models.ForeignKey(
        "catalog.Discount", null=True, blank=True, on_delete=models.SET_NULL, related_name="banners"
    )
    coupon = models.ForeignKey(
        "commerce.Coupon", null=True, blank=True, on_delete=models.SET_NULL, related_name="banners"
    )

    preview_template = "home/previews/banner.html"
    panels = [
        FieldPanel("title"),
        FieldPanel("subtitle"),
        FieldPanel("image"),
        FieldPanel("link_url"),
        FieldPanel("position"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at")],
            heading="Display window",
            help_text="Checked on every request, to the second; the publishing schedule below publishes content.",
        ),
        MultiFieldPanel(
            [FieldPanel("discount"), FieldPanel("coupon")],
            heading="Promotion",
            help_text="A discount or a coupon (not both): its name, end and code go out with the banner.",
        ),
        PublishingPanel(),
    ]

    class Meta(SnippetBase.Meta):
        ordering = ["position", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start_q(),
                name="banner_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(discount__isnull=True) | Q(coupon__isnull=True), name="banner_one_promotion"
            ),
        ]
        indexes = [models.Index(fields=["position", "live", "sort_order"], name="banner_position_live_idx")]

    def __str__(self):
        return f"{self.title} ({self.get_position_display()})"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."})
        if self.discount_id and self.coupon_id:
            raise ValidationError({"coupon": "Choose a discount or a coupon, not both."})

    def get_preview_context(self, request, mode_name):
        from home.selectors import banner_card

        return {**super().get_preview_context(request, mode_name), "banner": banner_card(self)}


class ServiceGuarantee(SnippetBase):
    """One promise of the guarantees strip (free shipping, easy returns...)."""

    ICONS = [
        ("truck", "Delivery truck"),
        ("return", "Returns"),
        ("lock", "Secure payment"),
        ("support", "Customer support"),
        ("gift", "Gift"),
        ("tag", "Price tag"),
        ("star", "Star"),
    ]

    title = models.CharField(max_length=80)
    description = models.CharField(max_length=250, blank=True)
    icon = models.CharField(max_length=20, choices=ICONS, default="truck")
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    preview_template = "home/previews/guarantee.html"
    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("icon"), PublishingPanel()]

    class Meta(SnippetBase.Meta):
        ordering = ["sort_order", "id"]
        verbose_name = "service guarantee"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding and not self.sort_order:
            # New guarantees go last, so the admin's drag-and-drop reordering has distinct positions to swap.
            last = ServiceGuarantee.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = (last or 0) + 1
        super().save(*args, **kwargs)

    def get_preview_context(self, request, mode_name):
        from home.selectors import guarantee_card

        return {**super().get_preview_context(request, mode_name), "guarantee": guarantee_card(self)}
