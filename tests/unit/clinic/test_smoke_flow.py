"""Register, find, check in: the desk's core path through the use cases."""

from clinic.desk.checkin import check_in, todays_queue
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.registry.person_form import CodeAnswers, PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.registry.registration import propose_code
from clinic.registry.search import find_persons
from clinic.registry.vocabulary import CodeScheme


def test_register_find_and_check_in(database, clock, reception):
    record = validate_person(
        PersonForm(alias="Élodie", gender="woman", birth="23/05/1985", country="RO"),
        "it_IT",
        clock.today(),
    )
    with database.write() as session:
        proposal = propose_code(
            session, reception, CodeScheme.SLK581, record, CodeAnswers("Rossi", "Maria")
        )
        assert proposal.code == "OSIAR230519852"
        person = register_person(session, reception, clock, record, proposal.code)
    with database.read() as session:
        found = find_persons(session, reception, "elodie")
        assert [p.id for p in found] == [person.id]
        assert [p.id for p in find_persons(session, reception, "osia")] == [person.id]
        assert [p.id for p in find_persons(session, reception, "1985")] == [person.id]
        assert find_persons(session, reception, "%") == []
    with database.write() as session:
        check_in(session, reception, clock, person.id, [VisitReason.MEDICAL])
    with database.read() as session:
        queue = todays_queue(session, reception, clock)
    assert [(e.code, e.state) for e in queue] == [("OSIAR230519852", QueueState.WAITING)]
