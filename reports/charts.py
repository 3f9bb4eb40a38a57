"""Server-side SVG charts for the admin: coordinates computed here, drawn by a template (no JS, no CDN)."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Decimal


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    maximum: Decimal
    total: Decimal
    first_label: str
    last_label: str
    baseline: float


def bar_chart(points: list[tuple[str, Decimal]], *, width: int = 600, height: int = 160, gap: float = 2) -> BarChart:
    """Bars for ``points`` ([(label, value)]), scaled to the largest value, in a ``width`` x ``height`` box
    with 16 px kept free at the bottom for the axis labels."""
    plot_height = height - 16
    maximum = max((value for _, value in points), default=Decimal(0))
    slot = width / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = float(value / maximum) * plot_height if maximum else 0
        bars.append(
            Bar(
                x=round(index * slot + gap / 2, 2),
                y=round(plot_height - bar_height, 2),
                width=round(max(slot - gap, 1), 2),
                height=round(bar_height, 2),
                label=label,
                value=value,
            )
        )
    return BarChart(
        width=width,
        height=height,
        bars=bars,
        maximum=maximum,
        total=sum((value for _, value in points), Decimal(0)),
        first_label=points[0][0] if points else "",
        last_label=points[-1][0] if points else "",
        baseline=plot_height,
    )
