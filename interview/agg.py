"""AGG checks: words that point at grounds the AGG protects (age, pregnancy and family
plans, religion, ethnic origin, disability, sexual identity) or at topics inadmissible in
an interview (union membership). Pure: no Flask, no database, so ``check-bank`` stays
fast and the kit can ask per saved field.

The word lists are reviewed data, one file per language (``agg_words/<language>.txt`` in
the package, or the folder named by the ``AGG_WORDS_PATH`` setting). A hit is a hint for
people, never a block: the bank check warns, the kit reminds that it must not influence
the rating.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE_WORDS = Path(__file__).parent / "agg_words"
GROUNDS = ("age", "family", "religion", "ethnic_origin", "disability", "sexual_identity",
           "union")  # fmt: skip
HEADING = re.compile(r"^\[(\w+)\]$")
#: question-bank list markers and emphasis, stripped before a line is compared
WORD_START = r"(?<!\w)"
MARKUP = re.compile(r"^\s*(?:\d+\.|[-+*>])\s*|[*_`]")


class WordListInvalid(ValueError):
    """A word list that cannot be read, with ``path:line`` in the message."""


@dataclass(frozen=True)
class Term:
    ground: str
    text: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Hit:
    ground: str
    term: str


def compile_term(ground: str, text: str) -> Term:
    """A whole-word match; a trailing ``*`` matches word beginnings; spaces match any run
    of whitespace."""
    prefix = text.endswith("*")
    words = text.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    pattern = WORD_START + body + ("" if prefix else r"(?!\w)")
    return Term(ground, text, re.compile(pattern, re.IGNORECASE))


def parse_words(text: str, source: str) -> tuple[Term, ...]:
    terms: list[Term] = []
    ground: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        heading = HEADING.match(line)
        if heading:
            ground = heading.group(1)
            if ground not in GROUNDS:
                raise WordListInvalid(f"{source}:{number}: unknown ground [{ground}]")
        elif ground is None:
            raise WordListInvalid(f"{source}:{number}: a term before the first [ground]")
        elif not line.rstrip("*").strip():
            raise WordListInvalid(f"{source}:{number}: empty term")
        else:
            terms.append(compile_term(ground, line))
    return tuple(terms)


@lru_cache(maxsize=8)
def load_words(folder: str | None = None) -> dict[str, tuple[Term, ...]]:
    """The word lists per language (file name without ``.txt``) from ``folder``, else the
    package's own. Raises ``WordListInvalid`` with ``path:line``."""
    root = Path(folder) if folder else PACKAGE_WORDS
    if not root.is_dir():
        raise WordListInvalid(f"{root}:0: word list folder not found")
    lists = {}
    for path in sorted(root.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WordListInvalid(f"{path}:0: cannot read ({exc})") from exc
        lists[path.stem] = parse_words(text, str(path))
    return lists


@lru_cache(maxsize=16)
def _any_term(terms: tuple[Term, ...]) -> re.Pattern[str]:
    """One pattern matching wherever any of the terms does. Every term starts at a word
    start, so the alternatives are tried only there, not at every character."""
    bodies = (t.pattern.pattern.removeprefix(WORD_START) for t in terms)
    return re.compile(WORD_START + "(?:" + "|".join(bodies) + ")", re.IGNORECASE)


def find(text: str, terms: Iterable[Term]) -> list[Hit]:
    """Every ground the text touches, once per ground, in the list's order."""
    terms = tuple(terms)
    # Most notes touch no ground: one search of the combined pattern settles that, where
    # a search per term cost the kit page a few hundred searches.
    if not terms or not _any_term(terms).search(text):
        return []
    hits: dict[str, Hit] = {}
    for term in terms:
        if term.ground not in hits and term.pattern.search(text):
            hits[term.ground] = Hit(term.ground, term.text)
    return list(hits.values())


def terms_for(words: dict[str, tuple[Term, ...]], language: str) -> tuple[Term, ...]:
    """The language's list, falling back on every list (a bank in another language)."""
    if language in words:
        return words[language]
    return tuple(t for terms in words.values() for t in terms)


def _flat(text: str) -> str:
    return " ".join(MARKUP.sub("", text).split()).casefold()


@dataclass(frozen=True)
class BankWarning:
    path: str
    line: int
    hit: Hit

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: warning: a question touches a protected ground "
            f"({self.hit.ground}: '{self.hit.term}'); it must play no part in the decision (AGG)"
        )


def bank_warnings(bank, words: dict[str, tuple[Term, ...]]) -> list[BankWarning]:
    """Lines of the bank's Markdown files that belong to a question (text, outcome probe,
    follow-up probes) and touch a protected ground."""
    found = []
    for framework in bank.frameworks:
        terms = terms_for(words, framework.language)
        asked = " \n ".join(
            _flat(text)
            for area in framework.areas for q in area.questions
            for text in (q.text, q.outcome_probe, *q.probes)
        )  # fmt: skip
        folder = Path(framework.source)
        for path in sorted(folder.glob("*.md")):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for number, line in enumerate(lines, start=1):
                flat = _flat(line)
                if not flat or flat not in asked:
                    continue
                found += [BankWarning(framework.source + "/" + path.name, number, hit)
                          for hit in find(line, terms)]  # fmt: skip
    return found
