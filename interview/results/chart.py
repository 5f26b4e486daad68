"""The candidate's profile against the expectation: the geometry of an accessible SVG.

The SVG itself is the template ``results/_chart.svg`` (autoescaped); this module only
lays it out. Area titles are wrapped by their measured width, not cut by a character
count: a wide upper-case German title ("PERSONALREKRUTIERUNG, -AUSWAHL UND -EINSTELLUNG")
takes far more room than as many lower-case letters and must never run under the bars.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview.scoring import AreaResult

WIDTH = 720
LABEL_WIDTH = 270  # the labels' column; bars start here
LABEL_ROOM = LABEL_WIDTH - 12  # a gap between the longest line and the bars
FONT = 15  # px, as .profile-chart in app.css
LINE = 18
MAX_LINES = 3
ROW = 46
TOP = 34

# Advance widths in em of a typical sans-serif (Arial/Roboto metrics, rounded up), so the
# estimate errs on the wide side whatever font the tablet has.
_NARROW = set("iljfrtI.,:;'!|()[]/ -")
_WIDE = set("mwMWÄÖÜÆŒ@%&")


def text_width(text: str, size: float = FONT) -> float:
    """The estimated width of ``text`` in px at font size ``size``."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.34
        elif ch in _WIDE:
            total += 0.92
        elif ch.isupper():
            total += 0.72
        else:  # lower case, digits
            total += 0.58
    return total * size


def _pieces(title: str) -> list[str]:
    """Break opportunities: after spaces, and after a hyphen or slash inside a word."""
    pieces, current = [], ""
    for ch in title:
        current += ch
        if ch == " " or (ch in "-/" and len(current.strip()) > 1):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


HARD_BREAK = "\u2010"  # a hyphen that marks a break inside a word too long for a line


def wrap(title: str, room: float = LABEL_ROOM, max_lines: int = MAX_LINES) -> list[str]:
    """``title`` in at most ``max_lines`` lines no wider than ``room``; a piece that is too
    long alone is split by letters (with ``HARD_BREAK``), and the last line ends in "…"
    if text remains."""
    lines: list[str] = []
    current = ""
    for piece in _pieces(title):
        if text_width((current + piece).rstrip()) <= room:
            current += piece
            continue
        if current:
            lines.append(current.rstrip())
        current = ""
        for ch in piece:  # a word wider than the column
            if current and text_width(current + ch + HARD_BREAK) > room:
                lines.append(current + HARD_BREAK)
                current = ""
            current += ch
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and text_width(last + "…") > room:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip() + "…"]


@dataclass(frozen=True)
class Dot:
    x: float
    rater: str
    value: int


@dataclass(frozen=True)
class Row:
    area: AreaResult
    y: float
    height: float
    lines: list[str]
    expected_width: float | None
    actual_width: float | None
    dots: list[Dot] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return self.y + self.height / 2

    @property
    def below(self) -> bool:
        """Rated under the expectation: drawn in the warning colour (and marked ▼)."""
        return self.area.gap is not None and self.area.gap < 0

    @property
    def value_x(self) -> float:
        """Right of the bar and of every rater's dot, so the number is never covered."""
        ends = [LABEL_WIDTH + (self.actual_width or 0)] + [d.x + 5 for d in self.dots]
        return max(ends) + 8

    @property
    def first_line_y(self) -> float:
        return self.middle - (len(self.lines) - 1) * LINE / 2 + 5


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    top: int
    ticks: list[tuple[float, int]]
    rows: list[Row]
    line: int = LINE

    @property
    def legend_y(self) -> int:
        return self.height - 10


def profile_chart(areas: list[AreaResult], scale: list[int], extra: str = "extra") -> Chart:
    """Rows for the mean rating, a frame for the expected value, dots for each rater.
    An area the requisition does not require gets a last line ``(extra)``."""
    low, high = scale[0], scale[-1]
    span = WIDTH - LABEL_WIDTH - 60

    def x(value: float) -> float:
        return round(LABEL_WIDTH + (value - low + 1) / (high - low + 1) * span, 1)

    rows, y = [], float(TOP)
    for area in areas:
        lines = wrap(area.title) + ([] if area.required else [f"({extra})"])
        height = max(ROW, len(lines) * LINE + 16)
        rows.append(
            Row(
                area,
                y,
                height,
                lines,
                x(area.expected) - LABEL_WIDTH if area.expected is not None else None,
                x(area.mean) - LABEL_WIDTH if area.mean is not None else None,
                [Dot(x(r.value), r.rater, r.value) for r in area.ratings if r.value is not None],
            )  # fmt: skip
        )
        y += height
    height = int(y) + 30
    return Chart(WIDTH, height, LABEL_WIDTH, TOP, [(x(v), v) for v in scale], rows)
