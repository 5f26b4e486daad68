"""The candidate's profile against the expectation as an accessible SVG, drawn on the server."""

from __future__ import annotations

from markupsafe import Markup, escape

from interview.scoring import AreaResult

WIDTH = 720
LABEL_WIDTH = 250
ROW = 46
TOP = 34


def profile_svg(
    areas: list[AreaResult], scale: list[int], title: str, legend: dict[str, str]
) -> Markup:
    """Bars for the mean rating, a dashed frame for the expected value, dots for each rater.

    Readable without colour: expected and actual differ in shape (frame vs. filled bar),
    every value is also written as text, and <title>/<desc> describe the chart.
    """
    low, high = scale[0], scale[-1]
    span = WIDTH - LABEL_WIDTH - 60

    def x(value: float) -> float:
        return LABEL_WIDTH + (value - low + 1) / (high - low + 1) * span

    height = TOP + ROW * len(areas) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="profile-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(_description(areas, legend))}</desc>',
    ]
    for value in scale:
        parts.append(
            f'<line x1="{x(value):.1f}" y1="{TOP - 8}" x2="{x(value):.1f}" '
            f'y2="{height - 26}" class="grid"/>'
            f'<text x="{x(value):.1f}" y="{TOP - 14}" class="tick">{value}</text>'
        )
    for row, area in enumerate(areas):
        parts.append(_row(area, TOP + row * ROW, x, legend))
    parts.append(_legend(height - 10, legend))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text in it went through escape())


def _row(area: AreaResult, y: float, x, legend: dict[str, str]) -> str:
    middle = y + ROW / 2
    out = [f'<g class="area area-{escape(area.state)}">',
           f'<text x="0" y="{middle + 5:.1f}" class="label">{escape(_short(area.title))}</text>']  # fmt: skip
    if area.expected is not None:
        out.append(
            f'<rect x="{LABEL_WIDTH}" y="{middle - 14:.1f}" width="{x(area.expected) - LABEL_WIDTH:.1f}" '
            f'height="28" class="expected"><title>{escape(legend["expected"])}: {area.expected}</title></rect>'
        )
    if area.mean is not None:
        out.append(
            f'<rect x="{LABEL_WIDTH}" y="{middle - 7:.1f}" width="{x(area.mean) - LABEL_WIDTH:.1f}" '
            f'height="14" class="actual"><title>{escape(legend["actual"])}: {area.mean:g}</title></rect>'
            f'<text x="{x(area.mean) + 8:.1f}" y="{middle + 5:.1f}" class="value">{area.mean:g}</text>'
        )
    else:
        label = legend["insufficient"] if area.state == "insufficient" else legend["missing"]
        out.append(
            f'<text x="{LABEL_WIDTH + 6}" y="{middle + 5:.1f}" class="value none">{escape(label)}</text>'
        )
    for rating in area.ratings:
        if rating.value is not None:
            out.append(
                f'<circle cx="{x(rating.value):.1f}" cy="{middle:.1f}" r="5" class="rater"/>'
            )
    out.append("</g>")
    return "".join(out)


def _legend(y: float, legend: dict[str, str]) -> str:
    # starts at the left edge: translated labels need the room
    return (
        f'<g class="legend"><rect x="0" y="{y - 11}" width="22" height="12" class="expected"/>'
        f'<text x="28" y="{y}">{escape(legend["expected"])}</text>'
        f'<rect x="230" y="{y - 8}" width="22" height="7" class="actual"/>'
        f'<text x="258" y="{y}">{escape(legend["actual"])}</text>'
        f'<circle cx="480" cy="{y - 4}" r="5" class="rater"/>'
        f'<text x="492" y="{y}">{escape(legend["rater"])}</text></g>'
    )


def _description(areas: list[AreaResult], legend: dict[str, str]) -> str:
    parts = []
    for area in areas:
        actual = (
            f"{area.mean:g}"
            if area.mean is not None
            else (legend["insufficient"] if area.state == "insufficient" else legend["missing"])
        )
        expected = f", {legend['expected']} {area.expected}" if area.expected is not None else ""
        parts.append(f"{area.title}: {actual}{expected}")
    return "; ".join(parts)


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
