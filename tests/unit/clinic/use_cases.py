"""Every use case of `clinic/` that takes an actor, callable the same way for the tests that
check them all: permissions (test_permissions.py) and the audit trail (test_audit.py).

Each entry: the permission it needs, how to call it on a small world, and the audit action it
writes when allowed (None: it shows nothing of a person's file and changes nothing).
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import pkgutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import clinic
from clinic.audit import log
from clinic.audit.trail import Action
from clinic.backups import restoring
from clinic.care import consultations, directory, follow_up, lists, rapid_tests, referrals
from clinic.care.consultation_form import ConsultationForm
from clinic.care.directory import ServiceForm
from clinic.care.rapid_tests import RapidTestForm
from clinic.care.referrals import ReferralForm
from clinic.care.vocabulary import (
    CareList,
    ConsultationKind,
    PathwayKind,
    PathwayStage,
    ProgrammeOffer,
    ServiceKind,
    TestResult,
    Urgency,
)
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission
from clinic.desk import arrival, checkin
from clinic.desk.vocabulary import QueueState
from clinic.i18n.translator import Translator, translator
from clinic.imports import contacts as contact_import
from clinic.imports import persons as person_import
from clinic.imports.columns import Columns, ImportKind, template_columns
from clinic.imports.sheet import ReadAs, Row, Sheet
from clinic.materials import alerts, catalogue, consumption, hand_out, keeping, ledger, movements
from clinic.materials import stock as materials_stock
from clinic.materials.hand_out import HandOutForm
from clinic.materials.keeping import ItemForm, PlaceForm
from clinic.materials.places import dispensary_id
from clinic.materials.stock import AdjustmentForm, ReceiptForm
from clinic.outreach import listing, sessions, sheet
from clinic.outreach.forms import SessionForm, TallyRow
from clinic.person_file import editing, overview, timeline
from clinic.protection import interviews, pathways
from clinic.registry import persons, registration, search
from clinic.registry.person_form import CodeAnswers, PersonForm, PersonRecord, validate_person
from clinic.registry.vocabulary import CodeScheme
from clinic.settings import configuration, first_steps
from clinic.settings.configuration import ClinicSettings
from clinic.staff import management
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from clinic.statistics import annual, outreach_figures
from clinic.statistics.tables import Period
from clinic.vaccinations import appointments, card, records, stock, worklist
from clinic.vaccinations.appointments import AppointmentForm
from clinic.vaccinations.form import DoseForm, RefusalForm
from clinic.vaccinations.stock import LotForm
from clinic.vaccinations.vocabulary import AppointmentStatus
from db.keys import new_key
from db.keyslots import KdfParams, KeyStore
from db.models.care import (
    CareListItem,
    Consultation,
    IdentificationInterview,
    PartnerService,
    Pathway,
    PathwayStep,
    RapidTest,
    Referral,
)
from db.models.materials import StockItem, StockLot, StockPlace
from db.models.outreach import OutreachSession
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineAppointment, VaccineProduct
from db.vocabulary.materials import MovementKind
from tests.conftest import NOW

_codes = itertools.count(1)


STRONG = "Quokka-Lantern-9-Harbour"  # a password every check accepts
FAST = KdfParams(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass(frozen=True)
class World:
    """What a use case may need: a registered person, a waiting visit, a staff account with
    a key slot (`staff_id`), and the keys file."""

    clock: Clock
    record: PersonRecord
    person_id: int
    visit_id: int
    staff_id: int
    keys: KeyAccess
    product_id: int  # Engerix-B, from the catalogue every database starts with
    lot_id: int
    vaccination_id: int
    appointment_id: int
    consultations: Mapping[ConsultationKind, int]  # one of each kind, by the account above
    pathway_id: int  # an open protection pathway, opened by the interview of `consultations`
    service_id: int  # a partner service in the directory
    test_id: int  # a reactive HIV test of the person, read by the account above
    referral_id: int  # the person sent to the service for confirmation, 20 days ago, no outcome


UseCase = Callable[[Session, Actor, World], Any]


def _item(session: Session, code: str = "male_condom") -> int:
    """An item of Soglia's starting catalogue."""
    return session.scalars(select(StockItem.id).where(StockItem.code == code)).one()


def _place(session: Session, code: str = "dispensary") -> int:
    return session.scalars(select(StockPlace.id).where(StockPlace.code == code)).one()


