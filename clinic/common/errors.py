"""Known errors: the ones a person can cause and understand.

Each carries a stable `code` (the UI translates it), the `field` it concerns (so the message is
shown next to that field) and `params` for the message. Their text never holds personal data:
only codes, field names and ids. Anything that is not a `KnownError` is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class ErrorCode(StrEnum):
    """Every known error's code: the contract between a use case that refuses, the words for it
    (`clinic.i18n.messages.MESSAGES`, which has one for each) and a screen that reacts to one.

    Typed, so that a screen asking "was it this refusal?" cannot misspell what it asks about,
    and a code without words cannot be raised.
    """

    # Validation
    CONTROL_CHARACTERS = "control_characters"
    TOO_LONG = "too_long"
    DATE_FORMAT = "date_format"
    DATE_YEAR_DIGITS = "date_year_digits"
    DATE_IMPOSSIBLE = "date_impossible"
    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_EARLY = "date_too_early"
    BIRTH_YEAR_RANGE = "birth_year_range"
    BIRTH_REQUIRED_FOR_CODE = "birth_required_for_code"
    UNKNOWN_CHOICE = "unknown_choice"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_LANGUAGE = "unknown_language"
    TOO_MANY = "too_many"
    REASONS_REQUIRED = "reasons_required"
    CONSENT_DATE_AND_NOT_ASKED = "consent_date_and_not_asked"
    CONSENT_REQUIRED = "consent_required"
    UNKNOWN_STAFF = "unknown_staff"
    UNKNOWN_TIME_ZONE = "unknown_time_zone"
    LOCK_MINUTES_RANGE = "lock_minutes_range"
    FOLLOW_UP_DAYS_RANGE = "follow_up_days_range"
    REQUIRED = "required"
    USERNAME_FORMAT = "username_format"
    USERNAME_TAKEN = "username_taken"
    PASSWORD_TOO_SHORT = "password_too_short"  # noqa: S105 - an error code, not a password
    PASSWORD_TOO_WEAK = "password_too_weak"  # noqa: S105
    PASSWORDS_DIFFER = "passwords_differ"

    # Vaccinations
    LOT_REQUIRED = "lot_required"
    LOT_EXPIRED = "lot_expired"
    LOT_EMPTY = "lot_empty"
    LOT_EXPIRY_DIFFERS = "lot_expiry_differs"
    QUANTITY_RANGE = "quantity_range"
    DOSE_NUMBER_RANGE = "dose_number_range"
    AMOUNT_FORMAT = "amount_format"
    DOSE_BEFORE_BIRTH = "dose_before_birth"
    DOSE_SAME_DAY = "dose_same_day"
    APPOINTMENT_IN_PAST = "appointment_in_past"
    APPOINTMENT_TOO_FAR = "appointment_too_far"
    TIME_FORMAT = "time_format"
    APPOINTMENT_OUTSIDE_WINDOW = "appointment_outside_window"
    FORECAST_BAD_JSON = "forecast_bad_json"
    FORECAST_BAD_CASE = "forecast_bad_case"
    FORECAST_DATE_RANGE = "forecast_date_range"

    # Logging in
    WRONG_LOGIN = "wrong_login"
    ACCOUNT_LOCKED = "account_locked"
    WRONG_RECOVERY_KEY = "wrong_recovery_key"
    WRONG_RECOVERY_ADMIN = "wrong_recovery_admin"

    # Not found, conflicts
    PERSON_NOT_FOUND = "person_not_found"
    VISIT_NOT_FOUND = "visit_not_found"
    STAFF_NOT_FOUND = "staff_not_found"
    LAST_ADMIN = "last_admin"
    ROLE_DOES_NOT_INTERVIEW = "role_does_not_interview"
    ALREADY_SET_UP = "already_set_up"
    CODE_TAKEN = "code_taken"
    CODE_EXHAUSTED = "code_exhausted"
    CHANGED_MEANWHILE = "changed_meanwhile"
    SAVE_CONFLICT = "save_conflict"
    ALREADY_CHECKED_IN_TODAY = "already_checked_in_today"
    PERSON_MERGED = "person_merged"
    VISIT_NOT_WAITING = "visit_not_waiting"
    DEMO_NEEDS_EMPTY_DATABASE = "demo_needs_empty_database"
    VACCINATION_NOT_FOUND = "vaccination_not_found"
    ALREADY_ENTERED_IN_ERROR = "already_entered_in_error"
    PRODUCT_NOT_FOUND = "product_not_found"
    APPOINTMENT_EXISTS = "appointment_exists"
    APPOINTMENT_EXISTS_THAT_DAY = "appointment_exists_that_day"
    APPOINTMENT_NOT_FOUND = "appointment_not_found"
    DURATION_RANGE = "duration_range"
    ITEM_NOT_OFFERED = "item_not_offered"
    CONSULTATION_NOT_FOUND = "consultation_not_found"
    NOT_AUTHOR = "not_author"
    AMEND_DAY_OVER = "amend_day_over"
    PATHWAY_NOT_FOUND = "pathway_not_found"
    PATHWAY_CLOSED = "pathway_closed"
    NOT_AN_INTERVIEW = "not_an_interview"
    OFFER_ANSWERED = "offer_answered"
    PATHWAY_OPENED = "pathway_opened"
    ENTRY_EXISTS = "entry_exists"
    ENTRY_RETIRED = "entry_retired"
    ENTRY_NOT_FOUND = "entry_not_found"
    TEST_KIND_NOT_OFFERED = "test_kind_not_offered"
    TEST_READER_UNKNOWN = "test_reader_unknown"
    TEST_NOT_FOUND = "test_not_found"
    SERVICE_EXISTS = "service_exists"
    SERVICE_NOT_FOUND = "service_not_found"
    SERVICE_RETIRED = "service_retired"
    POLICE_ONLY_AT_REQUEST = "police_only_at_request"
    REFERRAL_NOT_FOUND = "referral_not_found"
    OUTCOME_BEFORE_REFERRAL = "outcome_before_referral"

    # Material and stock
    STOCK_SHORT = "stock_short"
    SAME_PLACE = "same_place"
    ITEM_NOT_FOUND = "item_not_found"
    LIMIT_PER_CONTACT = "limit_per_contact"
    LIMIT_PER_WEEK = "limit_per_week"
    OVERRIDE_REASON_REQUIRED = "override_reason_required"
    ITEM_EXISTS = "item_exists"
    PLACE_EXISTS = "place_exists"
    PLACE_NOT_FOUND = "place_not_found"
    LAST_DISPENSARY = "last_dispensary"
    NOTHING_COUNTED = "nothing_counted"
    PLACE_HOLDS_STOCK = "place_holds_stock"
    CHANGE_RANGE = "change_range"
    COUNT_RANGE = "count_range"

    # Street and group sessions
    SESSION_TIME = "session_time"
    SESSION_NO_LENGTH = "session_no_length"
    SESSION_NOT_STARTED = "session_not_started"
    SESSION_NOT_FOUND = "session_not_found"
    NOT_IN_TEAM = "not_in_team"
    SESSION_DAY_OVER = "session_day_over"

    # Imports from spreadsheets: the file, its columns, then each row
    IMPORT_FILE_KIND = "import_file_kind"
    IMPORT_UNREADABLE = "import_unreadable"
    IMPORT_TOO_MANY_ROWS = "import_too_many_rows"
    IMPORT_COLUMN_TWICE = "import_column_twice"
    IMPORT_COLUMNS_MISSING = "import_columns_missing"
    IMPORT_MAPPING_UNREADABLE = "import_mapping_unreadable"
    IMPORT_MAPPING_FIELD = "import_mapping_field"
    IMPORT_MAPPING_COLUMN = "import_mapping_column"
    IMPORT_MAPPING_TWICE = "import_mapping_twice"
    FORMULA = "formula"
    CODE_FORMAT = "code_format"
    CODE_OR_NAMES = "code_or_names"
    SAME_IN_FILE = "same_in_file"
    CODE_UNKNOWN = "code_unknown"
    CODE_MERGED = "code_merged"
    ZONE_UNKNOWN = "zone_unknown"
    EXAMPLE_ROW = "example_row"

    # Permissions, storage
    BACKUP_FAILED = "backup_failed"
    BACKUP_DISK_FULL = "backup_disk_full"
    BACKUP_NOT_WRITABLE = "backup_not_writable"
    BACKUP_DAMAGED = "backup_damaged"
    BACKUP_IN_PROGRESS = "backup_in_progress"
    BACKUP_SECOND_FOLDER = "backup_second_folder"
    BACKUP_SECOND_FOLDER_FULL = "backup_second_folder_full"
    BACKUP_UNREADABLE = "backup_unreadable"
    BACKUP_KEYS_MISSING = "backup_keys_missing"
    RESTORE_NOT_COORDINATOR = "restore_not_coordinator"
    RESTORE_FAILED = "restore_failed"
    EXPORT_FAILED = "export_failed"
    STORAGE_READ_FAILED = "storage_read_failed"
    NOT_ALLOWED = "not_allowed"
    NOT_TRAINED = "not_trained"
    ACCOUNT_CHANGED = "account_changed"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    DATABASE_DAMAGED = "database_damaged"
    STORAGE_FAILED = "storage_failed"


class KnownError(Exception):
    """Base of errors shown to the user in their language; never a traceback."""

    kind = "known"

    def __init__(self, code: ErrorCode, field: str | None = None, **params: Any) -> None:
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
    def single(cls, code: ErrorCode, field: str | None = None, **params: Any) -> ValidationError:
        return cls([FieldError(code, field, params)])


class FieldError:
    """One problem with one field: what `ValidationError.errors` holds."""

    __slots__ = ("code", "field", "params")

    def __init__(self, code: ErrorCode, field: str | None, params: Mapping[str, Any] | None = None):
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))

    def __repr__(self) -> str:
        return f"FieldError({self.code!r}, {self.field!r})"


class FieldErrors:
    """Collects field errors while each field of a form is read, so all are reported together
    and the form marks every one of them at once."""

    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, code: ErrorCode, field: str, **params: object) -> None:
        self.items.append(FieldError(code, field, params))

    def keep(self, value: object, error: FieldError | None) -> object:
        if error is not None:
            self.items.append(error)
        return value

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


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
