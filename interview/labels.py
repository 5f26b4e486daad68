"""Human labels for stored codes (statuses, roles), translated when shown."""

from flask_babel import lazy_gettext as _l

ROLE = {
    "admin": _l("Admin"),
    "hiring_manager": _l("Hiring manager"),
    "recruiter": _l("Recruiter"),
    "interviewer": _l("Interviewer"),
    "data_protection": _l("Data protection"),
    "works_council": _l("Works council"),
}
REQUISITION_STATUS = {"open": _l("Open"), "on_hold": _l("On hold"), "closed": _l("Closed")}
APPLICATION_STATUS = {
    "new": _l("New"),
    "interviewing": _l("Interviewing"),
    "offer": _l("Offer"),
    "hired": _l("Hired"),
    "rejected": _l("Rejected"),
    "withdrawn": _l("Withdrawn"),
}
LOOP_STATUS = {"draft": _l("Being planned"), "ready": _l("Ready")}
DECISION = {
    "advance": _l("Advance to the next stage"),
    "hire": _l("Hire"),
    "reject": _l("Reject"),
    "on_hold": _l("On hold"),
}
RULE_RESULT = {
    "meets": _l("Meets the bar"),
    "below": _l("Below the bar"),
    "open": _l("Not decidable yet"),
    "hidden": _l("Hidden until the independence rule allows it"),
}
AREA_STATE = {
    "rated": _l("rated"),
    "insufficient": _l("insufficient evidence"),
    "missing": _l("not rated yet"),
}
YES_NO = {True: _l("Yes"), False: _l("No")}
#: grounds the AGG protects (interview.agg), as the kit names them
AGG_GROUND = {
    "age": _l("age"),
    "family": _l("pregnancy or family plans"),
    "religion": _l("religion or belief"),
    "ethnic_origin": _l("ethnic origin"),
    "disability": _l("disability or health"),
    "sexual_identity": _l("sexual identity"),
    "union": _l("union membership"),
}
INTERVIEW_MODE = {"on_site": _l("on site"), "remote": _l("remote")}