USE_CASES: dict[str, tuple[Permission, UseCase, Action | None]] = {
    "registry.persons.register_person": (
        Permission.PERSON_CREATE,
        lambda s, a, w: persons.register_person(s, a, w.clock, w.record, f"P{next(_codes)}"),
        Action.PERSON_CREATE,
    ),
    "registry.persons.get_person": (
        Permission.PERSON_READ,
        lambda s, a, w: persons.get_person(s, a, w.clock, w.person_id),
        Action.PERSON_VIEW,
    ),
    "registry.persons.update_person": (
        Permission.PERSON_UPDATE,
        lambda s, a, w: persons.update_person(s, a, w.clock, w.person_id, 1, w.record),
        Action.PERSON_UPDATE,
    ),
    "registry.persons.person_history": (
        Permission.PERSON_READ,
        lambda s, a, w: persons.person_history(s, a, w.person_id),
        None,
    ),
    "registry.persons.person_summaries": (
        Permission.PERSON_READ,
        lambda s, a, w: persons.person_summaries(s, a, [w.person_id]),
        None,
    ),
    "registry.persons.person_label": (
        Permission.PERSON_READ,
        lambda s, a, w: persons.person_label(s, a, w.person_id),
        None,
    ),
    "registry.persons.consent_to_ask": (
        Permission.PERSON_READ,
        lambda s, a, w: persons.consent_to_ask(s, a, w.person_id),
        None,
    ),
    "registry.persons.record_consent": (
        Permission.PERSON_UPDATE,
        lambda s, a, w: persons.record_consent(s, a, w.clock, w.person_id, "", True, "it_IT"),
        Action.PERSON_UPDATE,
    ),
    "person_file.editing.edit_person": (
        Permission.PERSON_UPDATE,
        lambda s, a, w: editing.edit_person(s, a, w.clock, w.person_id, 1, w.record),
        Action.PERSON_UPDATE,
    ),
    "person_file.overview.person_overview": (
        Permission.PERSON_READ,
        lambda s, a, w: overview.person_overview(s, a, w.clock, w.person_id),
        Action.PERSON_VIEW,
    ),
    "registry.registration.propose_code[slk]": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registration.propose_code(
            s, a, CodeScheme.SLK581, w.record, CodeAnswers("Rossi", "Maria")
        ),
        None,
    ),
    "registry.registration.propose_code[card]": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registration.propose_code(s, a, CodeScheme.CARD, w.record, CodeAnswers()),
        None,
    ),
    "registry.registration.new_card_code": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registration.new_card_code(s, a),
        None,
    ),
    "registry.search.find_persons": (
        Permission.PERSON_READ,
        lambda s, a, w: search.find_persons(s, a, "maria"),
        None,
    ),
    "desk.checkin.check_in": (
        Permission.VISIT_CREATE,
        lambda s, a, w: checkin.check_in(s, a, w.clock, None, ["material"]),
        Action.VISIT_CREATE,
    ),
    "desk.arrival.arrival": (
        Permission.VISIT_CREATE,
        lambda s, a, w: arrival.arrival(s, a, w.clock, w.person_id),
        None,
    ),
    "desk.arrival.check_in_arrival": (
        Permission.VISIT_CREATE,
        lambda s, a, w: arrival.check_in_arrival(s, a, w.clock, None, ["material"]),
        Action.VISIT_CREATE,
    ),
    "desk.checkin.todays_queue": (
        Permission.VISIT_READ,
        lambda s, a, w: checkin.todays_queue(s, a, w.clock),
        None,
    ),
    # Issue 8: whoever sees people takes them in and marks them done; the rest is reception's.
    "desk.checkin.set_queue_state[being seen]": (
        Permission.QUEUE_SERVE,
        lambda s, a, w: checkin.set_queue_state(s, a, w.clock, w.visit_id, QueueState.IN_PROGRESS),
        Action.VISIT_UPDATE,
    ),
    "desk.checkin.set_queue_state[done]": (
        Permission.QUEUE_SERVE,
        lambda s, a, w: checkin.set_queue_state(s, a, w.clock, w.visit_id, QueueState.DONE),
        Action.VISIT_UPDATE,
    ),
    "desk.checkin.set_queue_state[back to waiting]": (
        Permission.QUEUE_UPDATE,
        lambda s, a, w: checkin.set_queue_state(s, a, w.clock, w.visit_id, QueueState.WAITING),
        Action.VISIT_UPDATE,
    ),
    "desk.checkin.set_queue_state[left]": (
        Permission.QUEUE_UPDATE,
        lambda s, a, w: checkin.set_queue_state(s, a, w.clock, w.visit_id, QueueState.LEFT),
        Action.VISIT_UPDATE,
    ),
    "desk.checkin.set_queue_state[served by someone else]": (
        Permission.QUEUE_UPDATE,
        lambda s, a, w: checkin.set_queue_state(
            s, a, w.clock, w.visit_id, QueueState.IN_PROGRESS, w.staff_id
        ),
        Action.VISIT_UPDATE,
    ),
    "desk.checkin.cancel_check_in": (
        Permission.VISIT_CREATE,
        lambda s, a, w: checkin.cancel_check_in(s, a, w.clock, w.visit_id),
        Action.VISIT_CANCEL,
    ),
    "settings.configuration.save_settings": (
        Permission.CONFIGURE_CLINIC,
        lambda s, a, w: configuration.save_settings(
            s, a, w.clock, ClinicSettings(CodeScheme.CARD, "Europe/Rome")
        ),
        Action.SETTINGS_UPDATE,
    ),
    "settings.first_steps.dismiss_first_steps": (
        Permission.CONFIGURE_CLINIC,
        lambda s, a, w: first_steps.dismiss_first_steps(s, a, w.clock),
        Action.SETTINGS_UPDATE,
    ),
    "staff.management.list_staff": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.list_staff(s, a, w.keys.store, w.clock.now()),
        None,
    ),
    "staff.management.create_staff": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.create_staff(
            s, a, w.clock, w.keys, f"new{next(_codes)}", "New One", Role.NURSE, STRONG
        ),
        Action.STAFF_CREATE,
    ),
    "staff.management.reset_password": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.reset_password(s, a, w.clock, w.keys, w.staff_id, STRONG),
        Action.STAFF_UPDATE,
    ),
    "staff.management.unlock_account": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.unlock_account(s, a, w.clock, w.keys.store, w.staff_id),
        Action.STAFF_UPDATE,
    ),
    "staff.management.change_role": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.change_role(s, a, w.clock, w.staff_id, Role.SOCIAL),
        Action.STAFF_UPDATE,
    ),
    "staff.management.set_interviewer": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.set_interviewer(s, a, w.clock, w.staff_id, False),
        Action.STAFF_UPDATE,
    ),
    "staff.management.deactivate_staff": (
        Permission.STAFF_MANAGE,
        lambda s, a, w: management.deactivate_staff(s, a, w.clock, w.keys.store, w.staff_id),
        Action.STAFF_UPDATE,
    ),
    "staff.management.change_own_password": (
        Permission.OWN_PASSWORD,
        lambda s, a, w: management.change_own_password(s, a, w.clock, w.keys, STRONG, STRONG),
        Action.PASSWORD_CHANGE,
    ),
    "audit.log.audit_rows": (
        Permission.AUDIT_READ,
        lambda s, a, w: log.audit_rows(s, a, w.clock, log.AuditFilter()),
        None,
    ),
    "backups.restoring.grant_restore": (
        Permission.RESTORE,
        lambda s, a, w: restoring.grant_restore(s, a, bytes(32)),
        None,
    ),
    "audit.log.check_chain": (
        Permission.AUDIT_READ,
        lambda s, a, w: log.check_chain(s, a),
        None,
    ),
    "audit.log.audit_csv": (
        Permission.AUDIT_READ,
        lambda s, a, w: log.audit_csv(s, a, w.clock, log.AuditFilter()),
        Action.AUDIT_EXPORT,
    ),
    "vaccinations.stock.list_products": (
        Permission.VACCINE_STOCK,
        lambda s, a, w: stock.list_products(s, a),
        None,
    ),
    "vaccinations.stock.list_lots": (
        Permission.VACCINE_STOCK,
        lambda s, a, w: stock.list_lots(s, a),
        None,
    ),
    "vaccinations.stock.receive_lot": (
        Permission.VACCINE_STOCK,
        lambda s, a, w: stock.receive_lot(
            s, a, w.clock, LotForm(w.product_id, f"L{next(_codes)}", "31/12/2027", "10"), "it_IT"
        ),
        Action.LOT_RECEIVE,
    ),
    "materials.catalogue.items": (
        Permission.STOCK_READ,
        lambda s, a, w: catalogue.items(s, a),
        None,
    ),
    "materials.catalogue.places": (
        Permission.STOCK_READ,
        lambda s, a, w: catalogue.places(s, a),
        None,
    ),
    "materials.catalogue.lots": (
        Permission.STOCK_READ,
        lambda s, a, w: catalogue.lots(s, a, _item(s, "pregnancy_test")),
        None,
    ),
    "materials.alerts.stock_alerts": (
        Permission.STOCK_READ,
        lambda s, a, w: alerts.stock_alerts(s, a, w.clock),
        None,
    ),
    "materials.stock.balances": (
        Permission.STOCK_READ,
        lambda s, a, w: materials_stock.balances(s, a),
        None,
    ),
    "materials.stock.receive": (
        Permission.STOCK_KEEP,
        lambda s, a, w: materials_stock.receive(
            s, a, w.clock, ReceiptForm(_item(s), _place(s), "10", source="Donor"), "it_IT"
        ),
        Action.STOCK_RECEIVE,
    ),
    "materials.stock.transfer": (
        Permission.STOCK_KEEP,
        lambda s, a, w: materials_stock.transfer(
            s, a, w.clock, _item(s), None, _place(s), _place(s, "outreach_bag"), "5"
        ),
        Action.STOCK_TRANSFER,
    ),
    "materials.stock.adjust": (
        Permission.STOCK_KEEP,
        lambda s, a, w: materials_stock.adjust(
            s, a, w.clock, AdjustmentForm(_item(s), _place(s), None, "-1", "damaged")
        ),
        Action.STOCK_ADJUST,
    ),
    "materials.stock.stocktake": (
        Permission.STOCK_KEEP,
        lambda s, a, w: materials_stock.stocktake(
            s, a, w.clock, _place(s), {(_item(s), None): "999"}
        ),
        Action.STOCK_COUNT,
    ),
    "materials.keeping.add_item": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.add_item(
            s, a, w.clock, ItemForm("en", {"en": f"Item {next(_codes)}"}, "hygiene", "piece")
        ),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.change_item": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.change_item(
            s,
            a,
            w.clock,
            _item(s),
            ItemForm("en", {}, "sexual_health", "piece", contact_limit="20"),
        ),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.set_item_active": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.set_item_active(s, a, w.clock, _item(s), active=False),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.add_place": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.add_place(
            s, a, w.clock, PlaceForm(f"Van {next(_codes)}", "outreach")
        ),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.rename_place": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.rename_place(
            s, a, w.clock, _place(s, "outreach_bag"), f"Bag {next(_codes)}"
        ),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.set_place_active": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.set_place_active(
            s, a, w.clock, _place(s, "outreach_bag"), active=False
        ),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.set_threshold": (
        Permission.STOCK_KEEP,
        lambda s, a, w: keeping.set_threshold(s, a, w.clock, _item(s), _place(s), "50"),
        Action.STOCK_CATALOGUE,
    ),
    "materials.keeping.thresholds": (
        Permission.STOCK_READ,
        lambda s, a, w: keeping.thresholds(s, a),
        None,
    ),
    "materials.movements.movements": (
        Permission.STOCK_READ,
        lambda s, a, w: movements.movements(s, a, w.clock, movements.MovementFilter()),
        None,
    ),
    "materials.consumption.monthly_consumption": (
        Permission.STATISTICS,
        lambda s, a, w: consumption.monthly_consumption(s, a, w.clock, 2026),
        None,
    ),
    "materials.consumption.consumption_table": (
        Permission.STATISTICS,
        lambda s, a, w: consumption.consumption_table(s, a, w.clock, 2026, translator("en")),
        None,
    ),
    "materials.consumption.consumption_csv": (
        Permission.STATISTICS,
        lambda s, a, w: consumption.consumption_csv(s, a, w.clock, 2026, translator("en")),
        None,
    ),
    "materials.consumption.consumption_xlsx": (
        Permission.STATISTICS,
        lambda s, a, w: consumption.consumption_xlsx(s, a, w.clock, 2026, translator("en")),
        None,
    ),
    "materials.hand_out.hand_out": (
        Permission.HAND_OUT,
        lambda s, a, w: hand_out.hand_out(
            s, a, w.clock, HandOutForm({_item(s): "10"}, person_id=w.person_id)
        ),
        Action.HAND_OUT,
    ),
    "materials.hand_out.last_basket": (
        Permission.HAND_OUT,
        lambda s, a, w: hand_out.last_basket(s, a, w.person_id),
        None,
    ),
    "vaccinations.records.person_vaccinations": (
        Permission.VACCINATION_READ,
        lambda s, a, w: records.person_vaccinations(s, a, w.clock, w.person_id),
        Action.VACCINATION_VIEW,
    ),
    "vaccinations.records.record_dose": (
        Permission.VACCINATION_WRITE,
        lambda s, a, w: records.record_dose(
            s,
            a,
            w.clock,
            w.person_id,
            DoseForm(w.product_id, "10/03/2026", lot_id=w.lot_id),
            "it_IT",
        ),
        Action.VACCINATION_CREATE,
    ),
    "vaccinations.records.record_refusal": (
        Permission.VACCINATION_WRITE,
        lambda s, a, w: records.record_refusal(
            s, a, w.clock, w.person_id, RefusalForm("HPV", "10/03/2026"), "it_IT"
        ),
        Action.VACCINATION_CREATE,
    ),
    "vaccinations.records.mark_entered_in_error": (
        Permission.VACCINATION_WRITE,
        lambda s, a, w: records.mark_entered_in_error(s, a, w.clock, w.vaccination_id),
        Action.VACCINATION_CORRECT,
    ),
    "vaccinations.worklist.worklist": (
        Permission.VACCINATION_READ,
        lambda s, a, w: worklist.worklist(s, a, w.clock, worklist.WorklistFilter()),
        None,
    ),
    "vaccinations.worklist.worklist_first_page": (
        Permission.VACCINATION_READ,
        lambda s, a, w: worklist.worklist_first_page(s, a, w.clock, worklist.WorklistFilter(), 500),
        None,
    ),
    "vaccinations.card.vaccination_card": (
        Permission.VACCINATION_READ,
        lambda s, a, w: card.vaccination_card(s, a, w.clock, w.person_id),
        Action.VACCINATION_CARD_PRINT,
    ),
    "vaccinations.appointments.book_appointment": (
        Permission.APPOINTMENT_BOOK,
        lambda s, a, w: appointments.book_appointment(
            s,
            a,
            w.clock,
            w.person_id,
            AppointmentForm("HepB", "12/03/2026"),
            "it_IT",
            accept_outside_window=True,
        ),
        Action.APPOINTMENT_CREATE,
    ),
    "vaccinations.appointments.appointments_between": (
        Permission.APPOINTMENT_READ,
        lambda s, a, w: appointments.appointments_between(
            s, a, NOW.date(), NOW.date() + dt.timedelta(days=6)
        ),
        None,
    ),
    "vaccinations.appointments.expected_today": (
        Permission.APPOINTMENT_READ,
        lambda s, a, w: appointments.expected_today(s, a, w.clock),
        None,
    ),
    "care.lists.add_entry": (
        Permission.CARE_LISTS,
        lambda s, a, w: lists.add_entry(
            s, a, w.clock, CareList.SOCIAL_TOPIC, f"Topic {next(_codes)}", Translator("en")
        ),
        Action.CARE_LISTS_UPDATE,
    ),
    "care.lists.set_entry_active": (
        Permission.CARE_LISTS,
        lambda s, a, w: lists.set_entry_active(s, a, w.clock, _entry(s, "hbsag"), active=False),
        Action.CARE_LISTS_UPDATE,
    ),
    **{
        f"care.consultations.write_consultation[{kind}]": (
            consultations.WRITE[kind],
            lambda s, a, w, kind=kind: consultations.write_consultation(
                s, a, w.clock, w.person_id, ConsultationForm(kind=kind.value, note="Seen.")
            ),
            Action.CONSULTATION_CREATE,
        )
        for kind in ConsultationKind
    },
    **{
        f"care.consultations.read_consultation[{kind}]": (
            consultations.READ[kind],
            lambda s, a, w, kind=kind: consultations.read_consultation(
                s, a, w.clock, w.consultations[kind]
            ),
            Action.CONSULTATION_VIEW,
        )
        for kind in ConsultationKind
    },
    "care.consultations.amend_consultation": (
        Permission.PSYCHOLOGICAL_WRITE,
        lambda s, a, w: consultations.amend_consultation(
            s,
            a,
            w.clock,
            _own_consultation(s, a, w, ConsultationKind.PSYCHOLOGICAL),
            1,
            replace(PSYCHOLOGICAL, note="Seen, and amended."),
        ),
        Action.CONSULTATION_AMEND,
    ),
    "care.consultations.add_addendum": (
        Permission.SOCIAL_WRITE,
        lambda s, a, w: consultations.add_addendum(
            s, a, w.clock, w.consultations[ConsultationKind.SOCIAL], "Called back."
        ),
        Action.CONSULTATION_ADDENDUM,
    ),
    "care.consultations.mark_consultation_in_error": (
        Permission.MEDICAL_WRITE,
        lambda s, a, w: consultations.mark_consultation_in_error(
            s, a, w.clock, w.consultations[ConsultationKind.MEDICAL], "Wrong person."
        ),
        Action.CONSULTATION_ERROR,
    ),
    "protection.interviews.record_interview": (
        Permission.INTERVIEW_WRITE,
        lambda s, a, w: interviews.record_interview(s, a, w.clock, w.person_id, INTERVIEW),
        Action.CONSULTATION_CREATE,
    ),
    "protection.interviews.amend_interview": (
        Permission.INTERVIEW_WRITE,
        lambda s, a, w: interviews.amend_interview(
            s, a, w.clock, _own_interview(s, a, w), 1, replace(INTERVIEW, referred_by="police")
        ),
        Action.CONSULTATION_AMEND,
    ),
    "protection.interviews.answer_offer": (
        Permission.INTERVIEW_WRITE,
        lambda s, a, w: interviews.answer_offer(
            s, a, w.clock, w.consultations[ConsultationKind.IDENTIFICATION], ProgrammeOffer.REFUSED
        ),
        Action.CONSULTATION_AMEND,
    ),
    "protection.interviews.read_interview": (
        Permission.INTERVIEW_READ,
        lambda s, a, w: interviews.read_interview(
            s, a, w.clock, w.consultations[ConsultationKind.IDENTIFICATION]
        ),
        Action.CONSULTATION_VIEW,
    ),
    "protection.pathways.open_pathway": (
        Permission.PATHWAY_WRITE,
        lambda s, a, w: pathways.open_pathway(
            s, a, w.clock, w.person_id, PathwayKind.EXIT, PathwayStage.FIRST_RECEPTION, "", "it_IT"
        ),
        Action.PATHWAY_OPEN,
    ),
    "protection.pathways.add_stage": (
        Permission.PATHWAY_WRITE,
        lambda s, a, w: pathways.add_stage(
            s, a, w.clock, w.pathway_id, "emergency_shelter", "", "", "it_IT"
        ),
        Action.PATHWAY_STEP,
    ),
    "protection.pathways.close_pathway": (
        Permission.PATHWAY_WRITE,
        lambda s, a, w: pathways.close_pathway(s, a, w.clock, w.pathway_id, "left", "", "it_IT"),
        Action.PATHWAY_CLOSE,
    ),
    "protection.pathways.open_pathways": (
        Permission.PATHWAY_READ,
        lambda s, a, w: pathways.open_pathways(s, a),
        None,
    ),
    "person_file.timeline.open_person_file": (
        Permission.PERSON_READ,
        lambda s, a, w: timeline.open_person_file(s, a, w.clock, w.person_id),
        Action.PERSON_FILE_VIEW,
    ),
    "care.consultations.open_follow_ups": (
        Permission.CARE_SEEN,
        lambda s, a, w: consultations.open_follow_ups(s, a, w.person_id),
        None,
    ),
    "care.rapid_tests.record_rapid_test": (
        Permission.TEST_WRITE,
        lambda s, a, w: rapid_tests.record_rapid_test(
            s,
            a,
            w.clock,
            w.person_id,
            RapidTestForm(_entry(s, "hiv"), result=TestResult.NON_REACTIVE.value),
            "it_IT",
        ),
        Action.TEST_CREATE,
    ),
    "care.rapid_tests.mark_test_in_error": (
        Permission.TEST_WRITE,
        lambda s, a, w: rapid_tests.mark_test_in_error(s, a, w.clock, w.test_id, "Wrong person."),
        Action.TEST_ERROR,
    ),
    "care.rapid_tests.person_tests": (
        Permission.TEST_READ,
        lambda s, a, w: rapid_tests.person_tests(s, a, w.person_id),
        None,
    ),
    "care.directory.add_service": (
        Permission.CARE_LISTS,
        lambda s, a, w: directory.add_service(
            s, a, w.clock, ServiceForm(f"Service {next(_codes)}", ServiceKind.SHELTER.value)
        ),
        Action.CARE_LISTS_UPDATE,
    ),
    "care.directory.update_service": (
        Permission.CARE_LISTS,
        lambda s, a, w: directory.update_service(
            s, a, w.clock, _service(s, w), ServiceForm(f"Service {next(_codes)}", "hospital")
        ),
        Action.CARE_LISTS_UPDATE,
    ),
    "care.directory.set_service_active": (
        Permission.CARE_LISTS,
        lambda s, a, w: directory.set_service_active(s, a, w.clock, w.service_id, active=False),
        Action.CARE_LISTS_UPDATE,
    ),
    "care.referrals.make_referral": (
        Permission.REFERRAL_WRITE,
        lambda s, a, w: referrals.make_referral(
            s,
            a,
            w.clock,
            w.person_id,
            ReferralForm(w.service_id, "Confirmation.", test_id=w.test_id),
            "it_IT",
        ),
        Action.REFERRAL_CREATE,
    ),
    "care.referrals.record_outcome": (
        Permission.REFERRAL_WRITE,
        lambda s, a, w: referrals.record_outcome(
            s, a, w.clock, w.referral_id, "attended", "", "it_IT"
        ),
        Action.REFERRAL_OUTCOME,
    ),
    "care.referrals.mark_referral_in_error": (
        Permission.REFERRAL_WRITE,
        lambda s, a, w: referrals.mark_referral_in_error(
            s, a, w.clock, w.referral_id, "Wrong person."
        ),
        Action.REFERRAL_ERROR,
    ),
    "care.referrals.person_referrals": (
        Permission.REFERRAL_READ,
        lambda s, a, w: referrals.person_referrals(s, a, w.person_id),
        None,
    ),
    "care.follow_up.follow_up_list": (
        Permission.REFERRAL_READ,
        lambda s, a, w: follow_up.follow_up_list(s, a, w.clock),
        None,
    ),
    "outreach.sessions.record_session": (
        Permission.OUTREACH_WRITE,
        lambda s, a, w: sessions.record_session(s, a, w.clock, _street(s, a, w), "it_IT"),
        Action.OUTREACH_SESSION_CREATE,
    ),
    "outreach.sessions.amend_session": (
        Permission.OUTREACH_WRITE,
        lambda s, a, w: sessions.amend_session(
            s, a, w.clock, _own_session(s, a, w), 1, _street(s, a, w), "it_IT"
        ),
        Action.OUTREACH_SESSION_AMEND,
    ),
    "outreach.sessions.add_session_addendum": (
        Permission.OUTREACH_WRITE,
        lambda s, a, w: sessions.add_session_addendum(
            s, a, w.clock, _own_session(s, a, w), "Called back."
        ),
        Action.OUTREACH_SESSION_ADDENDUM,
    ),
    "outreach.sessions.read_session": (
        Permission.OUTREACH_READ,
        lambda s, a, w: sessions.read_session(s, a, w.clock, _own_session(s, a, w)),
        Action.OUTREACH_SESSION_VIEW,
    ),
    "outreach.listing.list_sessions": (
        Permission.OUTREACH_READ,
        lambda s, a, w: listing.list_sessions(s, a, listing.SessionFilter()),
        None,
    ),
    "statistics.outreach_figures.outreach_figures": (
        Permission.STATISTICS,
        lambda s, a, w: outreach_figures.outreach_figures(
            s, a, w.clock, dt.date(2026, 1, 1), dt.date(2027, 1, 1)
        ),
        None,
    ),
    "statistics.annual.annual_report": (
        Permission.STATISTICS,
        lambda s, a, w: annual.annual_report(
            s, a, w.clock, annual.ReportChoice(Period.year(2026), "en")
        ),
        None,
    ),
    "statistics.annual.note_report_made": (
        Permission.STATISTICS,
        lambda s, a, w: annual.note_report_made(
            s, a, w.clock, annual.ReportChoice(Period.year(2026), "en", suppress_below=None)
        ),
        Action.REPORT_MADE,
    ),
    "outreach.sheet.sheet_choices": (
        Permission.OUTREACH_READ,
        lambda s, a, w: sheet.sheet_choices(s, a, Translator("en")),
        None,
    ),
    "vaccinations.appointments.set_appointment_status": (
        Permission.APPOINTMENT_BOOK,
        lambda s, a, w: appointments.set_appointment_status(
            s, a, w.clock, w.appointment_id, 1, AppointmentStatus.CANCELLED
        ),
        Action.APPOINTMENT_UPDATE,
    ),
    "imports.persons.import_persons": (
        Permission.IMPORT,
        lambda s, a, w: person_import.import_persons(
            s,
            a,
            w.clock,
            *_spreadsheet(ImportKind.PERSONS, f"IMP{next(_codes)}", "1990", "2020-01-01"),
        ),
        Action.IMPORT_PERSONS,
    ),
    "imports.contacts.import_contacts": (
        Permission.IMPORT,
        lambda s, a, w: contact_import.import_contacts(
            s,
            a,
            w.clock,
            *_spreadsheet(ImportKind.CONTACTS, "OSIAR230519852", "2026-03-02", "visit"),
        ),
        Action.IMPORT_CONTACTS,
    ),
}

