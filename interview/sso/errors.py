"""Why a single sign-on attempt was refused: the user's message and the HTTP status.
Services raise these; the views render them (never a 500)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class SsoError(Exception):
    status = 400
    message = _l("Single sign-on did not work. Please try again.")

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)  # for the log, never shown: it may name what was forged
        self.reason = reason


class InvalidResponse(SsoError):
    """The answer failed a check: state, code, ID token (signature, issuer, audience,
    expiry, nonce)."""

    message = _l(
        "Single sign-on failed: the identity provider's answer could not be verified. "
        "Please try again."
    )


class ProviderRefused(SsoError):
    """The provider answered with an error (the person cancelled, or was refused there)."""

    message = _l("The identity provider did not sign you in.")


class ProviderUnreachable(SsoError):
    status = 503
    message = _l("The identity provider cannot be reached. Please try again later.")


class NotAllowed(SsoError):
    """A verified person this app does not let in."""

    status = 403
    message = _l("Your account may not sign in here. Ask an administrator for access.")


class Deactivated(NotAllowed):
    message = _l("Your account is deactivated. Ask an administrator for access.")


class NoEmail(NotAllowed):
    message = _l("The identity provider did not confirm an e-mail address for your account.")
