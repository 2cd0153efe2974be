"""The competition's own domain errors, mapped to HTTP by the app's DomainError handler."""

from quests.errors import N_, Conflict, InvalidInput, NotAllowed


class InvalidVideo(InvalidInput):
    message = N_("That file is not a video we can use. Choose a video file from your phone.")


class InvalidCaptions(InvalidInput):
    message = N_("That is not a WebVTT caption file.")


class InvalidScore(InvalidInput):
    message = N_("Give a score within the rubric's range.")


class WindowClosed(Conflict):
    message = N_("The submission window is closed.")


class JudgingClosed(Conflict):
    message = N_("Judging is not open right now.")


class NotAssigned(NotAllowed):
    message = N_("This entry is not assigned to you.")


class BlindConflicts(Conflict):
    message = N_("In blind judging, report a conflict on the entry itself.")