# Functions of `clinic/` that take an actor but are not use cases of the table above, and why.
NOT_IN_THE_TABLE: dict[str, str] = {
    "common.permissions.require": "the check itself",
    "audit.trail.record": "writes the audit row of the use case that calls it",
    "audit.chain.noted_since_last_login": "what a login tells a coordinator; nothing to others",
    "staff.session_events.record_session_event": "the desk's own locking, for every role alike",
    "settings.first_steps.first_steps": "counts of what is set up; each role sees its own steps",
    "backups.backing_up.back_up": "needs a data folder and its keys: tests/unit/clinic/backups",
    "backups.backing_up.check_pages": "opens its own read: `check` in tests/unit/test_main.py",
    "care.consultations.insert_consultation": "the checked insert of write_consultation",
    "care.consultations.amendable_row": "the check of amend_consultation",
    "care.consultations.view": "the view read_consultation returns, after its check and audit",
    "protection.pathways.start_pathway": "the checked insert of open_pathway and of an interview",
    "person_file.timeline.file_types": "which filters a role's file offers; reads nothing",
    "person_file.reading.read_person_file": "person_overview and open_person_file, both above",
    "care.referrals.readable_by": "the condition the referral reads add to their queries",
    "materials.ledger.add": "the one writer of stock, under the checks of the use cases above",
    "materials.ledger.lot_for": "the lot a receipt makes, under the receipt's checks",
    "materials.hand_out.hand_out_counted": "a session's material, under record_session's checks",
    "materials.hand_out.take_back": "a session's material put back, under amend_session's checks",
    "outreach.sessions.amendable_row": "the check of amend_session",
    "outreach.view.session_view": "the view read_session returns, after its check and audit",
    "person_file.sessions_met.sessions_met": "the session lines of open_person_file, above",
    "imports.rows.audit_import": "writes the audit row of the import that calls it",
    "imports.street.checked_outings": "the street sessions of import_contacts, under its check",
    "imports.street.session_ids": "the street sessions import_contacts stores, under its check",
}


