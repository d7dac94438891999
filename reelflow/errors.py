"""The one error `reelflow up`/`down` raise for things a user can fix (printed, no traceback)."""


class StackError(RuntimeError):
    """A bad option, a missing program, a busy port, or a piece that would not start.

    `code` is the exit status: 2 for a bad option or missing prerequisite (fix the command or the
    machine), 1 for a piece that failed to start (its log is named in the message).
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
