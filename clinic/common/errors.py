"""Known errors: the ones a person can cause and understand.

Each carries a stable `code` (the UI translates it), the `field` it concerns (so the message is
shown next to that field) and `params` for the message. Their text never holds personal data:
only codes, field names and ids. Anything that is not a `KnownError` is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


class KnownError(Exception):
    """Base of errors shown to the user in their language; never a traceback."""

    kind = "known"

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(f"{self.kind}:{code}" + (f" [{field}]" if field else ""))
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = MappingProxyType(dict(params))


class ValidationError(KnownError):
    """One or more fields are not acceptable; `errors` lists every field at once."""

    kind = "validation"

    def __init__(self, errors: list[FieldError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.field, **first.params)
        self.errors = tuple(errors)

    @classmethod
    def single(cls, code: str, field: str | None = None, **params: Any) -> ValidationError:
        return cls([FieldError(code, field, params)])


class FieldError:
    """One problem with one field: what `ValidationError.errors` holds."""

    __slots__ = ("code", "field", "params")

    def __init__(self, code: str, field: str | None, params: Mapping[str, Any] | None = None):
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))

    def __repr__(self) -> str:
        return f"FieldError({self.code!r}, {self.field!r})"


class NotFoundError(KnownError):
    kind = "not_found"


class ConflictError(KnownError):
    """Someone else changed the record first, or a unique value is already taken."""

    kind = "conflict"


class PermissionDeniedError(KnownError):
    """The actor's role may not do this; who it was is kept so the denial can be audited."""

    kind = "permission"
    staff_id: int | None = None
    role: str | None = None


class StorageError(KnownError):
    """The database or disk refused the operation (full, read-only, damaged)."""

    kind = "storage"
