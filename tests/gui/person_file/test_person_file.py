"""The person's file at the desk, driven by keyboard on real widgets (issue 12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QWidget
from sqlalchemy import select

from clinic.care.directory import ServiceForm, add_service
from clinic.care.vocabulary import PathwayStage
from clinic.common.clock import Clock
from clinic.protection.interviews import InterviewForm, record_interview
from clinic.staff.vocabulary import Role
from db.models.care import (
    Consultation,
    ConsultationRevision,
    IdentificationInterview,
    InterviewIndicator,
    Pathway,
    PathwayStep,
)
from tests.conftest import NOW, ROME
from tests.gui.conftest import activate
from ui.person_file.consultation_dialog import ConsultationDialog
from ui.person_file.interview_dialog import InterviewDialog
from ui.person_file.lines import details_text
from ui.person_file.pathway_forms import ClosePathwayDialog, StageDialog
from ui.person_file.small_forms import OutcomeDialog, RapidTestDialog, ReferralDialog
from ui.registry.person_overview_dialog import PersonOverviewDialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# Typed key by key: QTest types ASCII only (other scripts are pasted, below).
NOTE = "Joy came with a friend. <b>Madam</b> keeps her passport; =1+1 debt of 40,000 EUR."
# Deceptive recruitment (one strong, one medium) and exploitation (three medium) are met;
# coercion at destination has one strong indicator only, not enough under the ILO's rule.
MARKED = (
    "dr.nature_of_job",
    "dr.wages",
    "ex.excessive_hours",
    "ex.low_or_no_pay",
    "ex.bad_living_conditions",
    "co.forced_tasks_or_clients",
)


def _open_file(qtbot, window, person_id, on_next_dialog, action) -> list[QWidget]:
    """Open the person's file from the desk (as Enter does) and run `action` on it."""
    handled = on_next_dialog(action)
    window.show_page(window.reception)
    window.reception.open_person(person_id)
    qtbot.waitUntil(lambda: bool(handled) and not _shown(handled[0]), timeout=20_000)
    return handled


def _interviewed(database, clock, actors, person_id: int, **answers) -> None:
    """An interview by the social worker, outreach-referred, the programme offered."""
    form = InterviewForm(referred_by="outreach", offer="offered", **answers)
    with database.write() as session:
        record_interview(session, actors[Role.SOCIAL], clock, person_id, form)


def _shown(dialog: QWidget) -> bool:
    return shiboken6.isValid(dialog) and dialog.isVisible()


def _visible_text(dialog: QWidget) -> str:
    """Every word a person could read in the dialog: its labels, buttons and table cells."""
    words = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    words += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    if isinstance(dialog, PersonOverviewDialog) and dialog.timeline is not None:
        model = dialog.timeline.model
        words += [
            model.text(row, column)
            for row in range(model.rowCount())
            for column in range(model.columnCount())
        ]
    return "\n".join(words)


