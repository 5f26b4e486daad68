"""The statistics package stays pure and light: no Flask, no database, NumPy only on use."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import interview.statistics

PACKAGE = Path(interview.statistics.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

SCRIPT = f"""
import sys
for name in {MODULES!r}:
    __import__("interview.statistics." + name)
print(",".join(sorted(m for m in ("numpy", "krippendorff", "sqlalchemy") if m in sys.modules)))
"""


def test_importing_every_module_does_not_load_numpy():
    assert "agreement" in MODULES  # the glob found the package
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
        cwd=PACKAGE.parent.parent,
    )  # fmt: skip
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", MODULES)
def test_modules_import_only_the_standard_library_numpy_and_each_other(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names] if isinstance(node, ast.Import)
            else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        )
    }  # fmt: skip
    outside = {
        name for name in imported
        if not name.startswith("interview.statistics")
        and name.split(".")[0] not in sys.stdlib_module_names and name != "numpy"
    }  # fmt: skip
    assert outside == set()
