"""A 35-criterion framework shaped like the held-back one (Framework B), for the results
page tests: a five-point scale, a target (Soll) per criterion, long upper-case German
titles with commas, hyphens, slashes and parentheses. Test data only, never shipped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.bank_builder import soll_bank
from tests.conftest import BANK_PATH

LONG_TITLES = {
    5: "KUNDENBEZIEHUNGSMANAGEMENT UND -ENTWICKLUNG IM GESCHÄFTSKUNDENBEREICH",
    6: "VERTRIEBSSTEUERUNG/-CONTROLLING (KENNZAHLEN, FORECAST, PIPELINE)",
    7: "Überzeugungskraft und Verhandlungsgeschick",
    8: "MITARBEITERFÜHRUNG, -ENTWICKLUNG UND -MOTIVATION",
    9: "DATENSCHUTZ (DSGVO) UND INFORMATIONSSICHERHEIT",
    10: "ERP-/CRM-SYSTEMKENNTNISSE",
}


def wide_bank(root: Path) -> Path:
    """``root`` with the 35-criterion framework "fuehrung" and the shipped Account-Manager
    framework next to it."""
    soll_bank(root, areas=35)
    for n, title in LONG_TITLES.items():
        path = root / "fuehrung" / f"{n:02d}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'^title: ".*"$', f'title: "{title}"', text, count=1,
                               flags=re.M), encoding="utf-8")  # fmt: skip
    shutil.copytree(BANK_PATH / "account-manager", root / "account-manager")
    return root