def _spreadsheet(kind: ImportKind, *cells: str) -> tuple[Sheet, Columns]:
    """A file of one row: persons (code, birth, first contact), or contacts (code, date, kind)."""
    headers = (
        ("code", "birth", "first_contact")
        if kind is ImportKind.PERSONS
        else ("code", "date", "kind")
    )
    sheet = Sheet(headers, (Row(2, cells),), ReadAs("csv", "utf-8", ","))
    return sheet, template_columns(headers, kind)


PSYCHOLOGICAL = ConsultationForm(kind=ConsultationKind.PSYCHOLOGICAL.value, note="Seen.")
INTERVIEW = interviews.InterviewForm(
    referred_by="outreach", indicators=frozenset({"dr.nature_of_job"})
)


def _own_consultation(session: Session, actor: Actor, world: World, kind: ConsultationKind) -> int:
    """A consultation the actor wrote today, stored straight (no use case, no audit row)."""
    row = Consultation(
        person_id=world.person_id, kind=kind.value, author_id=actor.staff_id, written_at=NOW
    )
    session.add(row)
    session.flush()
    return row.id


def _own_interview(session: Session, actor: Actor, world: World) -> int:
    """An interview the actor recorded today, stored straight (no use case, no audit row)."""
    consultation_id = _own_consultation(session, actor, world, ConsultationKind.IDENTIFICATION)
    session.add(IdentificationInterview(consultation_id=consultation_id, referred_by="self"))
    session.flush()
    return consultation_id


