"""Run the benchmark: ``python benchmarks/pages.py --help`` (or ``python -m benchmarks``).

Kept under this name because the project README points here; the work is in
``benchmarks/run.py`` and the modules beside it. See benchmarks/README.md.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    # run as a script: import the package from the project folder, not this one
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    from benchmarks.run import main

    raise SystemExit(main())
