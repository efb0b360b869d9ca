"""A grouped bar chart drawn on the server as SVG geometry (templates/benevolence/_chart.html draws it).

No script and no colour needed to read it: each series has its own fill pattern and a legend in words, each
bar its value as a <title>, and the page puts the same figures in a table beside it.
"""

from dataclasses import dataclass
from decimal import Decimal

from hallweb.formats import money

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 10, 10, 40
SERIES = (("requested", "Requested"), ("approved", "Approved"), ("paid", "Paid"))


@dataclass(frozen=True)
class Bar:
    series: str
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    x: float  # the centre of the group, for its label


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    groups: list[Group]
    baseline: float
    left: int


def nice_top(largest: Decimal) -> Decimal:
    """A round maximum for the axis, at least the largest value ($1,000 when there is nothing)."""
    if largest <= 0:
        return Decimal(1000)
    step = Decimal(10) ** (len(str(int(largest))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = step * Decimal(str(factor))
        if top >= largest:
            return top
    return step * 10


def bar_chart(rows) -> Chart:
    """rows: objects with label, requested, approved and paid (summary.Row)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max([getattr(r, s) for r in rows for s, _ in SERIES] or [Decimal(0)]))
    group_w = plot_w / max(len(rows), 1)
    bar_w = group_w * 0.8 / len(SERIES)
    bars, groups = [], []
    for i, row in enumerate(rows):
        start = LEFT + i * group_w + group_w * 0.1
        groups.append(Group(row.label, start + bar_w * len(SERIES) / 2))
        for j, (name, label) in enumerate(SERIES):
            value = getattr(row, name)
            h = float(value / top) * plot_h
            bars.append(
                Bar(name, round(start + j * bar_w, 1), round(TOP + plot_h - h, 1), round(bar_w, 1), round(h, 1),
                    f"{row.label}, {label.lower()}: {money(value)}")
            )  # fmt: skip
    ticks = [Tick(round(TOP + plot_h - plot_h * k / 4, 1), money(top * k / 4)) for k in range(5)]
    return Chart(WIDTH, HEIGHT, bars, ticks, groups, TOP + plot_h, LEFT)
