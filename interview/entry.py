"""The ``scorecard`` console script. ``check-bank`` runs without importing Flask (fast
enough for a commit hook); every other command is Flask's command line (``interview.cli``)."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["check-bank"]:
        from interview.bank_check import main as check_bank

        sys.exit(check_bank(args[1:]))
    from interview.cli import main as flask_main

    flask_main()
