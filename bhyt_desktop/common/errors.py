"""Errors a user can cause. Their message is already in the user's language."""


class UserError(Exception):
    """A mistake the user can fix: bad input, missing file, wrong date. Never a bug."""


class SchemaTooNewError(UserError):
    """The file was written by a newer version of the program."""