def test_a_social_worker_records_an_interview_and_the_pathway_opens_unseen_by_reception(
    qtbot, make_window, database, joy, on_next_dialog
):
    window = make_window(Role.SOCIAL)
    seen: dict[str, object] = {}

    def interview(dialog: QWidget) -> None:
        assert isinstance(dialog, InterviewDialog)
        dialog.referred_by.setCurrentIndex(dialog.referred_by.findData("outreach"))
        qtbot.mouseClick(dialog.fields.mediator, Qt.MouseButton.LeftButton)
        dialog.fields.language.setCurrentIndex(dialog.fields.language.findData("en"))
        dialog.fields.note.setFocus()
        QTest.keyClicks(dialog.fields.note, NOTE)
        for code in MARKED:
            dialog.indicators[code].click()
        seen["met"] = dialog.met.text()
        dialog.conclusion.setCurrentIndex(dialog.conclusion.findData("presumed_victim"))
        dialog.offer.setCurrentIndex(dialog.offer.findData("accepted"))
        on_next_dialog(  # after the save, in the background: the file is modal again meanwhile
            lambda box: seen.setdefault("told", box.text()) and box.accept(), QMessageBox
        )
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def file(dialog: QWidget) -> None:
        assert isinstance(dialog, PersonOverviewDialog)
        on_next_dialog(interview)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        assert dialog.timeline is not None
        qtbot.waitUntil(lambda: dialog.timeline.model.rowCount() == 2)  # read again
        seen["lines"] = [
            (row.type.value, details_text(window.ctx.t, row))
            for row in dialog.timeline.model.rows()
        ]
        dialog.reject()

    _open_file(qtbot, window, joy, on_next_dialog, file)

    assert seen["met"] == (
        "Met under the ILO's rule (a help, not a conclusion): Deceptive recruitment, Exploitation."
    )
    assert "social-protection pathway is open" in str(seen["told"])
    assert sorted(kind for kind, _text in seen["lines"]) == ["identification", "pathway"]
    assert ("pathway", "Social-protection programme  ·  Identification") in seen["lines"]
    with database.read() as session:
        [(pathway, stage)] = session.execute(
            select(Pathway.kind, PathwayStep.stage).join(PathwayStep)
        ).all()
    assert (pathway, stage) == ("protection", PathwayStage.IDENTIFICATION.value)

    reception = make_window(Role.RECEPTION)
    shown: list[str] = []

    def reception_file(dialog: QWidget) -> None:
        shown.append(_visible_text(dialog))
        dialog.reject()

    _open_file(qtbot, reception, joy, on_next_dialog, reception_file)
    [text] = shown
    for secret in ("Madam", "passport", "Identification", "interview", "pathway", "trafficking"):
        assert secret.lower() not in text.lower()
    assert "JOY1999" in text  # the file itself was shown


def test_a_nurse_writes_a_consultation_and_reads_it_back_whole(
    qtbot, make_window, joy, on_next_dialog
):
    window = make_window(Role.NURSE)
    hostile = NOTE + "\nمرحبا 你好 👩🏽‍⚕️\n" + "x" * 500
    read: list[str] = []

    def consultation(dialog: QWidget) -> None:
        assert isinstance(dialog, ConsultationDialog)
        dialog.fields.note.setPlainText(hostile)  # pasted, as such a note would be
        dialog.fields.duration.setFocus()
        QTest.keyClicks(dialog.fields.duration, "20")
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def view(dialog: QWidget) -> None:
        read.append(dialog.note.toPlainText())
        dialog.reject()

    def file(dialog: QWidget) -> None:
        on_next_dialog(consultation)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.timeline.model.rowCount() == 1)
        on_next_dialog(view)
        dialog.timeline.view.setFocus()
        QTest.keyClick(dialog.timeline.view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(read))
        dialog.reject()

    _open_file(qtbot, window, joy, on_next_dialog, file)
    assert read == [hostile]


