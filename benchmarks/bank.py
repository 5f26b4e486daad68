"""A generated question bank the size of a large real one: 35 areas, four questions each,
a 5-point scale and a target per area (the shape of ``tests/bank_builder.soll_bank``)."""

from __future__ import annotations

from pathlib import Path

FRAMEWORK = """\
---
id: fuehrung
title: Kompetenzmodell Führungskräfte (Benchmark)
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
---
"""

AREA = """\
---
id: kriterium-{n}
title: "Kriterium {n}"
definition: Definition für Kriterium {n}.
target: {target}
---

## Indikatoren
{indicators}

## Fragen
1. Erzählen Sie von einer Situation (Beispiel/Fall), in der ...
2. Beschreiben Sie, wie Sie ...
3. Schildern Sie einen Fall, in dem ...
4. Wann haben Sie zuletzt ...
"""


def write_bank(root: Path, areas: int = 35) -> Path:
    """The bank under ``root`` (one framework folder); returns ``root``."""
    folder = root / "fuehrung"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "framework.md").write_text(FRAMEWORK, encoding="utf-8")
    for n in range(1, areas + 1):
        indicators = "\n".join(f"+ Indikator {i} für Kriterium {n}" for i in range(1, n % 10 + 2))
        text = AREA.format(n=n, target=1 + n % 5, indicators=indicators)
        (folder / f"{n:02d}.md").write_text(text, encoding="utf-8")
    return root
