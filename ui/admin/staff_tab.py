"""Staff accounts (the coordinator): create, new password, unlock, change role, mark who is
trained for identification interviews, deactivate."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.common.errors import KnownError
from clinic.staff.accounts import DISPLAY_NAME_MAX
from clinic.staff.management import (
    StaffAccount,
    change_role,
    create_staff,
    deactivate_staff,
    list_staff,
    reset_password,
    set_interviewer,
    unlock_account,
)
from clinic.staff.vocabulary import Role
from clinic.staff.words import ROLES
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.login.password_dialog import password_field
from ui.operations import Form, read_now, run_write


def staff_model(ctx: DeskContext) -> RowTableModel[StaffAccount]:
    t = ctx.t
    _ = t.gettext
    zone = ctx.clock.zone
    columns: list[Column[StaffAccount]] = [
        Column(lambda: _("User name"), lambda a: a.username, width=16),
        Column(lambda: _("Name"), lambda a: a.display_name, width=20, stretch=True),
        Column(lambda: _("Role"), lambda a: _(ROLES[a.role]), width=24),
        Column(lambda: _("Active"), lambda a: _("Yes") if a.active else _("No"), width=6),
        Column(
            lambda: _("Identification interviews"),
            lambda a: _("Trained") if a.interviewer else "",
            width=12,
        ),
        Column(
            lambda: _("Locked until"),
            lambda a: t.time(a.locked_until, zone) if a.locked_until else "",
            width=10,
        ),
    ]
    return RowTableModel(columns)


class StaffTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.model = staff_model(ctx)
        self.view, self.proxy = row_table(self.model, "staff")
        buttons = QHBoxLayout()
        for text, slot in (
            (_("&New account..."), self.new_account),
            (_("New &password..."), self.new_password),
            (_("&Unlock"), self.unlock),
            (_("Change &role..."), self.change_role),
            (_("Identification &interviews..."), self.mark_interviewer),
            (_("&Deactivate..."), self.deactivate),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        ctx = self._ctx
        if ctx.keys is None:
            return
        store = ctx.keys.store
        accounts = read_now(ctx, self, lambda s: list_staff(s, ctx.actor, store, ctx.clock.now()))
        if accounts is not None:
            self.model.set_rows(accounts)

    def selected(self) -> StaffAccount | None:
        account: StaffAccount | None = selected_row(self.view)
        return account

    def new_account(self) -> None:
        dialog = NewAccountDialog(self._ctx, self)
        dialog.exec()
        dialog.deleteLater()
        self.reload()

    def new_password(self) -> None:
        account, ctx = self.selected(), self._ctx
        if account is None or ctx.keys is None:
            return
        dialog = GivePasswordDialog(ctx, account, self)
        dialog.exec()
        dialog.deleteLater()
        self.reload()

    def unlock(self) -> None:
        account, ctx = self.selected(), self._ctx
        if account is not None and ctx.keys is not None:
            store = ctx.keys.store
            self._change(lambda s: unlock_account(s, ctx.actor, ctx.clock, store, account.id))

    def change_role(self) -> None:
        account, ctx = self.selected(), self._ctx
        if account is None:
            return
        dialog = RoleDialog(ctx, account.role, self)
        if dialog.exec():
            role = dialog.role()
            self._change(lambda s: change_role(s, ctx.actor, ctx.clock, account.id, role))
        dialog.deleteLater()

    def mark_interviewer(self) -> None:
        """Mark the account as trained for identification interviews, or no longer, asked
        first; it takes effect at that person's next login."""
        account, ctx = self.selected(), self._ctx
        if account is None:
            return
        t = ctx.t
        if account.interviewer:
            question = t.gettext(
                "{name} will no longer record identification interviews, from their next login. "
                "The interviews they recorded stay as they are."
            )
            yes, no = t.gettext("Remove the mark"), t.gettext("Keep it")
        else:
            question = t.gettext(
                "Mark {name} as trained for identification interviews? They record them from "
                "their next login."
            )
            yes, no = t.gettext("Mark as trained"), t.gettext("Cancel")
        if messages.confirm(self, t, t.format(question, name=account.display_name), yes, no):
            trained = not account.interviewer
            self._change(lambda s: set_interviewer(s, ctx.actor, ctx.clock, account.id, trained))

    def deactivate(self) -> None:
        account, ctx = self.selected(), self._ctx
        if account is None or ctx.keys is None:
            return
        t = ctx.t
        question = t.format(
            t.gettext(
                "Deactivate the account {username}? That person will no longer be able to log "
                "in; what they did stays in the records and the audit trail."
            ),
            username=account.username,
        )
        if messages.confirm(self, t, question, t.gettext("Deactivate"), t.gettext("Keep it")):
            store = ctx.keys.store
            self._change(lambda s: deactivate_staff(s, ctx.actor, ctx.clock, store, account.id))

    def _change(self, use_case) -> None:  # type: ignore[no-untyped-def]
        ctx = self._ctx

        def refused(error: KnownError) -> None:
            messages.show_error(self, ctx.t, error)
            self.reload()

        run_write(ctx, self, use_case, lambda _done: self.reload(), failed=refused)


