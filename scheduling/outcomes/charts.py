"""Small charts drawn on the server as SVG, each with a title and a description
for screen readers. Pages show the same data as a table next to the chart."""

from dataclasses import dataclass
from itertools import count

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

_ids = count(1)
BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 8, 150, 360


@dataclass
class Bar:
    label: str
    value: float
    y: int = 0
    width: float = 0


def bar_chart(*, title: str, description: str, bars: list[tuple[str, float]]) -> SafeString:
    """Horizontal bars, longest = full width; the numbers are printed on the bars."""
    top = float(max((value for _label, value in bars), default=0)) or 1.0
    drawn = [
        Bar(str(label), value, y=i * (BAR_HEIGHT + GAP), width=(WIDTH - 40) * float(value) / top)
        for i, (label, value) in enumerate(bars)
    ]
    height = max(len(drawn) * (BAR_HEIGHT + GAP), BAR_HEIGHT)
    context = {
        "uid": f"chart{next(_ids)}",
        "title": title,
        "description": description,
        "bars": drawn,
        "height": height,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + WIDTH,
        "bar_height": BAR_HEIGHT,
    }
    return render_to_string("charts/bar.svg", context)


@dataclass
class Point:
    x: float
    y: float
    label: str


def step_chart(
    *, title: str, description: str, values: list[tuple[str, int]], levels: list[str]
) -> SafeString:
    """A line over ordered levels (for example not yet / with help / alone)."""
    step_x = 300 / max(len(values) - 1, 1)
    row = 40
    points = [
        Point(60 + i * step_x, 20 + (len(levels) - 1 - level) * row, label)
        for i, (label, level) in enumerate(values)
    ]
    context = {
        "uid": f"chart{next(_ids)}",
        "title": title,
        "description": description,
        "points": points,
        "polyline": " ".join(f"{p.x:.0f},{p.y:.0f}" for p in points),
        "levels": [(name, 20 + (len(levels) - 1 - i) * row) for i, name in enumerate(levels)],
        "height": 40 + (len(levels) - 1) * row,
    }
    return render_to_string("charts/steps.svg", context)
