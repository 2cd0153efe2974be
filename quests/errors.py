"""The domain's exceptions.

Each carries a message written in English and marked with ``N_`` so the web
layer can translate it for the reader; ``status`` is the HTTP status the web
layer answers with.
"""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


class DomainError(Exception):
    status = 400
    message = N_("The request could not be completed.")

    def __init__(self, message: str | None = None, field: str | None = None, **params):
        super().__init__(message or self.message)
        if message:
            self.message = message
        self.field = field
        # Values for the message's %(name)s placeholders, filled in after translation.
        self.params = params


class NotAllowed(DomainError):
    status = 403
    message = N_("You do not have permission to do that.")


class NotFound(DomainError):
    status = 404
    message = N_("That could not be found.")


class Conflict(DomainError):
    status = 409
    message = N_("That conflicts with something that already exists.")


class Gone(DomainError):
    status = 410
    message = N_("That link is no longer valid.")


class InvalidInput(DomainError):
    status = 422
    message = N_("Please check the form.")


class EmailTaken(Conflict):
    message = N_(
        "An account with this email address already exists. Log in or reset your password."
    )


class InvalidJoinCode(InvalidInput):
    message = N_("That join code does not match any class. Check it with your teacher.")


class InviteNotFound(NotFound):
    message = N_("This invite link is not valid. Ask the administrator for a new one.")


class InviteExpired(Gone):
    message = N_("This invite link has expired. Ask the administrator for a new one.")


class InviteUsed(Gone):
    message = N_("This invite link has already been used. Log in instead.")


class WrongPassword(InvalidInput):
    message = N_("The current password is not correct.")


class WeakPassword(InvalidInput):
    message = N_("Use a password of at least 10 characters.")


class InvalidTransition(Conflict):
    message = N_("This quest is not in a state where that can be done. Reload the page.")


class AlreadyReviewed(Conflict):
    message = N_("Someone has already reviewed this submission.")


class MissingEvidence(InvalidInput):
    message = N_("Add the evidence every step asks for.")


class TooLarge(DomainError):
    status = 413
    message = N_("The file is too large.")


class UnsupportedFile(InvalidInput):
    message = N_("That file is not what it claims to be, or its type is not accepted.")


class MissingFeedback(InvalidInput):
    message = N_("Write feedback so the student knows what to change.")


class InvalidDates(InvalidInput):
    message = N_("The end date must be on or after the start date.")


class AlreadyAwarded(Conflict):
    message = N_("This student already has this badge.")


class ApplicationsClosed(Conflict):
    message = N_("This badge is not open to applications.")


class AlreadyApplied(Conflict):
    message = N_("You have already applied for this badge. Wait for your teacher's answer.")


class ReasonRequired(InvalidInput):
    message = N_("Give a reason; the student sees it.")