class _FormDialog(QDialog):
    """A small form whose errors show next to their fields and whose input stays."""

    def __init__(self, ctx: DeskContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(title)
        self.rows: dict[str, FieldWithError] = {}
        self.form = QFormLayout()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.saving = Form(self.rows, [buttons], self)

    def add(self, name: str, label: str, field: QWidget) -> None:
        self.rows[name] = FieldWithError(field)
        self.form.addRow(label, self.rows[name])

    def run(self, use_case) -> None:  # type: ignore[no-untyped-def]
        run_write(self._ctx, self, use_case, lambda _done: self.accept(), form=self.saving)

    def save(self) -> None:
        raise NotImplementedError


class NewAccountDialog(_FormDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None) -> None:
        _ = ctx.t.gettext
        super().__init__(ctx, _("New account"), parent)
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(DISPLAY_NAME_MAX)  # clinic's limit, felt while typing
        self.role = _role_combo(ctx, Role.RECEPTION)
        self.password = password_field()
        self.add("username", _("&User name"), self.username)
        self.add("display_name", _("&Full name or initials"), self.display_name)
        self.add("role", _("&Role"), self.role)
        self.add("password", _("First &password (to change at first login)"), self.password)

    def save(self) -> None:
        ctx = self._ctx
        keys = ctx.keys
        assert keys is not None
        self.run(
            lambda s: create_staff(
                s,
                ctx.actor,
                ctx.clock,
                keys,
                self.username.text(),
                self.display_name.text(),
                Role(self.role.currentData()),
                self.password.text(),
            )
        )


class GivePasswordDialog(_FormDialog):
    def __init__(self, ctx: DeskContext, account: StaffAccount, parent: QWidget | None) -> None:
        t = ctx.t
        super().__init__(
            ctx,
            t.format(t.gettext("New password for {username}"), username=account.username),
            parent,
        )
        self._account = account
        self.password = password_field()
        self.add("password", t.gettext("New &password (to change at next login)"), self.password)

    def save(self) -> None:
        ctx, account = self._ctx, self._account
        keys = ctx.keys
        assert keys is not None
        self.run(
            lambda s: reset_password(
                s, ctx.actor, ctx.clock, keys, account.id, self.password.text()
            )
        )


class RoleDialog(QDialog):
    def __init__(self, ctx: DeskContext, current: Role, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ctx.t.gettext("Change role"))
        self.combo = _role_combo(ctx, current)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(ctx.t.gettext("&Role"), self.combo)
        layout.addRow(buttons)

    def role(self) -> Role:
        return Role(self.combo.currentData())


def _role_combo(ctx: DeskContext, current: Role) -> QComboBox:
    combo = QComboBox()
    for role, text in ROLES.items():
        combo.addItem(ctx.t.gettext(text), role.value)
    combo.setCurrentIndex(combo.findData(current.value))
    return combo
