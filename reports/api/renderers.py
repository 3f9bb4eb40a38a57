import csv
import io

from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    # A text cell starting like a formula is prefixed with ' so a spreadsheet shows it instead of running it.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return "" if value is None else value


class CSVRenderer(BaseRenderer):
    """``?format=csv``: the view's ``csv_rows(data)`` (a header row, then rows) as CSV."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = renderer_context["view"]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in view.csv_rows(data):
            writer.writerow([_cell(value) for value in row])
        return buffer.getvalue().encode(self.charset)
