"""The words for known errors, in the one translation catalogue (English source).

The UI and the command line look errors up here by code and translate them, so a message is
written once and reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from clinic.common.errors import FieldError, KnownError, ValidationError
from clinic.i18n.translator import N_, Translator
from db.errors import OpenFailure
from db.folder import SLOTS_FILE_NAME

MESSAGES: Mapping[str, str] = {
    # Validation
    "control_characters": N_("Remove the invisible or control characters from this field."),
    "too_long": N_("Too long: at most {max} characters."),
    "date_format": N_("Not a date. Type it as {format}."),
    "date_year_digits": N_("Give the year with four digits."),
    "date_impossible": N_("This date does not exist."),
    "date_in_future": N_("This date is in the future."),
    "date_too_early": N_("This date is too far in the past."),
    "birth_year_range": N_("Give a birth year between 1900 and {max}, or a full date."),
    "birth_required_for_code": N_(
        "The code needs at least the birth year. Ask for it, or an approximate year."
    ),
    "unknown_choice": N_("Choose one of the options offered."),
    "unknown_country": N_("Choose a country from the list."),
    "unknown_language": N_("Choose languages from the list."),
    "too_many": N_("Too many: at most {max}."),
    "reasons_required": N_("Choose at least one reason for the visit."),
    "consent_date_and_not_asked": N_(
        "Give the date consent was given, or tick “Not asked”, not both."
    ),
    "consent_required": N_("Give the date consent was given, or record that it was not asked."),
    "unknown_staff": N_("Choose who is seeing the person."),
    "unknown_time_zone": N_("Choose a time zone from the list."),
    "lock_minutes_range": N_("Give a number of minutes between 1 and {max}."),
    "required": N_("This cannot be left empty."),
    "username_format": N_(
        "Use 2 to 40 lower-case letters, digits, dots, dashes or underscores, "
        "starting with a letter or digit."
    ),
    "username_taken": N_("Another account already has this user name."),
    "password_too_short": N_("Too short: at least {min} characters."),
    "password_too_weak": N_(
        "Too easy to guess. Use a few unrelated words, or mix words with digits and signs."
    ),
    "passwords_differ": N_("The two passwords are not the same."),
    # Vaccinations
    "lot_required": N_("Choose the lot the dose was taken from."),
    "lot_expired": N_("This lot expired on {expiry}: it cannot be given. Choose another lot."),
    "lot_empty": N_("There is no dose left in this lot. Choose another lot."),
    "lot_expiry_differs": N_(
        "This lot is already in stock with the expiry date {expiry}. Check the lot number."
    ),
    "quantity_range": N_("Give a whole number of doses between 1 and {max}."),
    "dose_number_range": N_("Give a dose number between 1 and {max}, or leave it empty."),
    "amount_format": N_("Give the amount as a number, such as 0.5 (at most {max})."),
    "dose_before_birth": N_("This date is before the person's birth."),
    "dose_same_day": N_("This vaccine is already recorded for this person on this day."),
    "appointment_in_past": N_("This day has already passed."),
    "appointment_too_far": N_("Book at most two years ahead."),
    "time_format": N_("Give the time as 14:30, or leave it empty."),
    "appointment_outside_window": N_(
        "This day is outside the window of the next dose: from {earliest}, late from {past_due}."
    ),
    "forecast_bad_json": N_("The input is not a JSON array of cases ({problem})."),
    "forecast_bad_case": N_("Case {index}, field {field}: {problem}."),
    "forecast_date_range": N_(
        "Case {index}, field {field}: give a date between {earliest} and {latest}."
    ),
    # Logging in
    "wrong_login": N_("Wrong user name or password."),
    "account_locked": N_(
        "Too many wrong passwords: this account is locked until {until}. "
        "A coordinator can unlock it sooner."
    ),
    "wrong_recovery_key": N_("This is not the recovery key of this clinic."),
    "wrong_recovery_admin": N_("The recovery key opens only an active coordinator's account."),
    # Not found, conflicts
    "person_not_found": N_("This person is no longer in the registry."),
    "visit_not_found": N_("This check-in no longer exists; the queue has been refreshed."),
    "staff_not_found": N_("This account no longer exists or was deactivated."),
    "last_admin": N_(
        "This is the last active coordinator account: make another coordinator first."
    ),
    "already_set_up": N_("This clinic is already set up: log in instead."),
    "code_taken": N_("Another person already has this code."),
    "code_exhausted": N_("No free code could be made; try again or contact the coordinator."),
    "changed_meanwhile": N_(
        "Someone else changed this record while you were editing. Close it and open it again; "
        "what you typed is still in the form."
    ),
    "save_conflict": N_(
        "This clashes with a record saved a moment ago (a code just taken, for example). "
        "Nothing was saved; what you typed is still in the form."
    ),
    "already_checked_in_today": N_("This person is already checked in today."),
    "person_merged": N_(
        "This record was merged into another one and can no longer be changed. "
        "Find the person again to open the record that is kept."
    ),
    "visit_not_waiting": N_(
        "Only a check-in of today, of a person still waiting, can be taken off the queue."
    ),
    "demo_needs_empty_database": N_(
        "Demo data can only be added to a new, empty database, never beside real data."
    ),
    "vaccination_not_found": N_("This vaccination record no longer exists."),
    "already_entered_in_error": N_("This record is already marked as entered in error."),
    "product_not_found": N_("This vaccine is no longer in the catalogue."),
    "appointment_exists": N_("This person already has an appointment for this vaccine that day."),
    "appointment_exists_that_day": N_("This person already has an appointment that day."),
    "appointment_not_found": N_("This appointment no longer exists."),
    # Permissions, storage
    "backup_failed": N_(
        "The backup could not be made. Try again; if it happens again, ask the person who "
        "looks after Soglia (the details are in the log file)."
    ),
    "backup_disk_full": N_(
        "The backup could not be made: the disk is full. The database itself is fine. Free "
        "some space on the disk, or ask the person who looks after Soglia, then try again."
    ),
    "backup_not_writable": N_(
        "The backup could not be made: the backups folder cannot be written to (it may be "
        "read-only, or its drive not connected). The database itself is fine. Check the "
        "folder, then try again."
    ),
    "backup_damaged": N_(
        "The backup could not be made: a page of the database is damaged. The earlier backups "
        "are kept as they were. Restore the most recent one (Soglia offers it when it starts "
        "again), or ask the person who looks after Soglia for help."
    ),
    "backup_in_progress": N_(
        "Another backup of this clinic is still being made. Try again once it has ended."
    ),
    "backup_second_folder": N_(
        "The backup was made in the data folder, but not copied to the second folder: "
        "check that the USB stick or drive is connected."
    ),
    "backup_second_folder_full": N_(
        "The backup was made in the data folder, but not copied to the second folder: the USB "
        "stick or drive is full. Free some space on it, or use another one."
    ),
    "backup_unreadable": N_(
        "This file is not a backup of this clinic, or it is damaged. Nothing was changed."
    ),
    "backup_keys_missing": N_(
        "The keys file of this data folder cannot be read, and the one that goes with this "
        "backup ({file}, beside it) is missing or damaged. Put it back beside the backup and "
        "try again. Nothing was changed."
    ),
    "restore_not_coordinator": N_(
        "Only an active coordinator of the time of this backup can restore it."
    ),
    "restore_failed": N_(
        "The backup could not be put in place (the disk may be full). "
        "The database was left as it was."
    ),
    "export_failed": N_("The file could not be written there. Choose another folder."),
    "storage_read_failed": N_(
        "The database could not be read just now. Try again; if it happens again, ask the "
        "person who looks after Soglia (the details are in the log file)."
    ),
    "not_allowed": N_("Your role does not allow this."),
    "account_changed": N_(
        "A coordinator changed the role of your account since you logged in, so Soglia no "
        "longer acts on the old one. Log out and log in again to go on."
    ),
    "account_deactivated": N_(
        "Your account was deactivated since you logged in: nothing more can be done with it. "
        "Log out, and ask a coordinator if this is a mistake."
    ),
    "database_damaged": N_(
        "A page of the database is damaged, so this could not be done; nothing was saved. "
        "Close Soglia and start it again: it will offer to restore the most recent backup."
    ),
    "storage_failed": N_(
        "The database could not save this (the disk may be full or read-only). "
        "Nothing was saved; what you typed is still in the form."
    ),
}

_FALLBACK = N_("This cannot be done: {code}.")

# One paragraph each, in plain words: what happened, that nothing was changed, what to do next.
# They are shown before the desk, in the language asked for or the system's.
OPEN_FAILURE_MESSAGES: Mapping[OpenFailure, str] = {
    OpenFailure.NOT_A_DATABASE: N_(
        "Soglia cannot read the database in {folder}. The file may be damaged or incomplete, it "
        "may not be a Soglia database, or the keys file beside it ({keys}) may belong to "
        "another database. Soglia has not changed anything. Restore the most recent backup, or "
        "ask the person who looks after Soglia for help."
    ),
    OpenFailure.NEWER_SCHEMA: N_(
        "The database in {folder} was last used by a newer version of Soglia. This version "
        "cannot work with it safely and has not changed it. Please install the newer version of "
        "Soglia on this computer to continue."
    ),
    OpenFailure.IN_USE: N_(
        "Soglia is already open on the database in {folder}, in another window or for another "
        "user of this computer. Only one Soglia at a time can use it, so that no work is lost. "
        "Use the Soglia that is already open, or close it and try again."
    ),
    OpenFailure.KEY_FILE: N_(
        "The keys file ({keys}) in {folder} is missing or damaged, so the database cannot be "
        "unlocked. Soglia has not changed anything. Put back the copy of the keys file kept for "
        "emergencies (each backup has one beside it), or ask the person who looks after Soglia "
        "for help."
    ),
    OpenFailure.MIGRATION_FAILED: N_(
        "Soglia could not update the database in {folder} for this version, so it has left the "
        "database exactly as it was. Check that the disk is not full and try again; if it happens "
        "again, please report it: the details are in the log file in the logs folder."
    ),
    OpenFailure.READ_ONLY: N_(
        "Soglia cannot save to {folder}. The folder or the database in it may be read-only, the "
        "disk may be full, or the drive may not be connected. Soglia must be able to save every "
        "change, so it will not start on this folder. Check the folder and try again."
    ),
    OpenFailure.DISK_FULL: N_(
        "The disk that holds {folder} is full. Soglia must be able to save every change, so it "
        "will not start until there is room again; it has not changed anything. Free some space "
        "on the disk, or ask the person who looks after Soglia for help."
    ),
    OpenFailure.NOT_A_FILE: N_(
        "In {folder}, soglia.db is a folder, not the database file Soglia keeps there. Soglia "
        "has not changed anything. Move that folder away and put the database file back (or "
        "restore the most recent backup), or ask the person who looks after Soglia for help."
    ),
}


def open_failure_text(
    t: Translator, failure: OpenFailure, folder: Path | None, keys: str = SLOTS_FILE_NAME
) -> str:
    """Why the database cannot be opened, naming the folder if known and its keys file."""
    where = str(folder) if folder else t.gettext("the data folder")
    return t.format(OPEN_FAILURE_MESSAGES[failure], folder=where, keys=keys)


def error_text(translator: Translator, error: KnownError | FieldError) -> str:
    """The message for `error` in the translator's language, with its parameters filled in."""
    template = MESSAGES.get(error.code, _FALLBACK)
    params = {
        "code": error.code,
        "field": error.field,
        "format": translator.date_hint(),
        **dict(error.params),
    }
    return translator.format(template, **{k: _shown(translator, v) for k, v in params.items()})


def _shown(translator: Translator, value: object) -> object:
    """Times in this computer's zone (a lock's end), dates in the language's format."""
    if isinstance(value, dt.datetime):
        return translator.time(value, value.astimezone().tzinfo or dt.UTC)
    if isinstance(value, dt.date):
        return translator.date(value)
    return value


def field_errors(error: ValidationError) -> dict[str | None, FieldError]:
    """The first error of each field, for forms that show one message per field."""
    errors: dict[str | None, FieldError] = {}
    for item in error.errors:
        errors.setdefault(item.field, item)
    return errors
