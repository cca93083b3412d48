"""Each country's UN M49 region (the smallest one M49 gives it), by ISO 3166-1 alpha-2 code.

Data, not code: generated once on 2026-12-03 from `country_data.tsv` (its `ISO2` and
`UNregion` columns) of country_converter 1.3.2 (IndEcol/country_converter, GPL-3.0), which
tabulates the UN Statistics Division's "Standard country or area codes for statistical use"
(M49); the region names were turned into their M49 codes, obsolete countries and Antarctica
(which M49 puts in no region) left out. Kosovo (XK) and Taiwan (TW), which M49 does not list
apart, are in the region country_converter gives them. To refresh: regenerate from a newer
country_converter and read the diff; `clinic.outreach.regions` folds these regions into the
ones a report publishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

M49_REGION_OF: Mapping[str, str] = MappingProxyType(
    {
        "AD": "039",  # Andorra: Southern Europe
        "AE": "145",  # United Arab Emirates: Western Asia
        "AF": "034",  # Afghanistan: Southern Asia
        "AG": "029",  # Antigua & Barbuda: Caribbean
        "AI": "029",  # Anguilla: Caribbean
        "AL": "039",  # Albania: Southern Europe
        "AM": "145",  # Armenia: Western Asia
        "AO": "017",  # Angola: Middle Africa
        "AR": "005",  # Argentina: South America
        "AS": "061",  # American Samoa: Polynesia
        "AT": "155",  # Austria: Western Europe
        "AU": "053",  # Australia: Australia and New Zealand
        "AW": "029",  # Aruba: Caribbean
        "AX": "154",  # Åland Islands: Northern Europe
        "AZ": "145",  # Azerbaijan: Western Asia
        "BA": "039",  # Bosnia & Herzegovina: Southern Europe
        "BB": "029",  # Barbados: Caribbean
        "BD": "034",  # Bangladesh: Southern Asia
        "BE": "155",  # Belgium: Western Europe
        "BF": "011",  # Burkina Faso: Western Africa
        "BG": "151",  # Bulgaria: Eastern Europe
        "BH": "145",  # Bahrain: Western Asia
        "BI": "014",  # Burundi: Eastern Africa
        "BJ": "011",  # Benin: Western Africa
        "BL": "029",  # St. Barthélemy: Caribbean
        "BM": "021",  # Bermuda: Northern America
        "BN": "035",  # Brunei: South-eastern Asia
        "BO": "005",  # Bolivia: South America
        "BQ": "029",  # Caribbean Netherlands: Caribbean
        "BR": "005",  # Brazil: South America
        "BS": "029",  # Bahamas: Caribbean
        "BT": "034",  # Bhutan: Southern Asia
        "BV": "005",  # Bouvet Island: South America
        "BW": "018",  # Botswana: Southern Africa
        "BY": "151",  # Belarus: Eastern Europe
        "BZ": "013",  # Belize: Central America
        "CA": "021",  # Canada: Northern America
        "CC": "053",  # Cocos (Keeling) Islands: Australia and New Zealand
        "CD": "017",  # Congo - Kinshasa: Middle Africa
        "CF": "017",  # Central African Republic: Middle Africa
        "CG": "017",  # Congo - Brazzaville: Middle Africa
        "CH": "155",  # Switzerland: Western Europe
        "CI": "011",  # Côte d’Ivoire: Western Africa
        "CK": "061",  # Cook Islands: Polynesia
        "CL": "005",  # Chile: South America
        "CM": "017",  # Cameroon: Middle Africa
        "CN": "030",  # China: Eastern Asia
        "CO": "005",  # Colombia: South America
        "CR": "013",  # Costa Rica: Central America
        "CU": "029",  # Cuba: Caribbean
        "CV": "011",  # Cape Verde: Western Africa
        "CW": "029",  # Curaçao: Caribbean
        "CX": "053",  # Christmas Island: Australia and New Zealand
        "CY": "145",  # Cyprus: Western Asia
        "CZ": "151",  # Czechia: Eastern Europe
        "DE": "155",  # Germany: Western Europe
        "DJ": "014",  # Djibouti: Eastern Africa
        "DK": "154",  # Denmark: Northern Europe
        "DM": "029",  # Dominica: Caribbean
        "DO": "029",  # Dominican Republic: Caribbean
        "DZ": "015",  # Algeria: Northern Africa
        "EC": "005",  # Ecuador: South America
        "EE": "154",  # Estonia: Northern Europe
        "EG": "015",  # Egypt: Northern Africa
        "EH": "015",  # Western Sahara: Northern Africa
        "ER": "014",  # Eritrea: Eastern Africa
        "ES": "039",  # Spain: Southern Europe
        "ET": "014",  # Ethiopia: Eastern Africa
        "FI": "154",  # Finland: Northern Europe
        "FJ": "054",  # Fiji: Melanesia
        "FK": "005",  # Falkland Islands: South America
        "FM": "057",  # Micronesia: Micronesia
        "FO": "154",  # Faroe Islands: Northern Europe
        "FR": "155",  # France: Western Europe
        "GA": "017",  # Gabon: Middle Africa
        "GB": "154",  # United Kingdom: Northern Europe
        "GD": "029",  # Grenada: Caribbean
        "GE": "145",  # Georgia: Western Asia
        "GF": "005",  # French Guiana: South America
        "GG": "154",  # Guernsey: Northern Europe
        "GH": "011",  # Ghana: Western Africa
        "GI": "039",  # Gibraltar: Southern Europe
        "GL": "021",  # Greenland: Northern America
        "GM": "011",  # Gambia: Western Africa
        "GN": "011",  # Guinea: Western Africa
        "GP": "029",  # Guadeloupe: Caribbean
        "GQ": "017",  # Equatorial Guinea: Middle Africa
        "GR": "039",  # Greece: Southern Europe
        "GS": "005",  # South Georgia & South Sandwich Islands: South America
        "GT": "013",  # Guatemala: Central America
        "GU": "057",  # Guam: Micronesia
        "GW": "011",  # Guinea-Bissau: Western Africa
        "GY": "005",  # Guyana: South America
        "HK": "030",  # Hong Kong SAR China: Eastern Asia
        "HM": "053",  # Heard Island & McDonald Islands: Australia and New Zealand
        "HN": "013",  # Honduras: Central America
        "HR": "039",  # Croatia: Southern Europe
        "HT": "029",  # Haiti: Caribbean
        "HU": "151",  # Hungary: Eastern Europe
        "ID": "035",  # Indonesia: South-eastern Asia
        "IE": "154",  # Ireland: Northern Europe
        "IL": "145",  # Israel: Western Asia
        "IM": "154",  # Isle of Man: Northern Europe
        "IN": "034",  # India: Southern Asia
        "IO": "014",  # British Indian Ocean Territory: Eastern Africa
        "IQ": "145",  # Iraq: Western Asia
        "IR": "034",  # Iran: Southern Asia
        "IS": "154",  # Iceland: Northern Europe
        "IT": "039",  # Italy: Southern Europe
        "JE": "154",  # Jersey: Northern Europe
        "JM": "029",  # Jamaica: Caribbean
        "JO": "145",  # Jordan: Western Asia
        "JP": "030",  # Japan: Eastern Asia
        "KE": "014",  # Kenya: Eastern Africa
        "KG": "143",  # Kyrgyzstan: Central Asia
        "KH": "035",  # Cambodia: South-eastern Asia
        "KI": "057",  # Kiribati: Micronesia
        "KM": "014",  # Comoros: Eastern Africa
        "KN": "029",  # St. Kitts & Nevis: Caribbean
        "KP": "030",  # North Korea: Eastern Asia
        "KR": "030",  # South Korea: Eastern Asia
        "KW": "145",  # Kuwait: Western Asia
        "KY": "029",  # Cayman Islands: Caribbean
        "KZ": "143",  # Kazakhstan: Central Asia
        "LA": "035",  # Laos: South-eastern Asia
        "LB": "145",  # Lebanon: Western Asia
        "LC": "029",  # St. Lucia: Caribbean
        "LI": "155",  # Liechtenstein: Western Europe
        "LK": "034",  # Sri Lanka: Southern Asia
        "LR": "011",  # Liberia: Western Africa
        "LS": "018",  # Lesotho: Southern Africa
        "LT": "154",  # Lithuania: Northern Europe
        "LU": "155",  # Luxembourg: Western Europe
        "LV": "154",  # Latvia: Northern Europe
        "LY": "015",  # Libya: Northern Africa
        "MA": "015",  # Morocco: Northern Africa
        "MC": "155",  # Monaco: Western Europe
        "MD": "151",  # Moldova: Eastern Europe
        "ME": "039",  # Montenegro: Southern Europe
        "MF": "029",  # St. Martin: Caribbean
        "MG": "014",  # Madagascar: Eastern Africa
        "MH": "057",  # Marshall Islands: Micronesia
        "MK": "039",  # North Macedonia: Southern Europe
        "ML": "011",  # Mali: Western Africa
        "MM": "035",  # Myanmar (Burma): South-eastern Asia
        "MN": "030",  # Mongolia: Eastern Asia
        "MO": "030",  # Macao SAR China: Eastern Asia
        "MP": "057",  # Northern Mariana Islands: Micronesia
        "MQ": "029",  # Martinique: Caribbean
        "MR": "011",  # Mauritania: Western Africa
        "MS": "029",  # Montserrat: Caribbean
        "MT": "039",  # Malta: Southern Europe
        "MU": "014",  # Mauritius: Eastern Africa
        "MV": "034",  # Maldives: Southern Asia
        "MW": "014",  # Malawi: Eastern Africa
        "MX": "013",  # Mexico: Central America
        "MY": "035",  # Malaysia: South-eastern Asia
        "MZ": "014",  # Mozambique: Eastern Africa
        "NA": "018",  # Namibia: Southern Africa
        "NC": "054",  # New Caledonia: Melanesia
        "NE": "011",  # Niger: Western Africa
        "NF": "053",  # Norfolk Island: Australia and New Zealand
        "NG": "011",  # Nigeria: Western Africa
        "NI": "013",  # Nicaragua: Central America
        "NL": "155",  # Netherlands: Western Europe
        "NO": "154",  # Norway: Northern Europe
        "NP": "034",  # Nepal: Southern Asia
        "NR": "061",  # Nauru: Polynesia
        "NU": "061",  # Niue: Polynesia
        "NZ": "053",  # New Zealand: Australia and New Zealand
        "OM": "145",  # Oman: Western Asia
        "PA": "013",  # Panama: Central America
        "PE": "005",  # Peru: South America
        "PF": "061",  # French Polynesia: Polynesia
        "PG": "054",  # Papua New Guinea: Melanesia
        "PH": "035",  # Philippines: South-eastern Asia
        "PK": "034",  # Pakistan: Southern Asia
        "PL": "151",  # Poland: Eastern Europe
        "PM": "021",  # St. Pierre & Miquelon: Northern America
        "PN": "061",  # Pitcairn Islands: Polynesia
        "PR": "029",  # Puerto Rico: Caribbean
        "PS": "145",  # Palestinian Territories: Western Asia
        "PT": "039",  # Portugal: Southern Europe
        "PW": "057",  # Palau: Micronesia
        "PY": "005",  # Paraguay: South America
        "QA": "145",  # Qatar: Western Asia
        "RE": "014",  # Réunion: Eastern Africa
        "RO": "151",  # Romania: Eastern Europe
        "RS": "039",  # Serbia: Southern Europe
        "RU": "151",  # Russia: Eastern Europe
        "RW": "014",  # Rwanda: Eastern Africa
        "SA": "145",  # Saudi Arabia: Western Asia
        "SB": "054",  # Solomon Islands: Melanesia
        "SC": "014",  # Seychelles: Eastern Africa
        "SD": "015",  # Sudan: Northern Africa
        "SE": "154",  # Sweden: Northern Europe
        "SG": "035",  # Singapore: South-eastern Asia
        "SH": "011",  # St. Helena, Ascension & Tristan da Cunha: Western Africa
        "SI": "039",  # Slovenia: Southern Europe
        "SJ": "154",  # Svalbard & Jan Mayen: Northern Europe
        "SK": "151",  # Slovakia: Eastern Europe
        "SL": "011",  # Sierra Leone: Western Africa
        "SM": "039",  # San Marino: Southern Europe
        "SN": "011",  # Senegal: Western Africa
        "SO": "014",  # Somalia: Eastern Africa
        "SR": "005",  # Suriname: South America
        "SS": "014",  # South Sudan: Eastern Africa
        "ST": "017",  # São Tomé & Príncipe: Middle Africa
        "SV": "013",  # El Salvador: Central America
        "SX": "029",  # Sint Maarten: Caribbean
        "SY": "145",  # Syria: Western Asia
        "SZ": "018",  # Eswatini: Southern Africa
        "TC": "029",  # Turks & Caicos Islands: Caribbean
        "TD": "017",  # Chad: Middle Africa
        "TF": "014",  # French Southern and Antarctic Lands: Eastern Africa
        "TG": "011",  # Togo: Western Africa
        "TH": "035",  # Thailand: South-eastern Asia
        "TJ": "143",  # Tajikistan: Central Asia
        "TK": "061",  # Tokelau: Polynesia
        "TL": "035",  # Timor-Leste: South-eastern Asia
        "TM": "143",  # Turkmenistan: Central Asia
        "TN": "015",  # Tunisia: Northern Africa
        "TO": "061",  # Tonga: Polynesia
        "TR": "145",  # Türkiye: Western Asia
        "TT": "029",  # Trinidad & Tobago: Caribbean
        "TV": "061",  # Tuvalu: Polynesia
        "TW": "030",  # Taiwan: Eastern Asia
        "TZ": "014",  # Tanzania: Eastern Africa
        "UA": "151",  # Ukraine: Eastern Europe
        "UG": "014",  # Uganda: Eastern Africa
        "UM": "057",  # U.S. Outlying Islands: Micronesia
        "US": "021",  # United States: Northern America
        "UY": "005",  # Uruguay: South America
        "UZ": "143",  # Uzbekistan: Central Asia
        "VA": "039",  # Vatican City: Southern Europe
        "VC": "029",  # St. Vincent & Grenadines: Caribbean
        "VE": "005",  # Venezuela: South America
        "VG": "029",  # British Virgin Islands: Caribbean
        "VI": "029",  # U.S. Virgin Islands: Caribbean
        "VN": "035",  # Vietnam: South-eastern Asia
        "VU": "054",  # Vanuatu: Melanesia
        "WF": "061",  # Wallis & Futuna: Polynesia
        "WS": "061",  # Samoa: Polynesia
        "XK": "039",  # Kosovo: Southern Europe
        "YE": "145",  # Yemen: Western Asia
        "YT": "014",  # Mayotte: Eastern Africa
        "ZA": "018",  # South Africa: Southern Africa
        "ZM": "014",  # Zambia: Eastern Africa
        "ZW": "014",  # Zimbabwe: Eastern Africa
    }
)

# Territories CLDR names apart that M49 counts within another country or area.
PART_OF: Mapping[str, str] = MappingProxyType(
    {
        "AC": "SH",  # Ascension Island: Saint Helena, Ascension and Tristan da Cunha
        "TA": "SH",  # Tristan da Cunha: the same
        "DG": "IO",  # Diego Garcia: British Indian Ocean Territory
        "EA": "ES",  # Ceuta and Melilla: Spain
        "IC": "ES",  # Canary Islands: Spain
        "CQ": "GG",  # Sark: the Bailiwick of Guernsey
    }
)
