"""Write small question banks into a folder, valid unless a test breaks a piece."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

FRAMEWORK = """\
---
id: mini
title: Mini-Modell (Test)
language: de
description: Ein kleines Modell für Tests.
scale:
  - value: 1
    label: Erfüllt nicht
    anchor: Kaum gezeigt.
  - value: 2
  - value: 3
  - value: 4
    label: Übertrifft
    anchor: Deutlich über dem Level.
levels:
  - Junior
  - Senior
probe: Was war das Ergebnis?
decision_rule:
  min_rating: 3
  min_areas: 1
---

Beschreibung des Modells.
"""

AREA = """\
---
id: {id}
title: {title}
definition: Eine Zeile Definition.
---

## Indikatoren
+ zeigt Verhalten A
+ zeigt Verhalten B

## Level
### Junior
Erwartung Junior.
### Senior
Erwartung Senior.

## Nachweise
- ein Beleg

## Fragen
1. Erste Frage?
   - Nachfrage: Wer war beteiligt?
2. Zweite Frage?
3. Dritte Frage?
4. Vierte Frage?
   - Ergebnis: Welche Zahl stand am Ende?
"""


def write_bank(root: Path, files: dict[str, str] | None = None, *, areas: int = 2) -> Path:
    """A valid bank ``root/mini/`` with ``areas`` area files; ``files`` overrides or adds."""
    folder = root / "mini"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "framework.md").write_text(FRAMEWORK, encoding="utf-8")
    for n in range(1, areas + 1):
        (folder / f"{n:02d}-area.md").write_text(
            AREA.format(id=f"area-{n}", title=f"Bereich {n}"), encoding="utf-8"
        )
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return root


# The 35-area test framework's sections: five groups of seven criteria (tests only).
SECTION_TITLES = (
    "Kommunikation & Wirkung",
    "Führung & Personal",
    "Kunden & Vertrieb",
    "Planung & Steuerung",
    "Daten, Recht & Systeme",
)


def sections_yaml(areas: int, titles: tuple[str, ...] = SECTION_TITLES) -> str:
    """``sections:`` for ``soll_bank``'s criteria, split evenly over ``titles``."""
    size = -(-areas // len(titles))
    lines = ["sections:"]
    for index, title in enumerate(titles):
        last = min((index + 1) * size, areas)
        ids = [f"kriterium-{n}" for n in range(index * size + 1, last + 1)]
        if ids:
            lines += [f'  - title: "{title}"', f"    areas: [{', '.join(ids)}]"]
    return "\n".join(lines) + "\n"


def soll_bank(root: Path, areas: int = 35, *, sectioned: bool = False, extra: str = "") -> Path:
    """A framework shaped like the held-back one: 35 criteria, 5 points, target per criterion.

    ``sectioned`` groups the criteria into ``SECTION_TITLES``; ``extra`` is more
    front matter for ``framework.md`` (e.g. ``extreme_ratings: [1]``).
    """
    folder = root / "fuehrung"
    folder.mkdir(parents=True)
    front = (sections_yaml(areas) if sectioned else "") + extra
    (folder / "framework.md").write_text(
        dedent("""\
        ---
        id: fuehrung
        title: Kompetenzmodell Führungskräfte (Region)
        language: de
        scale:
          - value: 1
            label: bringt dies kaum ein
          - value: 2
          - value: 3
          - value: 4
          - value: 5
            label: bringt dies jederzeit ein
        probe: Was war das Ergebnis?
        decision_rule:
          min_rating: target
          min_areas: all
        """)
        + front
        + "---\n",
        encoding="utf-8",
    )
    titles = [
        "PERSONALREKRUTIERUNG, -AUSWAHL UND -EINSTELLUNG",
        "DATENKOMPETENZ (DATA LITERACY)",
        "Vertriebscontrolling/Kennzahlen",
        "Krisenbewältigung & Größe zeigen",
    ]
    for n in range(1, areas + 1):
        title = titles[n - 1] if n <= len(titles) else f"Kriterium {n}"
        indicators = "\n".join(f"+ Indikator {i} für „{title}“" for i in range(1, (n % 10) + 2))
        (folder / f"{n:02d}.md").write_text(
            dedent(f"""\
            ---
            id: kriterium-{n}
            title: "{title}"
            definition: Definition für {title}.
            target: {1 + n % 5}
            ---

            ## Indikatoren
            """)
            + indicators
            + dedent("""

            ## Fragen
            1. Erzählen Sie von einer Situation (Beispiel/Fall), in der ...
            2. Beschreiben Sie, wie Sie ...
            3. Schildern Sie einen Fall, in dem ...
            4. Wann haben Sie zuletzt ...
            """),
            encoding="utf-8",
        )
    return root
