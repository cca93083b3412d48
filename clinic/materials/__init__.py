"""Material and stock (issue 13): the catalogue, the places, one ledger of movements for every
item (vaccines included), hand-outs at the desk, alerts and consumption."""