def test_closing_a_typed_consultation_asks_first_and_keeps_the_text(
    qtbot, make_window, joy, on_next_dialog
):
    window = make_window(Role.PSYCHOLOGIST)
    kept: list[str] = []

    def consultation(dialog: QWidget) -> None:
        dialog.fields.note.setPlainText("Half a sentence")

        def keep_editing(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            box.reject()  # "Keep editing", the safe answer

        on_next_dialog(keep_editing)
        dialog.reject()
        kept.append(dialog.fields.note.toPlainText())
        on_next_dialog(lambda box: box.buttons()[0].click())  # now: close without saving
        dialog.reject()

    def chooser(box: QWidget) -> None:  # a psychologist writes two kinds: which one?
        assert isinstance(box, QMessageBox)
        on_next_dialog(consultation, ConsultationDialog)
        next(b for b in box.buttons() if b.text() == "Psychological session").click()

    def file(dialog: QWidget) -> None:
        on_next_dialog(chooser)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        dialog.reject()

    _open_file(qtbot, window, joy, on_next_dialog, file)
    assert kept == ["Half a sentence"]
    assert QApplication.activeModalWidget() is None


def test_a_reactive_hiv_test_is_referred_and_followed_up_until_attended(
    qtbot, make_window, database, clock, actors, joy, on_next_dialog
):
    """Issue 12: a reactive HIV test leads to a referral; the follow-up list shows it after
    14 days; recording "attended" clears it."""
    with database.write() as session:
        add_service(
            session,
            actors[Role.ADMIN],
            clock,
            ServiceForm("Centro MTS Santa Chiara", "sti_clinic", "Via Roma 1"),
        )
        add_service(session, actors[Role.ADMIN], clock, ServiceForm("Casa Rifugio", "shelter", ""))
    nurse = make_window(Role.NURSE)
    asked: list[str] = []

    def referral(dialog: QWidget) -> None:
        assert isinstance(dialog, ReferralDialog)
        asked.append(dialog.service.currentText())  # the STI clinic, chosen already
        asked.append(dialog.reason.toPlainText())
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def refer_now(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        on_next_dialog(referral, ReferralDialog)  # after the directory is read
        next(b for b in box.buttons() if b.text() == "Refer now").click()

    def rapid_test(dialog: QWidget) -> None:
        assert isinstance(dialog, RapidTestDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findText("HIV"))
        dialog.reading.setCurrentIndex(dialog.reading.findData("reactive"))
        qtbot.mouseClick(dialog.before, Qt.MouseButton.LeftButton)
        on_next_dialog(refer_now, QMessageBox)  # once the test's dialog has closed
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def file(dialog: QWidget) -> None:
        on_next_dialog(rapid_test)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.timeline.model.rowCount() == 2)  # the test, the referral
        dialog.reject()

    _open_file(qtbot, nurse, joy, on_next_dialog, file)
    assert asked == [
        "The HIV test is reactive. Refer the person for confirmation now?",
        "Centro MTS Santa Chiara (STI or HIV clinic)",
        "Confirmation of a reactive HIV test.",
    ]

    def follow_up_rows(window) -> list[tuple[str, str, str]]:
        page = window.follow_up_page
        window.show_page(page)
        tab = page.referrals
        qtbot.waitUntil(lambda: not tab.loader.loading())
        return [(r.code, r.service, str(r.days_waiting)) for r in tab.model.rows()]

    thirteen = make_window(Role.NURSE, now=Clock(ROME, NOW + dt.timedelta(days=13)))
    assert follow_up_rows(thirteen) == []
    fourteen = make_window(Role.NURSE, now=Clock(ROME, NOW + dt.timedelta(days=14)))
    assert follow_up_rows(fourteen) == [("JOY1999", "Centro MTS Santa Chiara", "14")]

    def attended(dialog: QWidget) -> None:
        assert isinstance(dialog, OutcomeDialog)
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("attended"))
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    tab = fourteen.follow_up_page.referrals
    tab.view.setFocus()
    tab.view.selectRow(0)
    handled = on_next_dialog(attended)
    QTest.keyClick(tab.view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: bool(handled) and tab.model.rowCount() == 0 and not tab.loader.loading()
    )
    assert tab.summary.text() == "0 referrals without an outcome after 14 days"