def _zone(session: Session) -> int:
    """A street zone the coordinator added (the list starts empty)."""
    found = session.scalar(
        select(CareListItem.id).where(CareListItem.list == CareList.OUTREACH_ZONE.value)
    )
    if found is None:
        zone = CareListItem(list=CareList.OUTREACH_ZONE.value, name="Stazione Centrale")
        session.add(zone)
        session.flush()
        found = zone.id
    return int(found)


def _street(session: Session, actor: Actor, world: World) -> SessionForm:
    """A street session of the actor's this morning (before the clock's 10:30), with the
    person met and ten condoms from the dispensary (which the world stocked)."""
    return SessionForm(
        start="08:00",
        end="10:00",
        team=frozenset({actor.staff_id}),
        zone_id=_zone(session),
        contacts={world.person_id: frozenset({"information"})},
        tallies=(TallyRow("4"),),
        material={_item(session): "10"},
        place_id=_place(session),
    )


def _own_session(session: Session, actor: Actor, world: World) -> int:
    """A session the actor recorded today, stored straight (no use case, no audit row)."""
    row = OutreachSession(
        kind="street",
        day=NOW.date(),
        starts_at=NOW,
        ends_at=NOW + dt.timedelta(hours=2),
        shift="day",
        zone_id=_zone(session),
        created_by_id=actor.staff_id,
        created_at=NOW,
    )
    session.add(row)
    session.flush()
    return row.id


