"""The loaded question bank and the framework versions stored in the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app

from interview.caching import BoundedCache, app_cache
from interview.extensions import db
from interview.models import FrameworkVersion
from interview.question_bank import (
    Bank,
    BankInvalid,
    Framework,
    framework_from_dict,
    framework_to_dict,
    load_bank,
)


class QuestionBankBroken(RuntimeError):
    """Raised at start-up: the app refuses to run on a bank with problems."""

    def __init__(self, path: str, error: BankInvalid) -> None:
        self.errors = error.errors
        lines = "\n".join(str(e) for e in error.errors)
        super().__init__(
            f"The question bank at {path} has {len(error.errors)} problem(s); "
            f"the app will not start until they are fixed:\n{lines}"
        )


def load_configured_bank(path: str) -> Bank:
    try:
        return load_bank(path)
    except BankInvalid as exc:
        raise QuestionBankBroken(path, exc) from exc


def current_bank() -> Bank:
    return current_app.extensions["question_bank"]


def get_framework(framework_id: str) -> Framework | None:
    return current_bank().get(framework_id)


@dataclass(frozen=True)
class SyncResult:
    framework: Framework
    created: bool


def sync_bank(bank: Bank) -> list[SyncResult]:
    """Store every framework version of ``bank`` not yet in the database.

    Idempotent: a version already stored is left alone (its snapshot is what earlier
    interviews showed). Flushes; the caller commits.
    """
    keys = [(f.id, f.version) for f in bank.frameworks]
    existing = {
        (row.framework_key, row.version)
        for row in db.session.execute(
            db.select(FrameworkVersion).where(
                FrameworkVersion.framework_key.in_([k for k, _ in keys])
            )
        ).scalars()
    }
    results = []
    for framework in bank.frameworks:
        created = (framework.id, framework.version) not in existing
        if created:
            db.session.add(
                FrameworkVersion(
                    framework_key=framework.id,
                    version=framework.version,
                    title=framework.title,
                    language=framework.language,
                    content=framework_to_dict(framework),
                )
            )
        results.append(SyncResult(framework, created))
    db.session.flush()
    return results


def stored_version(framework: Framework) -> FrameworkVersion | None:
    return db.session.execute(
        db.select(FrameworkVersion).filter_by(framework_key=framework.id, version=framework.version)
    ).scalar_one_or_none()


def ensure_stored(framework: Framework) -> FrameworkVersion:
    """The stored row for this exact version, storing it first if needed (flushes)."""
    row = stored_version(framework)
    if row is None:
        sync_bank(Bank(current_bank().path, (framework,)))
        row = stored_version(framework)
    assert row is not None  # noqa: S101  (sync_bank just stored it)
    return row


class FrameworkCache(BoundedCache[tuple[str, str], Framework]):
    """Parsed frameworks by (framework id, version hash), shared by every request of this
    process. A stored version never changes (its version is a hash of its content), so
    nothing needs invalidating; the cache is bounded so a long-running worker stays small."""


def _cache() -> FrameworkCache:
    return app_cache("framework_cache", FrameworkCache)


def framework_of(version: FrameworkVersion) -> Framework:
    """The framework exactly as stored with ``version`` (never the live bank). Reads the
    stored content (a deferred column) only the first time this process meets the version."""
    key = (version.framework_key, version.version)
    return _cache().get(key) or _cache().put(key, framework_from_dict(version.content))


def stored_frameworks(version_ids: Iterable[int]) -> dict[int, Framework]:
    """Parsed frameworks by version id: one small query for the keys, and the content only
    of versions this process has not parsed yet."""
    wanted = sorted(set(version_ids))
    if not wanted:
        return {}
    keys = db.session.execute(
        db.select(
            FrameworkVersion.id, FrameworkVersion.framework_key, FrameworkVersion.version
        ).where(FrameworkVersion.id.in_(wanted))
    ).all()
    result = {row.id: _cache().get((row.framework_key, row.version)) for row in keys}
    missing = [i for i, framework in result.items() if framework is None]
    if missing:
        rows = db.session.execute(
            db.select(FrameworkVersion).where(FrameworkVersion.id.in_(missing))
        ).scalars()
        for row in rows:
            result[row.id] = framework_of(row)
    return result  # type: ignore[return-value]
