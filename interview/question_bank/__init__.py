"""The Markdown question bank: parse, validate, version. Pure: no Flask, no database."""

from interview.question_bank.errors import BankError, BankInvalid
from interview.question_bank.loader import load_bank
from interview.question_bank.model import (
    Area,
    AreaGroup,
    Bank,
    DecisionRule,
    Framework,
    Level,
    LevelExpectation,
    Question,
    ScalePoint,
    Section,
    framework_from_dict,
    framework_to_dict,
)

__all__ = [
    "Area",
    "AreaGroup",
    "Bank",
    "BankError",
    "BankInvalid",
    "DecisionRule",
    "Framework",
    "Level",
    "LevelExpectation",
    "Question",
    "ScalePoint",
    "Section",
    "framework_from_dict",
    "framework_to_dict",
    "load_bank",
]
