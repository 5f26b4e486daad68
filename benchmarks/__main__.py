"""``python -m benchmarks``: the same as ``python benchmarks/pages.py``."""

from benchmarks.run import main

raise SystemExit(main())
