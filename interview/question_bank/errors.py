"""Problems found in a question bank, each with the file and line to fix."""

from __future__ import annotations

from dataclasses import dataclass

MAX_MESSAGE_CHARS = 300
ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


@dataclass(frozen=True, order=True)
class BankError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ErrorList:
    def __init__(self) -> None:
        self.items: list[BankError] = []

    def add(self, path: str, line: int, message: str) -> None:
        # Messages quote values from the bank: keep each one a single, short line.
        message = message.translate(ONE_LINE)
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[: MAX_MESSAGE_CHARS - 1] + "…"
        self.items.append(BankError(path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class BankInvalid(Exception):
    """The bank has problems; nothing of it may be used."""

    def __init__(self, errors: list[BankError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
