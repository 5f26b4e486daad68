"""The application's pipeline statuses, in a module of their own so that pure rules (the
retention policy) share them with the models without importing the database layer."""

APPLICATION_STATUSES = ("new", "interviewing", "offer", "hired", "rejected", "withdrawn")
#: an application in one of these still has interviews to hold (reminders, invitations)
ACTIVE_APPLICATION_STATUSES = ("new", "interviewing", "offer")
#: an application in one of these is decided; its retention period runs from ``closed_at``
CLOSED_STATUSES = ("hired", "rejected", "withdrawn")
