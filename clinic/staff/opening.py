"""Opening the clinic's database for someone: the login, the key it unwraps, the migrations.

The window (after its login dialog) and the commands (after `--user` and a password) both come
through here, so that a session always starts the same way: key unwrapped, database opened and
brought to the newest schema, the audit trail's end compared with its anchor before anything is
appended, the account checked and the login audited. From then on the anchor file follows each
commit to the trail (`clinic.audit.anchor`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinic.audit.anchor import AnchorKeeper, outside_end
from clinic.audit.chain import ChainBreak, noted_since_last_login
from clinic.audit.trail import seal_end
from clinic.audit.transactions import writing
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode
from clinic.settings.configuration import load_settings
from clinic.staff.accounts import (
    LoggedIn,
    SetUp,
    log_in,
    set_up_clinic,
    unlock_key,
    unlock_with_recovery_key,
)
from clinic.staff.management import KeyAccess, change_own_password
from db.engine import Database
from db.folder import DataFolder, FolderState
from db.keys import new_key
from db.keyslots import KeyStore, load_key_store
from db.migrate import MigrationResult
from db.opening import create_database, open_database, read_legacy_key


@dataclass
class OpenClinic:
    """A database opened for one logged-in staff member, with what account tools need."""

    database: Database
    key: bytes
    store: KeyStore
    login: LoggedIn
    migration: MigrationResult
    keeper: AnchorKeeper
    # For a coordinator: breaks of the audit trail written down since their previous login.
    trail_breaks: tuple[ChainBreak, ...] = field(default=())

    def close(self) -> None:
        self.keeper.stop()
        self.database.dispose()


def open_as(
    folder: DataFolder, username: str, password: str, clock: Clock, *, beside_desk: bool = False
) -> OpenClinic:
    """Log in and open: raises LoginRefusedError, or DatabaseOpenError for a damaged folder.

    The database is checked before the login is audited in it: a damaged file is never
    written. `beside_desk`: see `open_database`.
    """
    store = load_key_store(folder)
    key = unlock_key(store, username, password, clock.now())
    return _open(folder, store, key, username, clock, beside_desk=beside_desk)


def open_with_recovery_key(
    folder: DataFolder, recovery_key: str, admin_username: str, clock: Clock
) -> OpenClinic:
    """The last way in for an admin who lost their password: the key printed at set-up."""
    store = load_key_store(folder)
    key = unlock_with_recovery_key(store, recovery_key)
    return _open(folder, store, key, admin_username, clock, recovery=True)


def _open(
    folder: DataFolder,
    store: KeyStore,
    key: bytes,
    username: str,
    clock: Clock,
    *,
    recovery: bool = False,
    beside_desk: bool = False,
) -> OpenClinic:
    database, migration = open_database(folder, key, beside_desk=beside_desk)
    keeper = AnchorKeeper(folder, key, clock)
    try:
        keeper.follow(database)
        with writing(database, clock) as session:
            seal_end(session, clock, outside_end(folder, key))  # before the login's own rows
            login = log_in(session, clock, store, username, recovery=recovery)
            breaks = noted_since_last_login(session, login.actor)
    except BaseException:
        keeper.stop()
        database.dispose()
        raise
    return OpenClinic(database, key, store, login, migration, keeper, breaks)


def set_up(folder: DataFolder, setup: SetUp, recovery_key: str, clock: Clock) -> OpenClinic:
    """Set up a new folder, or one from before staff accounts, for its first coordinator.

    A new folder gets a new key and database; an old one keeps its database and key, which is
    then wrapped for the coordinator and the recovery key, and its key file removed.
    """
    state = folder.state()
    if state is FolderState.READY:
        raise ConflictError(ErrorCode.ALREADY_SET_UP)
    store = KeyStore(folder.keys)
    if state is FolderState.LEGACY:
        key = read_legacy_key(folder)
        database, migration = open_database(folder, key)
    else:
        key = new_key()
        database, migration = create_database(folder, key)
    keeper = AnchorKeeper(folder, key, clock)
    try:
        keeper.follow(database)
        with writing(database, clock) as session:
            scheme = load_settings(session).code_scheme
            login = set_up_clinic(session, clock, store, key, setup, recovery_key, scheme)
    except BaseException:
        keeper.stop()
        database.dispose()
        raise
    folder.legacy_key.unlink(missing_ok=True)  # the key now lives only in its wrapped slots
    return OpenClinic(database, key, store, login, migration, keeper)


def choose_password(opened: OpenClinic, clock: Clock, password: str, password_again: str) -> None:
    """The logged-in person's own new password (after a reset, the recovery key, or at will)."""
    with writing(opened.database, clock) as session:
        change_own_password(
            session,
            opened.login.actor,
            clock,
            KeyAccess(opened.store, opened.key),
            password,
            password_again,
        )
