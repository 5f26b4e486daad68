"""kit backfill: drafts and first revisions for scorecards from before 0003

Revision ID: 0008_kit_backfill
Revises: 0007_login_sessions
Create Date: 2026-11-30 12:00:00

Data only. Before 0003 a scorecard's text lived in its own columns (rating, evidence,
recommendation) and in its answer rows; 0003 added the kit's draft fields and the revision
history but copied nothing into them. So a scorecard begun before 0003 showed an empty
kit (and submitting it stored the empty fields over its text), and one submitted before
0003 had no "submitted" entry, so its first amendment left no trace of the original.

This fills in, for scorecards that have none yet:
- draft fields from the columns and answer rows (every non-empty value, version 1);
- for submitted scorecards without any revision, revision 1 ("submitted") with the
  columns' content, by the scorecard's author, dated at its submission.
A scorecard amended after 0003 but before this migration already has revisions: the text
it was first submitted with was overwritten then and cannot be recovered, so it is left
as it is. Downgrading keeps the filled-in rows (they are valid data for 0004 too).
"""
from alembic import op
import sqlalchemy as sa

import interview.db


# revision identifiers, used by Alembic.
revision = '0008_kit_backfill'
down_revision = '0007_login_sessions'
branch_labels = None
depends_on = None

scorecards = sa.table(
    'scorecards',
    sa.column('id', sa.Integer),
    sa.column('interview_id', sa.Integer),
    sa.column('author_id', sa.Integer),
    sa.column('framework_version_id', sa.Integer),
    sa.column('rating', sa.Integer),
    sa.column('insufficient_evidence', sa.Boolean),
    sa.column('evidence', sa.Text),
    sa.column('recommendation', sa.String),
    sa.column('submitted_at', interview.db.UTCDateTime(timezone=True)),
    sa.column('updated_at', interview.db.UTCDateTime(timezone=True)),
)
answers = sa.table(
    'answers',
    sa.column('scorecard_id', sa.Integer),
    sa.column('position', sa.Integer),
    sa.column('note', sa.Text),
    sa.column('probe_asked', sa.Boolean),
    sa.column('probe_note', sa.Text),
)
draft_fields = sa.table(
    'draft_fields',
    sa.column('scorecard_id', sa.Integer),
    sa.column('key', sa.String),
    sa.column('value', sa.JSON),
    sa.column('version', sa.Integer),
    sa.column('updated_at', interview.db.UTCDateTime(timezone=True)),
)
revisions = sa.table(
    'scorecard_revisions',
    sa.column('scorecard_id', sa.Integer),
    sa.column('number', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('reason', sa.Text),
    sa.column('author_id', sa.Integer),
    sa.column('created_at', interview.db.UTCDateTime(timezone=True)),
    sa.column('content', sa.JSON),
)
interviews = sa.table(
    'interviews', sa.column('id', sa.Integer), sa.column('area_key', sa.String)
)
framework_versions = sa.table(
    'framework_versions', sa.column('id', sa.Integer), sa.column('content', sa.JSON)
)


def upgrade():
    bind = op.get_bind()
    no_drafts = ~sa.exists().where(draft_fields.c.scorecard_id == scorecards.c.id)
    no_revisions = ~sa.exists().where(revisions.c.scorecard_id == scorecards.c.id)
    cards = bind.execute(
        sa.select(scorecards, interviews.c.area_key)
        .join(interviews, interviews.c.id == scorecards.c.interview_id)
        .where(sa.or_(no_drafts, sa.and_(scorecards.c.submitted_at.is_not(None), no_revisions)))
        .order_by(scorecards.c.id)
    ).all()
    if not cards:
        return
    ids = [card.id for card in cards]
    with_drafts = set(bind.execute(
        sa.select(draft_fields.c.scorecard_id).where(draft_fields.c.scorecard_id.in_(ids))
    ).scalars())
    with_revisions = set(bind.execute(
        sa.select(revisions.c.scorecard_id).where(revisions.c.scorecard_id.in_(ids))
    ).scalars())
    notes = {}
    for row in bind.execute(
        sa.select(answers).where(answers.c.scorecard_id.in_(ids)).order_by(answers.c.position)
    ):
        notes.setdefault(row.scorecard_id, {})[row.position] = row
    question_counts = _question_counts(bind, {c.framework_version_id for c in cards})

    new_fields, new_revisions = [], []
    for card in cards:
        rows = notes.get(card.id, {})
        if card.id not in with_drafts:
            new_fields += [
                {'scorecard_id': card.id, 'key': key, 'value': value, 'version': 1,
                 'updated_at': card.updated_at}
                for key, value in _draft_values(card, rows).items()
            ]
        if card.submitted_at is not None and card.id not in with_revisions:
            count = question_counts.get((card.framework_version_id, card.area_key))
            new_revisions.append({
                'scorecard_id': card.id, 'number': 1, 'kind': 'submitted', 'reason': None,
                'author_id': card.author_id, 'created_at': card.submitted_at,
                'content': _content(card, rows, count),
            })
    if new_fields:
        op.bulk_insert(draft_fields, new_fields)
    if new_revisions:
        op.bulk_insert(revisions, new_revisions)


def _question_counts(bind, version_ids):
    """(framework version, area) -> number of questions, from the stored frameworks."""
    counts = {}
    for version in bind.execute(
        sa.select(framework_versions).where(framework_versions.c.id.in_(version_ids))
    ):
        content = version.content if isinstance(version.content, dict) else {}
        for area in content.get('areas') or ():
            if isinstance(area, dict) and isinstance(area.get('questions'), list):
                counts[(version.id, area.get('id'))] = len(area['questions'])
    return counts


def _draft_values(card, rows):
    """The kit's draft fields (see interview.kit.fields) for what the columns hold."""
    values = {}
    for position, row in sorted(rows.items()):
        if row.note:
            values[f'q{position}_note'] = row.note
        if row.probe_asked:
            values[f'q{position}_asked'] = True
        if row.probe_note:
            values[f'q{position}_outcome'] = row.probe_note
    if card.insufficient_evidence:
        values['rating'] = 'insufficient'
    elif card.rating is not None:
        values['rating'] = str(card.rating)
    if card.evidence:
        values['evidence'] = card.evidence
    if card.recommendation:
        values['recommendation'] = card.recommendation
    return values


def _content(card, rows, count):
    """The submitted record as the kit writes it (interview.kit.fields.snapshot): one
    answer per question of the area (or per stored answer row, if the area is unknown)."""
    if count is None:
        count = max(rows) + 1 if rows else 0
    answers_ = []
    for position in range(count):
        row = rows.get(position)
        answers_.append({
            'note': (row.note if row is not None else '') or '',
            'asked': bool(row is not None and row.probe_asked),
            'outcome': (row.probe_note if row is not None else '') or '',
        })
    return {
        'rating': None if card.insufficient_evidence else card.rating,
        'insufficient_evidence': bool(card.insufficient_evidence),
        'evidence': (card.evidence or '').strip(),
        'recommendation': card.recommendation or None,
        'answers': answers_,
    }


def downgrade():
    # Data only: the filled-in drafts and revisions are valid under 0004 as well, and
    # cannot be told apart from those the kit wrote itself.
    pass
