"""The catalogue as the desk reads it: each item named in the user's language (the
coordinator's own words first), vaccines by their product, places by their name."""

from __future__ import annotations

from clinic.audit.transactions import writing
from clinic.i18n.translator import Translator
from clinic.materials import catalogue
from clinic.materials.words import stock_count
from clinic.staff.vocabulary import Role
from db.models.materials import StockItemName
from db.vocabulary.materials import ItemUnit


def test_items_are_named_in_the_users_language_the_coordinators_words_first(
    database, clock, actors, items
):
    with writing(database, clock) as session:
        session.add(
            StockItemName(item_id=items["lubricant"], language="it", name="Gel lubrificante")
        )
    with database.read() as session:
        found = {i.code: i for i in catalogue.items(session, actors[Role.RECEPTION])}
        places = catalogue.places(session, actors[Role.RECEPTION])
    italian, french = Translator("it"), Translator("fr")
    assert found["lubricant"].name(italian) == "Gel lubrificante"  # the coordinator's words
    assert found["lubricant"].name(Translator("en")) == "Lubricant sachet"  # Soglia's
    assert found["male_condom"].name(french) == french.gettext("Condom") != "Condom"
    vaccines = [i for i in found.values() if i.product]
    assert vaccines
    assert all(i.name(italian) == i.product and i.tracks_lots for i in vaccines)
    assert [p.name(Translator("en")) for p in places] == ["Dispensary", "Outreach bag"]


def test_a_quantity_is_written_with_its_unit_singular_or_plural():
    french, italian = Translator("fr"), Translator("it")
    assert stock_count(french, ItemUnit.PIECE, 1) == "1 pièce"
    assert stock_count(french, ItemUnit.PIECE, 405) == "405 pièces"
    assert stock_count(italian, ItemUnit.PACK, 2) == "2 confezioni"
    assert stock_count(Translator("en"), ItemUnit.COPY, 1_200) == "1,200 copies"
