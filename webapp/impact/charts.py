"""Bar charts drawn on the server as SVG geometry: no chart library, nothing from outside.

The template (impact/_chart.html) turns a Chart into <svg role="img"> with a <title> and
a <desc>; every value is also in the data table beside it, so nothing relies on colour.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 200
TOP, BOTTOM, LEFT, RIGHT = 22, 30, 6, 6
# Up to this many bars carry their value as text; beyond that the table carries them.
LABELLED_BARS = 12
MAX_MONTH_LABELS = 6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str
    month: str
    show_value: bool
    show_month: bool


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    bars: list[Bar]
    baseline: float
    width: int = WIDTH
    height: int = HEIGHT


def short_month(month: str) -> str:
    """ "2026-03" as "3/26": short enough for 360 px, the same in every language."""
    year, number = month.split("-")
    return f"{int(number)}/{year[2:]}"


def bar_chart(slug: str, title: str, description: str, series) -> Chart:
    series = list(series)
    peak = max((value for _, value in series), default=0) or 1
    inner_width = WIDTH - LEFT - RIGHT
    inner_height = HEIGHT - TOP - BOTTOM
    band = inner_width / max(len(series), 1)
    every = -(-len(series) // MAX_MONTH_LABELS)  # ceiling division
    bars = []
    for index, (month, value) in enumerate(series):
        height = inner_height * value / peak
        bars.append(
            Bar(
                x=round(LEFT + index * band + band * 0.15, 2),
                y=round(TOP + inner_height - height, 2),
                width=round(band * 0.7, 2),
                height=round(height, 2),
                value=value,
                label=format_value(value),
                month=short_month(month),
                show_value=len(series) <= LABELLED_BARS,
                show_month=index % every == 0,
            )
        )
    return Chart(slug, title, description, bars, baseline=TOP + inner_height)


def format_value(value: float) -> str:
    return str(int(round(value)))
