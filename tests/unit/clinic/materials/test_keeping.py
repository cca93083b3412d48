"""The coordinator keeps the catalogue and the places (issue 13): items named per language, with
limits, retired and offered again; places added, renamed, retired (never the last dispensary);
a minimum per item and place. Nothing is deleted, and a refusal names its field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.common.errors import ConflictError, ErrorCode, ValidationError
from clinic.i18n.translator import Translator
from clinic.materials import catalogue, keeping, stock
from clinic.materials.keeping import ItemForm, PlaceForm
from clinic.materials.stock import AdjustmentForm
from clinic.staff.vocabulary import Role
from db.models.materials import StockItem, StockPlace
from tests.unit.clinic.materials.conftest import place_id, receive


def _fields(caught) -> set[tuple[str, str | None]]:
    return {(e.code.value, e.field) for e in caught.value.errors}


def _item_named(database, actors, item_id: int, language: str):
    with database.read() as session:
        found = catalogue.items(session, actors[Role.ADMIN], active_only=False)
    [item] = [i for i in found if i.id == item_id]
    return item, item.name(Translator(language))


def test_an_item_added_reads_in_each_language_and_falls_back_to_another(database, clock, actors):
    form = ItemForm(
        "it",
        {"it": "Assorbenti lavabili", "fr": "Serviettes lavables"},
        "hygiene",
        "pack",
        contact_limit="2",
        weekly_limit="4",
    )
    with writing(database, clock) as session:
        new = keeping.add_item(session, actors[Role.ADMIN], clock, form)
    item, italian = _item_named(database, actors, new, "it")
    assert italian == "Assorbenti lavabili"
    assert _item_named(database, actors, new, "fr")[1] == "Serviettes lavables"
    assert _item_named(database, actors, new, "de")[1] in {
        "Assorbenti lavabili",
        "Serviettes lavables",
    }
    assert (item.contact_limit, item.weekly_limit, item.active) == (2, 4, True)


@pytest.mark.parametrize(
    ("form", "problems"),
    [
        (ItemForm("en", {}, "hygiene", "piece"), {("required", "name_en")}),
        (ItemForm("en", {"en": "Soap"}, "", "piece"), {("required", "category")}),
        (ItemForm("en", {"en": "Soap"}, "vaccines", "dose"), {("unknown_choice", "category")}),
        (
            ItemForm("en", {"en": "Soap"}, "hygiene", "piece", contact_limit="0"),
            {("count_range", "contact_limit")},
        ),
        (
            ItemForm("en", {"en": "Soap"}, "hygiene", "piece", weekly_limit="lots"),
            {("count_range", "weekly_limit")},
        ),
        (ItemForm("en", {"en": "S" * 81}, "hygiene", "piece"), {("too_long", "name_en")}),
    ],
)
def test_a_bad_item_is_refused_next_to_its_field(database, clock, actors, form, problems):
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        keeping.add_item(session, actors[Role.ADMIN], clock, form)
    assert _fields(caught) == problems


def test_two_items_cannot_share_a_name_in_one_language(database, clock, actors):
    with writing(database, clock) as session:
        keeping.add_item(
            session, actors[Role.ADMIN], clock, ItemForm("en", {"en": "Soap"}, "hygiene", "piece")
        )
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        keeping.add_item(
            session, actors[Role.ADMIN], clock, ItemForm("en", {"en": "soap"}, "hygiene", "piece")
        )
    assert _fields(caught) == {("item_exists", "name_en")}


def test_a_soglia_item_renamed_and_limited_then_retired_and_offered_again(
    database, clock, actors, items
):
    condom = items["male_condom"]
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        form = ItemForm(
            "it", {"it": "Preservativo esterno"}, "sexual_health", "piece", weekly_limit="30"
        )
        keeping.change_item(session, admin, clock, condom, form)
    item, italian = _item_named(database, actors, condom, "it")
    assert (italian, item.weekly_limit, item.contact_limit) == ("Preservativo esterno", 30, None)
    assert _item_named(database, actors, condom, "en")[1] == "Condom"  # Soglia's words still
    with writing(database, clock) as session:
        keeping.set_item_active(session, admin, clock, condom, active=False)
    with database.read() as session:
        assert condom not in {i.id for i in catalogue.items(session, admin)}
        assert session.get(StockItem, condom) is not None  # retired, not deleted
    with writing(database, clock) as session:
        keeping.set_item_active(session, admin, clock, condom, active=True)
    with database.read() as session:
        assert condom in {i.id for i in catalogue.items(session, admin)}


def test_places_are_added_renamed_and_retired_but_never_the_last_dispensary(
    database, clock, actors
):
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        van = keeping.add_place(session, admin, clock, PlaceForm("Van", "outreach"))
        dispensary = place_id(session)
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        keeping.add_place(session, admin, clock, PlaceForm("van", "outreach"))
    assert _fields(caught) == {("place_exists", "name")}
    with writing(database, clock) as session:
        keeping.rename_place(session, admin, clock, van, "Camper")
        keeping.set_place_active(session, admin, clock, van, active=False)
    with pytest.raises(ConflictError) as refused, writing(database, clock) as session:
        keeping.set_place_active(session, admin, clock, dispensary, active=False)
    assert refused.value.code is ErrorCode.LAST_DISPENSARY
    with writing(database, clock) as session:
        second = keeping.add_place(session, admin, clock, PlaceForm("Second desk", "dispensary"))
        keeping.set_place_active(session, admin, clock, dispensary, active=False)
    with database.read() as session:
        shown = {p.id: p.name(Translator("en")) for p in catalogue.places(session, admin)}
        assert session.get(StockPlace, van).name == "Camper"
    assert van not in shown
    assert dispensary not in shown
    assert shown[second] == "Second desk"


def test_a_place_holding_stock_is_not_retired_until_emptied(database, clock, actors):
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        van = keeping.add_place(session, admin, clock, PlaceForm("Van", "outreach"))
    receive(database, clock, actors, "male_condom", 10)
    with writing(database, clock) as session:
        condom = session.scalars(select(StockItem.id).where(StockItem.code == "male_condom")).one()
        stock.transfer(session, admin, clock, condom, None, place_id(session), van, "10")
    with pytest.raises(ConflictError) as refused, writing(database, clock) as session:
        keeping.set_place_active(session, admin, clock, van, active=False)
    assert refused.value.code is ErrorCode.PLACE_HOLDS_STOCK
    with writing(database, clock) as session:
        form = AdjustmentForm(condom, van, None, "-10", "lost")
        stock.adjust(session, admin, clock, form)
        keeping.set_place_active(session, admin, clock, van, active=False)
    with database.read() as session:
        assert not session.get(StockPlace, van).active


def test_a_vaccine_changes_its_limits_keeping_its_product_name(database, clock, actors):
    admin = actors[Role.ADMIN]
    with database.read() as session:
        vaccine = session.scalars(
            select(StockItem).where(StockItem.vaccine_product_id.is_not(None)).limit(1)
        ).one()
        vaccine_id, unit = vaccine.id, vaccine.unit
    form = ItemForm("en", {}, "vaccines", unit, contact_limit="1")
    with writing(database, clock) as session:
        keeping.change_item(session, admin, clock, vaccine_id, form)
    with database.read() as session:
        [item] = [i for i in catalogue.items(session, admin) if i.id == vaccine_id]
    assert item.contact_limit == 1
    assert item.names == ()
    assert item.name(Translator("en")) == item.product


def test_a_minimum_is_set_changed_and_cleared(database, clock, actors, items):
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        here = place_id(session)
        keeping.set_threshold(session, admin, clock, items["lubricant"], here, "50")
        keeping.set_threshold(session, admin, clock, items["syringe"], here, "10")
        keeping.set_threshold(session, admin, clock, items["lubricant"], here, "80")
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        keeping.set_threshold(session, admin, clock, items["syringe"], here, "-1")
    assert _fields(caught) == {("count_range", "minimum")}
    with writing(database, clock) as session:
        keeping.set_threshold(session, admin, clock, items["syringe"], here, " ")
    with database.read() as session:
        assert keeping.thresholds(session, actors[Role.RECEPTION]) == {
            (here, items["lubricant"]): 80
        }