def _entry(session: Session, code: str) -> int:
    """The id of one of Soglia's own list entries (migration 0011)."""
    return int(session.scalars(select(CareListItem.id).where(CareListItem.code == code)).one())


def _service(session: Session, world: World) -> directory.Service:
    """The world's partner service as the coordinator reads it in the directory."""
    return next(s for s in directory.services(session) if s.id == world.service_id)


def use_case_modules() -> list[ModuleType]:
    """Every module of `clinic/`, found by walking the package: a use case in a new module is
    found too. The demo, which acts as nobody, is left out."""
    return [
        importlib.import_module(module.name)
        for module in pkgutil.walk_packages(clinic.__path__, "clinic.")
        if not module.name.startswith("clinic.demo")
    ]


def make_world(database, clock, reception) -> World:
    record = validate_person(
        PersonForm(alias="Maria", gender="woman", birth="23/05/1985"), "it_IT", NOW.date()
    )
    with database.write() as session:
        person_id = persons.register_person(session, reception, clock, record, "OSIAR230519852").id
        visit_id = checkin.check_in(session, reception, clock, person_id, ["medical"]).visit_id
        staff = Staff(
            username="target", display_name="Target", role="nurse", active=True, created_at=NOW
        )
        session.add(staff)
        session.flush()
        staff_id = staff.id
        product_id = session.scalar(
            select(VaccineProduct.id).where(VaccineProduct.name.startswith("Engerix"))
        )
        item_id = session.scalar(
            select(StockItem.id).where(StockItem.vaccine_product_id == product_id)
        )
        lot = StockLot(
            item_id=item_id,
            lot_number="AB12",
            expiry=dt.date(2027, 1, 31),
            received_at=NOW,
            received_by_id=staff_id,
        )
        session.add(lot)
        session.flush()
        received = ledger.Change(
            MovementKind.RECEIPT, dispensary_id(session), item_id, 5, lot_id=lot.id
        )
        ledger.add(session, Actor(staff_id, Role.NURSE), clock, received)
        condoms = ledger.Change(MovementKind.RECEIPT, dispensary_id(session), _item(session), 1000)
        ledger.add(session, Actor(staff_id, Role.ADMIN), clock, condoms)
        dose = Vaccination(
            person_id=person_id,
            vaccine_group="HepB",
            product_id=product_id,
            lot_id=lot.id,
            lot_number="AB12",
            lot_expiry=lot.expiry,
            given_on=dt.date(2026, 2, 1),
            recorded_at=NOW,
            recorded_by_id=staff_id,
            given_by_id=staff_id,
        )
        appointment = VaccineAppointment(
            person_id=person_id,
            vaccine_group="HepB",
            day=NOW.date(),
            created_at=NOW,
            created_by_id=staff_id,
        )
        session.add_all([dose, appointment])
        consulted = {
            kind: Consultation(
                person_id=person_id, kind=kind.value, author_id=staff_id, written_at=NOW
            )
            for kind in ConsultationKind
        }
        session.add_all(consulted.values())
        session.flush()
        ids = (product_id, lot.id, dose.id, appointment.id)
        consultations = {kind: row.id for kind, row in consulted.items()}
        interview_id = consultations[ConsultationKind.IDENTIFICATION]
        session.add(
            IdentificationInterview(
                consultation_id=interview_id, referred_by="self", offer=ProgrammeOffer.OFFERED
            )
        )
        pathway = Pathway(
            person_id=person_id,
            kind="exit",
            opened_on=NOW.date(),
            opened_by_id=staff_id,
        )
        session.add(pathway)
        session.flush()
        pathway_id = pathway.id
        session.add(
            PathwayStep(
                pathway_id=pathway_id,
                stage="first_reception",
                started_on=NOW.date(),
                recorded_at=NOW,
                recorded_by_id=staff_id,
            )
        )
        care = _care(session, person_id, staff_id)
    changed = validate_person(PersonForm(alias="Mara", birth="1985"), "it_IT", NOW.date())
    store = KeyStore(Path(tempfile.mkdtemp()) / "soglia.keys", kdf=FAST)
    key = new_key()
    store.set_password("target", key, STRONG)
    return World(
        clock,
        changed,
        person_id,
        visit_id,
        staff_id,
        KeyAccess(store, key),
        *ids,
        consultations,
        pathway_id,
        *care,
    )


def _care(session: Session, person_id: int, staff_id: int) -> tuple[int, int, int]:
    """A partner service, a reactive HIV test read by `staff_id` and the referral that
    followed it, 20 days ago and still without an outcome: stored straight, unaudited."""
    service = PartnerService(name="Centro MTS Santa Chiara", kind=ServiceKind.STI_CLINIC.value)
    session.add(service)
    test = RapidTest(
        person_id=person_id,
        kind_id=_entry(session, "hiv"),
        result=TestResult.REACTIVE.value,
        read_at=NOW,
        read_by_id=staff_id,
        recorded_at=NOW,
        recorded_by_id=staff_id,
    )
    session.add(test)
    session.flush()
    referral = Referral(
        person_id=person_id,
        service_id=service.id,
        test_id=test.id,
        reason="Confirmation of a reactive test.",
        urgency=Urgency.SOON.value,
        referred_on=NOW.date() - dt.timedelta(days=20),
        written_at=NOW,
        author_id=staff_id,
    )
    session.add(referral)
    session.flush()
    return service.id, test.id, referral.id
