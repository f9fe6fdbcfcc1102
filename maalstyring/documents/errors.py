"""The one error a document can end in: a Danish sentence saying what went wrong, never a traceback."""


class DocumentError(Exception):
    """A document could not be made; str(exc) is the Danish message for the user."""
