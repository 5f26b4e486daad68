"""Who may see whose scorecards: the one place that decides it.

Every surface that shows ratings, evidence or recommendations of a candidate (the
consolidated scorecard page, its CSV/Excel/JSON exports, the comparison page and its
exports, the per-interviewer calibration summary, the panel in the interview kit, and
later the API) asks this module, and nothing else decides it.

The rule (independent scoring):

* A person's **panel state** for a candidate is one of: never on the panel (``OUTSIDE``);
  on it with their own scorecard not submitted (``PENDING``) or submitted (``SUBMITTED``);
  left it without a scorecard while nobody took over their area (``LEFT``); left it
  without a scorecard and another person took over (``HANDED_OVER``). Being on the panel
  now wins over any earlier departure.
* ``PENDING`` and ``LEFT`` are blind: no page, export or summary shows them anybody
  else's scorecard of that candidate, whatever their roles (an admin who interviews is
  an interviewer here). Leaving the panel does not open the results: the interview can
  only leave by being deleted or handed to someone else, and deleting it keeps its
  interviewer blind.
* ``SUBMITTED`` sees the others' scorecards (in the kit, and on the hiring-side pages if
  their role reaches them); where the requisition keeps scores hidden until the debrief
  (``scores_visible == "after_debrief"``), only once the hiring manager released them.
* The works council reads the requisitions shared with it (``council_pack``): submitted
  scorecards only, under the same blindness as everybody else.
* ``HANDED_OVER`` and ``OUTSIDE`` see what their role allows: the hiring side of the
  requisition (admins, recruiters, its hiring manager) sees submitted scorecards as soon
  as they exist. Someone whose area was handed over may have seen the panel's scorecards
  since, so they can never rejoin that candidate's panel (``may_join``); someone who
  left while nobody took over never saw them and may come back.

The loop services record every departure (``PanelDeparture``) and every takeover, with
an audit event saying why the person's visibility changed. Views map a verdict to HTTP:
``NO_ACCESS`` to 404 (ids cannot be probed), any blind verdict to 403 with ``explain``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext
from sqlalchemy import CompoundSelect, false, select, true, union_all

from interview.extensions import db
from interview.models import Application, Interview, Loop, PanelDeparture, Requisition, Scorecard
from interview.permissions import can_view_requisition

if TYPE_CHECKING:
    from interview.models import User


class PanelState(enum.StrEnum):
    OUTSIDE = "outside"
    PENDING = "pending"
    SUBMITTED = "submitted"
    LEFT = "left"
    HANDED_OVER = "handed_over"


class Verdict(enum.StrEnum):
    SEES = "sees"
    #: the viewer's role does not reach this candidate at all
    NO_ACCESS = "no_access"
    #: blind: on the panel, own scorecard not submitted yet
    OWN_SCORECARD_FIRST = "own_scorecard_first"
    #: blind: left the panel without a scorecard and nobody took over
    LEFT_PANEL = "left_panel"
    #: blind: submitted, but the requisition waits for the debrief release
    DEBRIEF = "debrief"

    @property
    def allowed(self) -> bool:
        return self is Verdict.SEES


@dataclass(frozen=True)
class Facts:
    """What the rule needs about one viewer and one candidate."""

    state: PanelState
    #: the viewer's roles reach the requisition (admin, recruiter, its hiring manager)
    hiring_side: bool
    scores_visible: str = "after_submit"
    released: bool = False


# --- the rule (pure) ---------------------------------------------------------------------------


def blind(facts: Facts) -> Verdict | None:
    """Why the independence rule hides the other scorecards from this viewer, or None."""
    if facts.state is PanelState.PENDING:
        return Verdict.OWN_SCORECARD_FIRST
    if facts.state is PanelState.LEFT:
        return Verdict.LEFT_PANEL
    if (
        facts.state is PanelState.SUBMITTED
        and facts.scores_visible == "after_debrief"
        and not facts.released
    ):
        return Verdict.DEBRIEF
    return None


def results(facts: Facts) -> Verdict:
    """The consolidated scorecard of a candidate, its exports, its row in the comparison
    and in the calibration summary: the hiring side, minus those the rule keeps blind."""
    if not facts.hiring_side:
        return Verdict.NO_ACCESS
    return blind(facts) or Verdict.SEES


def kit_panel(facts: Facts) -> Verdict:
    """The other interviewers' scorecards shown in a panel member's own kit."""
    if facts.state not in (PanelState.PENDING, PanelState.SUBMITTED):
        return Verdict.NO_ACCESS
    return blind(facts) or Verdict.SEES


def scorecard(facts: Facts, *, own: bool) -> Verdict:
    """One scorecard of the candidate: its author always; anybody else through the
    hiring side or as a panel member who submitted, unless the rule keeps them blind."""
    if own:
        return Verdict.SEES
    reason = blind(facts)
    if reason is not None:
        return reason
    if facts.hiring_side or facts.state is PanelState.SUBMITTED:
        return Verdict.SEES
    return Verdict.NO_ACCESS


def council_pack(facts: Facts, *, council_reads: bool) -> Verdict:
    """A candidate in the works council's documents for a requisition (submitted
    scorecards only, never drafts): the hiring side of the requisition, and the works
    council while the requisition is shared with it; a viewer the rule keeps blind (a
    council member who interviews this candidate) stays blind here too."""
    if not (facts.hiring_side or council_reads):
        return Verdict.NO_ACCESS
    return blind(facts) or Verdict.SEES


def may_join(state: PanelState) -> bool:
    """Whether someone may be put (back) on a candidate's panel: never after another
    person took over their area, since they may have seen the scorecards from then on."""
    return state is not PanelState.HANDED_OVER


def explain(verdict: Verdict) -> str:
    """Why the viewer does not see the scorecards, in words the viewer can act on."""
    return {
        Verdict.OWN_SCORECARD_FIRST: gettext("Hidden until you submit your own scorecard."),
        Verdict.LEFT_PANEL: gettext(
            "Hidden: you left this candidate's panel without a scorecard, and nobody has "
            "taken over your area."
        ),
        Verdict.DEBRIEF: gettext("Hidden until the scorecards are released for the debrief."),
        Verdict.NO_ACCESS: gettext("You do not have access to this page."),
    }.get(verdict, "")


# --- the facts, from the database -------------------------------------------------------------


def facts_of(user: User, requisition: Requisition, state: PanelState) -> Facts:
    """The facts for a viewer whose panel state is known."""
    return Facts(
        state,
        can_view_requisition(user, requisition),
        requisition.scores_visible,
        requisition.debrief_released_at is not None,
    )


def facts_for(user: User, application: Application) -> Facts:
    """The viewer's facts for one candidate (one query)."""
    states = panel_states(user.id, Loop.application_id == application.id)
    return facts_of(user, application.requisition, states.get(application.id, PanelState.OUTSIDE))


