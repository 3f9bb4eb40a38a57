"""Prints `content_type token` of a fresh preview of the site's About page with a changed title (e2e helper).

Run as: ../.venv/bin/python ../manage.py shell -c "exec(open('e2e/make-preview.py').read())" -- it writes no live data,
only a wagtail-headless-preview PagePreview row (garbage-collected after a day).
"""

from wagtail.models import Page

page = Page.objects.get(url_path__endswith="/about/").specific
page.title = "About us (draft from e2e)"
preview = page.create_page_preview()
print(page.get_content_type_str(), preview.token)