def test_a_later_yes_opens_the_pathway_which_moves_on_and_closes_by_keyboard(
    qtbot, make_window, database, clock, actors, joy, on_next_dialog
):
    _interviewed(database, clock, actors, joy, conclusion="presumed_victim")
    window = make_window(Role.PSYCHOLOGIST)
    stages: list[list[str]] = []

    def interview_view(view: QWidget) -> None:
        activate(view)
        QTest.keyClick(view, Qt.Key.Key_A, CTRL_SHIFT)  # "Programme accepted"

    def next_stage(dialog: QWidget) -> None:
        assert isinstance(dialog, StageDialog)
        dialog.stage.setCurrentIndex(dialog.stage.findData("emergency_shelter"))
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def closing(dialog: QWidget) -> None:
        assert isinstance(dialog, ClosePathwayDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("completed"))
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def answer(choice: str, then, kind: type[QWidget]) -> Callable[[QWidget], None]:
        def click(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            on_next_dialog(then, kind)
            next(b for b in box.buttons() if b.text() == choice).click()

        return click

    def pathway_lines(dialog) -> list[str]:
        return [
            details_text(window.ctx.t, e)
            for e in dialog.timeline.model.rows()
            if e.type.value == "pathway"
        ]

    def press_enter_on(dialog, kind: str) -> None:
        view = dialog.timeline.view
        row = next(i for i, e in enumerate(dialog.timeline.model.rows()) if e.type.value == kind)
        view.setFocus()
        view.selectRow(row)
        QTest.keyClick(view, Qt.Key.Key_Return)

    def file(dialog: QWidget) -> None:
        on_next_dialog(interview_view)
        press_enter_on(dialog, "identification")
        qtbot.waitUntil(lambda: len(pathway_lines(dialog)) == 1)
        stages.append(pathway_lines(dialog))
        on_next_dialog(answer("Next stage...", next_stage, StageDialog))
        press_enter_on(dialog, "pathway")
        qtbot.waitUntil(lambda: len(pathway_lines(dialog)) == 2)
        stages.append(pathway_lines(dialog))
        on_next_dialog(answer("Close the pathway...", closing, ClosePathwayDialog))
        press_enter_on(dialog, "pathway")
        qtbot.waitUntil(lambda: len(pathway_lines(dialog)) == 3)
        stages.append(pathway_lines(dialog))
        dialog.reject()

    _open_file(qtbot, window, joy, on_next_dialog, file)
    programme = "Social-protection programme"
    assert stages == [
        [f"{programme}  ·  Identification"],
        [f"{programme}  ·  Emergency shelter", f"{programme}  ·  Identification"],
        [
            f"{programme}  ·  Closed",
            f"{programme}  ·  Emergency shelter",
            f"{programme}  ·  Identification",
        ],
    ]
    with database.read() as session:
        assert session.scalars(select(Pathway.closing_reason)).one() == "completed"


def test_the_interviewer_amends_the_answers_on_the_day_from_the_file(
    qtbot, make_window, database, clock, actors, joy, on_next_dialog
):
    _interviewed(database, clock, actors, joy, indicators=frozenset({"dr.nature_of_job"}))
    window = make_window(Role.SOCIAL)
    shown: dict[str, object] = {}

    def amend(dialog: QWidget) -> None:
        assert isinstance(dialog, InterviewDialog)
        shown["ticked"] = sorted(c for c, box in dialog.indicators.items() if box.isChecked())
        shown["referred_by"] = dialog.referred_by.currentData()
        # A medium indicator beside the strong one, ticked by clicking its (wrapping) sentence.
        sentence = dialog.indicators["dr.wages"].parentWidget().findChild(QLabel)
        qtbot.mouseClick(sentence, Qt.MouseButton.LeftButton)
        shown["met"] = dialog.met.text()
        dialog.conclusion.setCurrentIndex(dialog.conclusion.findData("presumed_victim"))
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    def interview_view(view: QWidget) -> None:
        on_next_dialog(amend)
        activate(view)
        QTest.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    def file(dialog: QWidget) -> None:
        assert dialog.timeline is not None
        on_next_dialog(interview_view)
        dialog.timeline.view.setFocus()
        dialog.timeline.view.selectRow(0)
        QTest.keyClick(dialog.timeline.view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "met" in shown and _revision() == 2)
        dialog.reject()

    def _revision() -> int | None:
        with database.read() as session:
            return session.scalar(select(Consultation.revision))

    _open_file(qtbot, window, joy, on_next_dialog, file)
    assert (shown["ticked"], shown["referred_by"]) == (["dr.nature_of_job"], "outreach")
    assert shown["met"] == (
        "Met under the ILO's rule (a help, not a conclusion): Deceptive recruitment."
    )
    with database.read() as session:
        consultation = session.get(Consultation, 1)
        interview = session.get(IdentificationInterview, 1)
        codes = session.scalars(select(InterviewIndicator.code).order_by(InterviewIndicator.code))
        assert consultation is not None
        assert interview is not None
        assert (consultation.revision, interview.conclusion) == (2, "presumed_victim")
        assert list(codes) == ["dr.nature_of_job", "dr.wages"]
        assert session.scalars(select(ConsultationRevision.fields)).one()  # the first kept
