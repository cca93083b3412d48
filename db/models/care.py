"""A person's care (issue 12): consultations and their revisions, rapid tests, referrals to
partner services, identification interviews and protection pathways.

Clinical record rules shape the tables: nothing is ever deleted (a row entered in error is
hidden with a reason, `error_*`), a consultation amended on its day keeps each earlier version
(`consultation_revision`), and later words are addenda. Tables are born lean (issue 11):
instants as `UTCDateTime`, link tables that are only their key `WITHOUT ROWID`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import WITHOUT_ROWID, Base, UTCDateTime, one_of
from db.vocabulary.care import (
    CareList,
    ClosingReason,
    Conclusion,
    ConsultationKind,
    FollowUpNeed,
    PathwayKind,
    PathwayStage,
    ProgrammeOffer,
    ReferralOutcome,
    Referrer,
    ServiceKind,
    TestResult,
    Urgency,
)

NOTE_LIMIT = 20_000  # characters, any script (issue 12)


def _maybe(column: str, vocabulary: type) -> str:
    return f"{column} IS NULL OR {one_of(column, vocabulary)}"


class CareListItem(Base):
    """One entry of a coordinator-kept list (`CareList`): a reason, a symptom, a test kit...

    Soglia's own entries have a `code` whose name is translated; an entry the coordinator adds
    has their own words in `name`, shown as written. Entries are retired, never deleted, so
    that old consultations keep their meaning.
    """

    __tablename__ = "care_list_item"
    __table_args__ = (
        CheckConstraint(one_of("list", CareList), name="list"),
        CheckConstraint("code IS NOT NULL OR name IS NOT NULL", name="named"),
        UniqueConstraint("list", "code", name="uq_care_list_item_list_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Consultation(Base):
    """A medical, social or psychological consultation, or an identification interview."""

    __tablename__ = "consultation"
    __table_args__ = (
        CheckConstraint(one_of("kind", ConsultationKind), name="kind"),
        CheckConstraint("duration_min IS NULL OR duration_min BETWEEN 1 AND 720", name="duration"),
        CheckConstraint(f"length(note) <= {NOTE_LIMIT}", name="note"),
        CheckConstraint("mediator OR mediator_language IS NULL", name="mediator_language"),
        CheckConstraint("error_reason IS NULL OR entered_in_error", name="error_reason"),
        Index("ix_consultation_person_written", "person_id", "written_at", "entered_in_error"),
        # A period's contacts, read from the index alone (migration 0016).
        Index("ix_consultation_written_person", "written_at", "person_id", "entered_in_error"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_min: Mapped[int | None] = mapped_column(SmallInteger)
    # An interpreter or cultural mediator was present, and the language they worked in.
    mediator: Mapped[bool] = mapped_column(default=False)
    mediator_language: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    entered_in_error: Mapped[bool] = mapped_column(default=False)
    error_reason: Mapped[str | None] = mapped_column(String(500))
    error_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    error_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ConsultationItem(Base):
    """A list entry ticked in a consultation (its reason, symptoms, topics, actions...)."""

    __tablename__ = "consultation_item"
    __table_args__ = (WITHOUT_ROWID,)

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("care_list_item.id"), primary_key=True)


class ConsultationRevision(Base):
    """A consultation as it was before an amendment on its day: revision `number` of it."""

    __tablename__ = "consultation_revision"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The structured fields as they were, as JSON: items, duration, mediator, interview answers.
    fields: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ConsultationAddendum(Base):
    """Words added to a consultation after its day, by anyone who may write its kind."""

    __tablename__ = "consultation_addendum"
    __table_args__ = (
        CheckConstraint(f"length(note) BETWEEN 1 AND {NOTE_LIMIT}", name="note"),
        Index("ix_consultation_addendum_consultation", "consultation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)


class FollowUp(Base):
    """A "needs medical / social / psychological follow-up" flag on a person, open until a
    consultation of that kind is written without raising it again."""

    __tablename__ = "follow_up"
    __table_args__ = (
        CheckConstraint(one_of("need", FollowUpNeed), name="need"),
        Index("ix_follow_up_person", "person_id", "need"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    need: Mapped[str] = mapped_column(String(16))
    raised_in_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    cleared_in_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))


class IdentificationInterview(Base):
    """What an identification interview adds to its consultation row (kind `identification`)."""

    __tablename__ = "identification_interview"
    __table_args__ = (
        CheckConstraint(one_of("referred_by", Referrer), name="referred_by"),
        CheckConstraint(_maybe("conclusion", Conclusion), name="conclusion"),
        CheckConstraint(one_of("offer", ProgrammeOffer), name="offer"),
    )

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), primary_key=True)
    referred_by: Mapped[str] = mapped_column(String(16))
    conclusion: Mapped[str | None] = mapped_column(String(16))
    offer: Mapped[str] = mapped_column(String(12), default=ProgrammeOffer.NOT_OFFERED.value)


class InterviewIndicator(Base):
    """An ILO–EC 2009 indicator the interviewer found (`clinic.protection.indicators`)."""

    __tablename__ = "interview_indicator"
    __table_args__ = (WITHOUT_ROWID,)

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("identification_interview.consultation_id"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class RapidTest(Base):
    """A rapid test read at the desk: HIV, HCV, syphilis, HBsAg, pregnancy (an editable list)."""

    __tablename__ = "rapid_test"
    __table_args__ = (
        CheckConstraint(one_of("result", TestResult), name="result"),
        CheckConstraint("error_reason IS NULL OR entered_in_error", name="error_reason"),
        Index("ix_rapid_test_person_read", "person_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("care_list_item.id"))
    kit: Mapped[str | None] = mapped_column(String(80))
    lot: Mapped[str | None] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(String(14))
    read_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    read_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    counselled_before: Mapped[bool] = mapped_column(default=False)
    counselled_after: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    entered_in_error: Mapped[bool] = mapped_column(default=False)
    error_reason: Mapped[str | None] = mapped_column(String(500))


class PartnerService(Base):
    """A service people are referred to, from the directory the coordinator keeps."""

    __tablename__ = "partner_service"
    __table_args__ = (CheckConstraint(one_of("kind", ServiceKind), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    contact: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(default=True)


class Referral(Base):
    """A person sent to a partner service, and (later) whether they went."""

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(one_of("urgency", Urgency), name="urgency"),
        CheckConstraint(_maybe("outcome", ReferralOutcome), name="outcome"),
        CheckConstraint("(outcome IS NULL) = (outcome_on IS NULL)", name="outcome_dated"),
        CheckConstraint("error_reason IS NULL OR entered_in_error", name="error_reason"),
        Index("ix_referral_person", "person_id", "referred_on"),
        # The follow-up list: the open referrals, oldest first.
        Index("ix_referral_open", "outcome", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("partner_service.id"))
    test_id: Mapped[int | None] = mapped_column(ForeignKey("rapid_test.id"))
    reason: Mapped[str] = mapped_column(String(2000))
    urgency: Mapped[str] = mapped_column(String(8), default=Urgency.ROUTINE.value)
    accompanied: Mapped[bool] = mapped_column(default=False)
    # Police or prosecutor only at the person's own request: recorded as such.
    persons_request: Mapped[bool] = mapped_column(default=False)
    referred_on: Mapped[dt.date] = mapped_column(Date)
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    outcome: Mapped[str | None] = mapped_column(String(14))
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    entered_in_error: Mapped[bool] = mapped_column(default=False)
    error_reason: Mapped[str | None] = mapped_column(String(500))


class Pathway(Base):
    """A protection (or exit) programme a person follows, from its opening to its closing."""

    __tablename__ = "pathway"
    __table_args__ = (
        CheckConstraint(one_of("kind", PathwayKind), name="kind"),
        CheckConstraint(_maybe("closing_reason", ClosingReason), name="closing_reason"),
        CheckConstraint("(closed_on IS NULL) = (closing_reason IS NULL)", name="closed"),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after"),
        Index("ix_pathway_person", "person_id"),
        Index("ix_pathway_closed_on", "closed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(String(12))
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_reason: Mapped[str | None] = mapped_column(String(20))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class PathwayStep(Base):
    """A dated stage of a pathway; the pathway stands at its latest."""

    __tablename__ = "pathway_step"
    __table_args__ = (
        CheckConstraint(one_of("stage", PathwayStage), name="stage"),
        Index("ix_pathway_step_pathway", "pathway_id", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathway.id"))
    stage: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(2000), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
