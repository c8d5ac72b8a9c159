"""Errors a user can act on.

Anything raised as :class:`UserError` is shown as one line (no traceback) by the
CLI and the web app; everything else is a bug and keeps its traceback.
"""


class UserError(Exception):
    """A problem with the user's input or environment, described in one line."""

    exit_code = 2

    def __str__(self) -> str:  # always one line, whatever the cause looked like
        return " ".join(super().__str__().split())


class BackendError(UserError):
    """The LLM or embedding backend failed after its retries (down, timeout, 5xx)."""

    exit_code = 3