def results_by_application(
    user: User, requisition: Requisition, application_ids: Iterable[int]
) -> dict[int, Verdict]:
    """``results`` for every listed candidate of one requisition, in one query. The
    verdict depends on the candidate only through the viewer's panel state, so the
    permission check runs once per state, not once per candidate."""
    states = panel_states(user.id, Application.requisition_id == requisition.id)
    verdicts = {state: results(facts_of(user, requisition, state)) for state in PanelState}
    return {a: verdicts[states.get(a, PanelState.OUTSIDE)] for a in application_ids}


def blind_applications(user: User) -> set[int]:
    """Every candidate (application id) the rule keeps the user blind to, across all
    requisitions, in one query."""
    return {
        application_id
        for application_id, rows in _rows_by_application(user.id).items()
        if blind(Facts(_state(rows), False, rows[0].scores_visible,
                       rows[0].debrief_released_at is not None)) is not None
    }  # fmt: skip


def panel_states(user_id: int, *where: Any) -> dict[int, PanelState]:
    """The user's panel state per application id, narrowed down by ``where`` (conditions
    on ``Loop`` or ``Application``), in one query. Applications missing from the answer
    are ``OUTSIDE``."""
    return {a: _state(rows) for a, rows in _rows_by_application(user_id, *where).items()}


def _rows_by_application(user_id: int, *where: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in db.session.execute(_history(user_id, *where)):
        grouped.setdefault(row.application_id, []).append(row)
    return grouped


def _state(rows: list[Any]) -> PanelState:
    """One application's panel state from the user's interview (``on_panel``, ``flag`` =
    submitted) and departures (``flag`` = somebody took over)."""
    member = next((r for r in rows if r.on_panel), None)
    if member is not None:
        return PanelState.SUBMITTED if member.flag else PanelState.PENDING
    return PanelState.HANDED_OVER if any(r.flag for r in rows) else PanelState.LEFT


def _history(user_id: int, *where: Any) -> CompoundSelect:
    """The user's interviews (with whether their scorecard is submitted) and departures
    (with whether someone took over), one row each, with the requisition's release."""
    columns = (
        Loop.application_id.label("application_id"),
        Requisition.scores_visible,
        Requisition.debrief_released_at,
    )
    interviews = (
        select(
            *columns, true().label("on_panel"), Scorecard.submitted_at.is_not(None).label("flag")
        )
        .select_from(Interview)
        .join(Loop, Loop.id == Interview.loop_id)
        .join(Application, Application.id == Loop.application_id)
        .join(Requisition, Requisition.id == Application.requisition_id)
        .outerjoin(Scorecard, Scorecard.interview_id == Interview.id)
        .where(Interview.interviewer_id == user_id, *where)
    )
    departures = (
        select(*columns, false(), PanelDeparture.replaced_by_id.is_not(None).label("flag"))
        .select_from(PanelDeparture)
        .join(Loop, Loop.id == PanelDeparture.loop_id)
        .join(Application, Application.id == Loop.application_id)
        .join(Requisition, Requisition.id == Application.requisition_id)
        .where(PanelDeparture.user_id == user_id, *where)
    )
    return union_all(interviews, departures)
