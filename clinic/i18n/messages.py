"""The words for known errors, in the one translation catalogue (English source).

The UI and the command line look errors up here by code and translate them, so a message is
written once and reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from clinic.common.errors import ErrorCode, FieldError, KnownError, ValidationError
from clinic.i18n.translator import N_, Translator
from db.errors import OpenFailure
from db.folder import SLOTS_FILE_NAME

MESSAGES: Mapping[ErrorCode, str] = {
    # Validation
    ErrorCode.CONTROL_CHARACTERS: N_("Remove the invisible or control characters from this field."),
    ErrorCode.TOO_LONG: N_("Too long: at most {max} characters."),
    ErrorCode.DATE_FORMAT: N_("Not a date. Type it as {format}."),
    ErrorCode.DATE_YEAR_DIGITS: N_("Give the year with four digits."),
    ErrorCode.DATE_IMPOSSIBLE: N_("This date does not exist."),
    ErrorCode.DATE_IN_FUTURE: N_("This date is in the future."),
    ErrorCode.DATE_TOO_EARLY: N_("This date is too far in the past."),
    ErrorCode.BIRTH_YEAR_RANGE: N_("Give a birth year between 1900 and {max}, or a full date."),
    ErrorCode.BIRTH_REQUIRED_FOR_CODE: N_(
        "The code needs at least the birth year. Ask for it, or an approximate year."
    ),
    ErrorCode.UNKNOWN_CHOICE: N_("Choose one of the options offered."),
    ErrorCode.UNKNOWN_COUNTRY: N_("Choose a country from the list."),
    ErrorCode.UNKNOWN_LANGUAGE: N_("Choose languages from the list."),
    ErrorCode.TOO_MANY: N_("Too many: at most {max}."),
    ErrorCode.REASONS_REQUIRED: N_("Choose at least one reason for the visit."),
    ErrorCode.CONSENT_DATE_AND_NOT_ASKED: N_(
        "Give the date consent was given, or tick “Not asked”, not both."
    ),
    ErrorCode.CONSENT_REQUIRED: N_(
        "Give the date consent was given, or record that it was not asked."
    ),
    ErrorCode.UNKNOWN_STAFF: N_("Choose who is seeing the person."),
    ErrorCode.UNKNOWN_TIME_ZONE: N_("Choose a time zone from the list."),
    ErrorCode.LOCK_MINUTES_RANGE: N_("Give a number of minutes between 1 and {max}."),
    ErrorCode.FOLLOW_UP_DAYS_RANGE: N_("Give a number of days between 1 and {max}."),
    ErrorCode.REQUIRED: N_("This cannot be left empty."),
    ErrorCode.USERNAME_FORMAT: N_(
        "Use 2 to 40 lower-case letters, digits, dots, dashes or underscores, "
        "starting with a letter or digit."
    ),
    ErrorCode.USERNAME_TAKEN: N_("Another account already has this user name."),
    ErrorCode.PASSWORD_TOO_SHORT: N_("Too short: at least {min} characters."),
    ErrorCode.PASSWORD_TOO_WEAK: N_(
        "Too easy to guess. Use a few unrelated words, or mix words with digits and signs."
    ),
    ErrorCode.PASSWORDS_DIFFER: N_("The two passwords are not the same."),
    # Vaccinations
    ErrorCode.LOT_REQUIRED: N_("Choose the lot the dose was taken from."),
    ErrorCode.LOT_EXPIRED: N_(
        "This lot expired on {expiry}: it cannot be given. Choose another lot."
    ),
    ErrorCode.LOT_EMPTY: N_("There is no dose left in this lot. Choose another lot."),
    ErrorCode.STOCK_SHORT: N_("Not enough in stock here: {available} left."),
    ErrorCode.SAME_PLACE: N_("Choose another place than the one the stock comes from."),
    ErrorCode.ITEM_NOT_FOUND: N_("This item is no longer in the catalogue."),
    ErrorCode.LIMIT_PER_CONTACT: N_("At most {limit} at a time."),
    ErrorCode.LIMIT_PER_WEEK: N_(
        "At most {limit} a week for one person; {given} already handed out in the last 7 days."
    ),
    ErrorCode.OVERRIDE_REASON_REQUIRED: N_(
        "Say why you go past the limit or the stock: it is kept in the audit trail."
    ),
    ErrorCode.ITEM_EXISTS: N_("Another item already has this name."),
    ErrorCode.COUNT_RANGE: N_("Give a whole number between {min} and {max}."),
    ErrorCode.SESSION_TIME: N_("Give the time as 14:30."),
    ErrorCode.SESSION_NO_LENGTH: N_("A session cannot end at the time it starts."),
    ErrorCode.SESSION_NOT_STARTED: N_(
        "This session has not started yet: for last night's outing, give yesterday's date."
    ),
    ErrorCode.SESSION_NOT_FOUND: N_("This session no longer exists."),
    ErrorCode.NOT_IN_TEAM: N_("Only the session's team, or who recorded it, can amend it."),
    ErrorCode.SESSION_DAY_OVER: N_(
        "A session can be amended only on the day it was recorded. Add an addendum instead."
    ),
    ErrorCode.PLACE_EXISTS: N_("Another place already has this name."),
    ErrorCode.PLACE_NOT_FOUND: N_("This place is no longer in the list."),
    ErrorCode.CHANGE_RANGE: N_(
        "Give the change as a whole number, such as -3 to take three away or 2 to add two "
        "(at most {max})."
    ),
    ErrorCode.PLACE_HOLDS_STOCK: N_(
        "This place still holds stock: move it to another place, or adjust it to nought, first."
    ),
    ErrorCode.NOTHING_COUNTED: N_("Type what you counted of at least one item."),
    ErrorCode.LAST_DISPENSARY: N_(
        "This is the last dispensary in use: the desk's stock is kept there. Add another one first."
    ),
    ErrorCode.LOT_EXPIRY_DIFFERS: N_(
        "This lot is already in stock with the expiry date {expiry}. Check the lot number."
    ),
    ErrorCode.QUANTITY_RANGE: N_("Give a whole number of doses between 1 and {max}."),
    ErrorCode.DOSE_NUMBER_RANGE: N_("Give a dose number between 1 and {max}, or leave it empty."),
    ErrorCode.AMOUNT_FORMAT: N_("Give the amount as a number, such as 0.5 (at most {max})."),
    ErrorCode.DOSE_BEFORE_BIRTH: N_("This date is before the person's birth."),
    ErrorCode.DOSE_SAME_DAY: N_("This vaccine is already recorded for this person on this day."),
    ErrorCode.APPOINTMENT_IN_PAST: N_("This day has already passed."),
    ErrorCode.APPOINTMENT_TOO_FAR: N_("Book at most two years ahead."),
    ErrorCode.TIME_FORMAT: N_("Give the time as 14:30, or leave it empty."),
    ErrorCode.APPOINTMENT_OUTSIDE_WINDOW: N_(
        "This day is outside the window of the next dose: from {earliest}, late from {past_due}."
    ),
    ErrorCode.FORECAST_BAD_JSON: N_("The input is not a JSON array of cases ({problem})."),
    ErrorCode.FORECAST_BAD_CASE: N_("Case {index}, field {field}: {problem}."),
    ErrorCode.FORECAST_DATE_RANGE: N_(
        "Case {index}, field {field}: give a date between {earliest} and {latest}."
    ),
    # Logging in
    ErrorCode.WRONG_LOGIN: N_("Wrong user name or password."),
    ErrorCode.ACCOUNT_LOCKED: N_(
        "Too many wrong passwords: this account is locked until {until}. "
        "A coordinator can unlock it sooner."
    ),
    ErrorCode.WRONG_RECOVERY_KEY: N_("This is not the recovery key of this clinic."),
    ErrorCode.WRONG_RECOVERY_ADMIN: N_(
        "The recovery key opens only an active coordinator's account."
    ),
    # Not found, conflicts
    ErrorCode.PERSON_NOT_FOUND: N_("This person is no longer in the registry."),
    ErrorCode.VISIT_NOT_FOUND: N_("This check-in no longer exists; the queue has been refreshed."),
    ErrorCode.STAFF_NOT_FOUND: N_("This account no longer exists or was deactivated."),
    ErrorCode.LAST_ADMIN: N_(
        "This is the last active coordinator account: make another coordinator first."
    ),
    ErrorCode.ROLE_DOES_NOT_INTERVIEW: N_(
        "Identification interviews are recorded by social workers and psychologists: give the "
        "account one of these roles first."
    ),
    ErrorCode.ALREADY_SET_UP: N_("This clinic is already set up: log in instead."),
    ErrorCode.CODE_TAKEN: N_("Another person already has this code."),
    ErrorCode.CODE_EXHAUSTED: N_(
        "No free code could be made; try again or contact the coordinator."
    ),
    ErrorCode.DURATION_RANGE: N_("Give the duration in whole minutes, from 1 to {max}."),
    ErrorCode.ITEM_NOT_OFFERED: N_("This entry is not offered for this kind of consultation."),
    ErrorCode.CONSULTATION_NOT_FOUND: N_("This consultation no longer exists."),
    ErrorCode.NOT_AUTHOR: N_("Only its author can amend a consultation."),
    ErrorCode.AMEND_DAY_OVER: N_(
        "A consultation can be amended only on the day it was written. Add an addendum instead."
    ),
    ErrorCode.PATHWAY_NOT_FOUND: N_("This pathway no longer exists."),
    ErrorCode.PATHWAY_CLOSED: N_("This pathway is closed."),
    ErrorCode.NOT_AN_INTERVIEW: N_("This consultation is not an identification interview."),
    ErrorCode.OFFER_ANSWERED: N_("The person has already answered this offer."),
    ErrorCode.PATHWAY_OPENED: N_(
        "The person accepted and a pathway is open: the answer stays. Close the pathway from "
        "the file if they leave it."
    ),
    ErrorCode.ENTRY_EXISTS: N_("The list already has this entry."),
    ErrorCode.ENTRY_RETIRED: N_(
        "The list has this entry, retired: offer it again (Ctrl+Shift+R) rather than adding it."
    ),
    ErrorCode.ENTRY_NOT_FOUND: N_("This list entry no longer exists."),
    ErrorCode.TEST_KIND_NOT_OFFERED: N_(
        "This test is no longer offered. Choose one from the list."
    ),
    ErrorCode.TEST_READER_UNKNOWN: N_(
        "Choose who read the test: a nurse or doctor with an active account."
    ),
    ErrorCode.TEST_NOT_FOUND: N_("This rapid test is not one of this person's records."),
    ErrorCode.SERVICE_EXISTS: N_(
        "The directory already has a service with this name (perhaps no longer offered)."
    ),
    ErrorCode.SERVICE_NOT_FOUND: N_("This partner service is not in the directory."),
    ErrorCode.SERVICE_RETIRED: N_(
        "This service is no longer offered for new referrals. Choose another one."
    ),
    ErrorCode.POLICE_ONLY_AT_REQUEST: N_(
        "A referral to the police or a prosecutor is made only at the person's own request: "
        "tick it if they asked for it."
    ),
    ErrorCode.REFERRAL_NOT_FOUND: N_("This referral no longer exists."),
    ErrorCode.OUTCOME_BEFORE_REFERRAL: N_("This date is before the referral ({earliest})."),
    ErrorCode.CHANGED_MEANWHILE: N_(
        "Someone else changed this record while you were editing. Close it and open it again; "
        "what you typed is still in the form."
    ),
    ErrorCode.SAVE_CONFLICT: N_(
        "This clashes with a record saved a moment ago (a code just taken, for example). "
        "Nothing was saved; what you typed is still in the form."
    ),
    ErrorCode.ALREADY_CHECKED_IN_TODAY: N_("This person is already checked in today."),
    ErrorCode.PERSON_MERGED: N_(
        "This record was merged into another one and can no longer be changed. "
        "Find the person again to open the record that is kept."
    ),
    ErrorCode.VISIT_NOT_WAITING: N_(
        "Only a check-in of today, of a person still waiting, can be taken off the queue."
    ),
    ErrorCode.DEMO_NEEDS_EMPTY_DATABASE: N_(
        "Demo data can only be added to a new, empty database, never beside real data."
    ),
    ErrorCode.VACCINATION_NOT_FOUND: N_("This vaccination record no longer exists."),
    ErrorCode.ALREADY_ENTERED_IN_ERROR: N_("This record is already marked as entered in error."),
    ErrorCode.PRODUCT_NOT_FOUND: N_("This vaccine is no longer in the catalogue."),
    ErrorCode.APPOINTMENT_EXISTS: N_(
        "This person already has an appointment for this vaccine that day."
    ),
    ErrorCode.APPOINTMENT_EXISTS_THAT_DAY: N_("This person already has an appointment that day."),
    ErrorCode.APPOINTMENT_NOT_FOUND: N_("This appointment no longer exists."),
    # Imports from spreadsheets
    ErrorCode.IMPORT_FILE_KIND: N_(
        "Soglia imports .xlsx and .csv files: save the spreadsheet as one of them."
    ),
    ErrorCode.IMPORT_UNREADABLE: N_(
        "This file cannot be read as a spreadsheet. Save it again as an Excel "
        "workbook (.xlsx) or as CSV, then try again. Nothing was imported."
    ),
    ErrorCode.IMPORT_TOO_MANY_ROWS: N_(
        "This file has more than {max} rows: split it into smaller files. Nothing was imported."
    ),
    ErrorCode.IMPORT_COLUMN_TWICE: N_(
        "Two columns are named “{column}”: rename one of them. Nothing was imported."
    ),
    ErrorCode.IMPORT_COLUMNS_MISSING: N_(
        "The file has no column for: {fields}. Name the columns as the template does, or give "
        "a mapping from the file's columns. Nothing was imported."
    ),
    ErrorCode.IMPORT_MAPPING_UNREADABLE: N_(
        "The mapping must be a JSON file pairing each of the file's columns with one of "
        "Soglia's fields, as the README shows."
    ),
    ErrorCode.IMPORT_MAPPING_FIELD: N_(
        "“{name}” is not a field Soglia imports here. The fields are: {fields}."
    ),
    ErrorCode.IMPORT_MAPPING_COLUMN: N_(
        "The mapping names a column the file does not have: “{column}”."
    ),
    ErrorCode.IMPORT_MAPPING_TWICE: N_(
        "The mapping sends two columns to the field “{name}”: keep one of them."
    ),
    ErrorCode.FORMULA: N_(
        "This cell holds a formula (it starts with =, +, - or @). Soglia takes values only, "
        "never formulas: type the value itself."
    ),
    ErrorCode.CODE_FORMAT: N_(
        "A code has letters, digits, dashes and slashes only, at most {max} characters."
    ),
    ErrorCode.CODE_OR_NAMES: N_(
        "Give the code, or the family and given names to make the code from (the names are "
        "not kept)."
    ),
    ErrorCode.SAME_IN_FILE: N_("Same as line {first}: it is imported once."),
    ErrorCode.CODE_UNKNOWN: N_("No one in the registry has this code: import the persons first."),
    ErrorCode.CODE_MERGED: N_("This record was merged into {survivor}: give that code instead."),
    ErrorCode.ZONE_UNKNOWN: N_(
        "This zone is not in the clinic's list: correct it, or add it under Administration, "
        "Care lists."
    ),
    ErrorCode.EXAMPLE_ROW: N_("This is the template's example: delete this row."),
    # Permissions, storage
    ErrorCode.BACKUP_FAILED: N_(
        "The backup could not be made. Try again; if it happens again, ask the person who "
        "looks after Soglia (the details are in the log file)."
    ),
    ErrorCode.BACKUP_DISK_FULL: N_(
        "The backup could not be made: the disk is full. The database itself is fine. Free "
        "some space on the disk, or ask the person who looks after Soglia, then try again."
    ),
    ErrorCode.BACKUP_NOT_WRITABLE: N_(
        "The backup could not be made: the backups folder cannot be written to (it may be "
        "read-only, or its drive not connected). The database itself is fine. Check the "
        "folder, then try again."
    ),
    ErrorCode.BACKUP_DAMAGED: N_(
        "The backup could not be made: a page of the database is damaged. The earlier backups "
        "are kept as they were. Restore the most recent one (Soglia offers it when it starts "
        "again), or ask the person who looks after Soglia for help."
    ),
    ErrorCode.BACKUP_IN_PROGRESS: N_(
        "Another backup of this clinic is still being made. Try again once it has ended."
    ),
    ErrorCode.BACKUP_SECOND_FOLDER: N_(
        "The backup was made in the data folder, but not copied to the second folder: "
        "check that the USB stick or drive is connected."
    ),
    ErrorCode.BACKUP_SECOND_FOLDER_FULL: N_(
        "The backup was made in the data folder, but not copied to the second folder: the USB "
        "stick or drive is full. Free some space on it, or use another one."
    ),
    ErrorCode.BACKUP_UNREADABLE: N_(
        "This file is not a backup of this clinic, or it is damaged. Nothing was changed."
    ),
    ErrorCode.BACKUP_KEYS_MISSING: N_(
        "The keys file of this data folder cannot be read, and the one that goes with this "
        "backup ({file}, beside it) is missing or damaged. Put it back beside the backup and "
        "try again. Nothing was changed."
    ),
    ErrorCode.RESTORE_NOT_COORDINATOR: N_(
        "Only an active coordinator of the time of this backup can restore it."
    ),
    ErrorCode.RESTORE_FAILED: N_(
        "The backup could not be put in place (the disk may be full). "
        "The database was left as it was."
    ),
    ErrorCode.EXPORT_FAILED: N_("The file could not be written there. Choose another folder."),
    ErrorCode.STORAGE_READ_FAILED: N_(
        "The database could not be read just now. Try again; if it happens again, ask the "
        "person who looks after Soglia (the details are in the log file)."
    ),
    ErrorCode.NOT_ALLOWED: N_("Your role does not allow this."),
    ErrorCode.NOT_TRAINED: N_(
        "Only staff trained for identification interviews record them. A coordinator marks "
        "who is, under Administration, Staff accounts."
    ),
    ErrorCode.ACCOUNT_CHANGED: N_(
        "A coordinator changed your account (its role or training) since you logged in, so "
        "Soglia no longer acts on the old one. Log out and log in again to go on."
    ),
    ErrorCode.ACCOUNT_DEACTIVATED: N_(
        "Your account was deactivated since you logged in: nothing more can be done with it. "
        "Log out, and ask a coordinator if this is a mistake."
    ),
    ErrorCode.DATABASE_DAMAGED: N_(
        "A page of the database is damaged, so this could not be done; nothing was saved. "
        "Close Soglia and start it again: it will offer to restore the most recent backup."
    ),
    ErrorCode.STORAGE_FAILED: N_(
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
