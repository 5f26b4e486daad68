"""Human labels for stored codes (statuses, roles), translated when shown."""

from flask_babel import lazy_gettext as _l

ROLE = {
    "admin": _l("Admin"),
    "hiring_manager": _l("Hiring manager"),
    "recruiter": _l("Recruiter"),
    "interviewer": _l("Interviewer"),
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
INTERVIEW_MODE = {"on_site": _l("on site"), "remote": _l("remote")}
