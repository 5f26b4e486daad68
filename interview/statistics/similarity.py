"""Near-identical texts among many: word shingles, Jaccard similarity, and a prefix-filter
join that avoids comparing every pair.

Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): order each text's shingles
by how rare they are overall. Two sets with Jaccard >= t share at least ceil(t * |x|)
shingles, so they must share one among the first |x| - ceil(t * |x|) + 1 of x's and of y's.
Only pairs meeting there are compared: exact, and fast because rare shingles come first.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

SHINGLE = 3  # words per shingle
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Casefolded words, punctuation and layout dropped (NFKC first, so that look-alike
    characters count as one)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(tokens: Sequence[str], size: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    """The set of ``size``-word runs; a text shorter than that is one shingle."""
    if len(tokens) < size:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _least(threshold: float, size: int) -> int:
    # the small margin keeps 0.7 * 10 = 7.000000000000001 from becoming 8
    return max(1, math.ceil(threshold * size - 1e-9))


def similar_pairs(sets: Sequence[frozenset], threshold: float) -> list[tuple[int, int, float]]:
    """Every pair (i, j, similarity), i < j, of non-empty sets with Jaccard >= threshold
    (0 < threshold <= 1), in index order."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must lie in (0, 1]")
    frequency = Counter(token for s in sets for token in s)
    index: dict[object, list[int]] = defaultdict(list)
    found = []
    for j, current in enumerate(sets):
        if not current:
            continue
        ordered = sorted(current, key=lambda token: (frequency[token], token))
        prefix = ordered[: len(ordered) - _least(threshold, len(ordered)) + 1]
        candidates = {i for token in prefix for i in index[token]}
        for i in sorted(candidates):
            similarity = jaccard(sets[i], current)
            if similarity >= threshold:
                found.append((i, j, similarity))
        for token in prefix:
            index[token].append(j)
    return sorted(found)
