class LodestarError(Exception):
    """A business rule refused the request. Maps to 400 with `code`."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
