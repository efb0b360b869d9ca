"""Cards signed over time as a bar chart drawn on the server: the geometry of an inline SVG, no script.

The template (organizing/_cards_chart.html) draws each bar with its value written above it, so the chart reads
without colour; a table beside it gives the same figures to screen readers.
"""

import math
from dataclasses import dataclass

HEIGHT = 220
PLOT_TOP, PLOT_BOTTOM = 24, 184  # the plot's top and its baseline; month names below
LEFT, RIGHT = 44, 12
SLOT = 44  # the least width given to one month
MIN_WIDTH = 480  # a few months share this width
BAR = 28


@dataclass(frozen=True)
class Bar:
    key: str  # "2026-03"
    label: str  # "Mar 2026"
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool  # month names are written under every n-th bar when there are many

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    top_value: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value) of the scale's lines


def scale_top(largest: int) -> int:
    """The scale's top: a round number at least as large as the largest bar (1, 2, 5, 10, 20, 50, ...)."""
    if largest <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(largest))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= largest)


def bar_chart(points: list[tuple[str, str, int]]) -> Chart:
    """points: (key, label, value) in time order."""
    top = scale_top(max((v for _, _, v in points), default=0))
    plot_height = PLOT_BOTTOM - PLOT_TOP
    every = max(1, math.ceil(len(points) / 12))
    slot = max(SLOT, (MIN_WIDTH - LEFT - RIGHT) / max(1, len(points)))
    bars = []
    for i, (key, label, value) in enumerate(points):
        height = round(plot_height * value / top, 2)
        bars.append(
            Bar(
                key=key,
                label=label,
                value=value,
                x=round(LEFT + i * slot + (slot - BAR) / 2, 2),
                y=round(PLOT_BOTTOM - height, 2),
                width=BAR,
                height=height,
                show_label=i % every == 0,
            )
        )
    ticks = [(round(PLOT_BOTTOM - plot_height * v / top, 2), v) for v in sorted({0, top // 2, top})]
    return Chart(
        width=math.ceil(LEFT + slot * len(points) + RIGHT),
        height=HEIGHT,
        baseline=PLOT_BOTTOM,
        top_value=top,
        bars=bars,
        ticks=ticks,
    )


def cards_chart(months) -> Chart:
    return bar_chart([(m.key, m.label, m.cards) for m in months])
