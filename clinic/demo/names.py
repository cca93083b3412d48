"""Made-up people for the demo clinic: where they come from, what they speak, what names they give.

Common first and family names of each country (as public name-frequency lists have them), mixed
at random: no real person's data. Some are in Cyrillic or with diacritics on purpose, so the
demo exercises SLK-581's transliteration as the desk does. The origin weights follow the
services in DESIGN.md: many Romanian, Nigerian and Albanian women, trans women mostly from Latin
America (Milan's "historic" network), men from the host country, Romania and Morocco.
"""

from __future__ import annotations

from dataclasses import dataclass

LOCAL = "local"  # stands for the host country, decided from the clinic's time zone


@dataclass(frozen=True)
class NamePool:
    family: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]


def _pool(family: str, female: str, male: str) -> NamePool:
    return NamePool(tuple(family.split(", ")), tuple(female.split(", ")), tuple(male.split(", ")))


POOLS: dict[str, NamePool] = {
    "ro": _pool(
        "Popescu, Ionescu, Popa, Stan, Dumitru, Stoica, Gheorghe, Rusu, Munteanu, Matei, "
        "Constantin, Florea, Dobre, Barbu, Nistor, Ene, Tudor, Lazăr, Marin, Şerban, Ciobanu, "
        "Moldovan, Vasile, Sârbu, Lungu, Preda, Neagu, Oprea",
        "Maria, Elena, Ioana, Andreea, Alina, Cristina, Mihaela, Georgiana, Roxana, Daniela, "
        "Florentina, Bianca, Denisa, Larisa, Ramona, Adriana, Nicoleta, Loredana, Raluca, Simona",
        "Andrei, Alexandru, Ionuț, Florin, Mihai, Marian, Adrian, Cosmin, Gabriel, Bogdan, Cătălin",
    ),
    "ng": _pool(
        "Okafor, Eze, Okonkwo, Adeyemi, Osagie, Igbinedion, Omoregie, Eghosa, Obi, Nwosu, "
        "Adebayo, Okoro, Uwadiae, Ehigiator, Idahosa, Osaro, Ogbeide, Aigbe, Iyamu, Edosomwan, "
        "Osayande, Ekhator, Obasuyi, Oviawe",
        "Blessing, Joy, Precious, Favour, Gift, Mercy, Esther, Osas, Efe, Happiness, Patience, "
        "Faith, Princess, Peace, Success, Glory, Ivie, Osamudiamen, Tina, Vivian, Loveth, Sandra",
        "Emeka, Chinedu, Osaze, Samuel, Daniel, Godwin, Friday, Kelvin, Ikenna, Efosa",
    ),
    "sq": _pool(
        "Hoxha, Shehu, Gashi, Krasniqi, Berisha, Dervishi, Leka, Kola, Çela, Mema, Prifti, "
        "Basha, Marku, Gjoka, Dushku, Hysa, Lika, Murati, Kelmendi, Doçi, Zeneli, Rama",
        "Ardita, Elira, Klea, Jonida, Besa, Erjona, Fjona, Mirela, Anisa, Dorina, Ilda, Blerta, "
        "Rezarta, Enkeleda, Xhesika, Alketa, Eda, Mimoza",
        "Arben, Blerim, Erion, Gentian, Ilir, Klodian, Luan, Dritan, Fatmir, Altin",
    ),
    "pt": _pool(
        "Silva, Santos, Oliveira, Souza, Pereira, Lima, Costa, Ferreira, Rodrigues, Almeida, "
        "Nascimento, Carvalho, Araújo, Ribeiro, Gomes, Barbosa, Rocha, Moura, Cavalcanti, "
        "Teixeira, Monteiro, Cardoso, Batista, Freitas",
        "Ana, Juliana, Fernanda, Camila, Patrícia, Aline, Bruna, Larissa, Thaís, Vanessa, Jéssica, "
        "Letícia, Gabriela, Priscila, Kelly, Daniele, Raíssa, Bianca, Luana, Sabrina, Yasmin",
        "João, Rafael, Lucas, Thiago, Felipe, Bruno, Diego, Rodrigo, Marcos, Gustavo",
    ),
    "es": _pool(
        "García, Rodríguez, Martínez, López, González, Hernández, Pérez, Sánchez, Ramírez, "
        "Torres, Flores, Rivera, Gómez, Díaz, Vargas, Castillo, Jiménez, Moreno, Rojas, Quispe, "
        "Mamani, Guerrero, Mendoza, Herrera, Cárdenas, Valencia, Zambrano, Huamán",
        "Valentina, Camila, Daniela, Yesenia, Carolina, Paola, Lorena, Milagros, Rosa, Luz, "
        "Yuliana, Katherine, Andrea, Natalia, Estefanía, Marisol, Johana, Leidy, Ximena, Dayana",
        "Carlos, José, Luis, Jhon, Andrés, Miguel, Jorge, Juan, Wilson, Édgar",
    ),
    "it": _pool(
        "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, "
        "Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, "
        "Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli",
        "Giulia, Francesca, Chiara, Sara, Martina, Alessia, Valentina, Federica, Silvia, Elisa, "
        "Paola, Roberta, Simona, Monica, Laura, Manuela, Serena, Ilaria, Debora, Noemi",
        "Marco, Luca, Andrea, Matteo, Davide, Simone, Stefano, Alessandro, Fabio, Roberto",
    ),
    "fr": _pool(
        "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, "
        "Laurent, Lefebvre, Michel, Fournier, Girard, Bonnet, Dupont, Lambert, Fontaine, Rousseau",
        "Marie, Camille, Léa, Manon, Chloé, Sarah, Julie, Laura, Émilie, Céline, Aurélie, "
        "Sandrine, Nathalie, Sophie, Élodie, Audrey, Mélanie, Jessica",
        "Nicolas, Julien, Thomas, Maxime, Kevin, Romain, Sébastien, Antoine, Alexandre, Mathieu",
    ),
    "lb": _pool(
        "Schmit, Muller, Weber, Wagner, Hoffmann, Thill, Schroeder, Reuter, Kieffer, Schiltz, "
        "Majerus, Hansen, Klein, Kremer, Welter, Weis, Feller, Meyer, Theis, Wirtz",
        "Anne, Claudine, Nadine, Carole, Sandra, Tessy, Joëlle, Sylvie, Martine, Nathalie, Lynn, "
        "Michèle, Jill, Yvonne, Mandy",
        "Jean, Marc, Luc, Paul, Pierre, Tom, Yves, Pit, Gilles, Claude",
    ),
    "bg": _pool(
        "Иванова, Георгиева, Димитрова, Петрова, Николова, Христова, Стоянова, Тодорова, "
        "Илиева, Василева, Атанасова, Ангелова, Йорданова, Колева, Маринова, Попова",
        "Мария, Ивана, Десислава, Гергана, Радостина, Силвия, Петя, Цветелина, Росица, Надежда, "
        "Вероника, Снежана, Калина, Теодора",
        "Георги, Иван, Димитър, Николай, Петър, Стефан, Христо, Тодор",
    ),
    "uk": _pool(
        "Шевченко, Бондаренко, Коваленко, Ткаченко, Кравченко, Олійник, Мельник, Шевчук, "
        "Поліщук, Бойко, Ковальчук, Лисенко, Савченко, Руденко, Марченко, Мороз",
        "Олена, Наталія, Ірина, Юлія, Оксана, Тетяна, Світлана, Анна, Вікторія, Катерина, Марина, "
        "Людмила, Дарина, Аліна",
        "Олександр, Андрій, Сергій, Дмитро, Віталій, Максим, Ігор, Юрій",
    ),
    "zh": _pool(
        "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Lin, Guo, "
        "He, Gao, Luo",
        "Xiaoling, Mei, Lihua, Yan, Jing, Hong, Ying, Fang, Xiuying, Juan, Min, Hui, Ling, Yun, "
        "Xia, Qian, Lan",
        "Wei, Jun, Qiang, Lei, Tao, Bin, Hao, Ming",
    ),
    "ar": _pool(
        "El Amrani, Benali, Alaoui, Bennani, Idrissi, Tazi, El Idrissi, Chraibi, Berrada, "
        "Ouazzani, Belhaj, Bouzid, Haddad, Mansouri, Naciri, Ziani, El Fassi, Lahlou",
        "Fatima, Khadija, Samira, Naima, Zineb, Salma, Hanane, Latifa, Imane, Nadia, Sanaa, Houda",
        "Mohamed, Youssef, Ahmed, Hicham, Karim, Rachid, Said, Omar, Mehdi, Hamza",
    ),
    "hu": _pool(
        "Nagy, Kovács, Tóth, Szabó, Horváth, Varga, Kiss, Molnár, Németh, Farkas, Balogh, Papp, "
        "Lakatos, Takács, Juhász, Oláh, Rostás, Sárközi",
        "Anita, Kitti, Krisztina, Erika, Mónika, Andrea, Szilvia, Renáta, Vivien, Nikolett, "
        "Bernadett, Edina, Zsófia, Dóra",
        "László, István, Zoltán, Gábor, Attila, Tamás, Péter, Norbert",
    ),
    "th": _pool(
        "Srisuk, Chaiyaporn, Wongsawat, Saelim, Boonmee, Kaewkla, Suksawat, Thongchai, Phromma, "
        "Rattanakorn, Sangthong, Intharasuk",
        "Nong, Ploy, Fon, Som, Nok, Malee, Siriporn, Kanya, Pim, Dao, Lamai, Ratana",
        "Somchai, Anan, Chai, Prasert, Somsak, Niran",
    ),
}

# Country → (name pool, languages: the first always spoken, the others often).
COUNTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "RO": ("ro", ("ro", "hu")),
    "MD": ("ro", ("ro", "ru")),
    "NG": ("ng", ("en", "bin", "yo", "ig")),
    "AL": ("sq", ("sq",)),
    "XK": ("sq", ("sq", "sr")),
    "BG": ("bg", ("bg", "tr")),
    "HU": ("hu", ("hu",)),
    "UA": ("uk", ("uk", "ru")),
    "BR": ("pt", ("pt", "es")),
    "CO": ("es", ("es",)),
    "PE": ("es", ("es", "qu")),
    "EC": ("es", ("es", "qu")),
    "DO": ("es", ("es",)),
    "VE": ("es", ("es",)),
    "AR": ("es", ("es",)),
    "CN": ("zh", ("zh",)),
    "TH": ("th", ("th",)),
    "MA": ("ar", ("ar", "fr", "zgh")),
    "IT": ("it", ("it",)),
    "FR": ("fr", ("fr",)),
    "LU": ("lb", ("lb", "fr", "de")),
}

# Where the clinic is, from its time zone: host country and the language spoken at the desk.
HOSTS: dict[str, tuple[str, str]] = {
    "Europe/Luxembourg": ("LU", "fr"),
    "Europe/Paris": ("FR", "fr"),
    "Europe/Rome": ("IT", "it"),
}
DEFAULT_HOST = ("IT", "it")

# Countries of origin by gender, with weights; `local` is the host country.
ORIGINS: dict[str, str] = {
    "woman": "RO 22, NG 14, local 10, AL 7, BG 7, CN 5, HU 5, BR 4, UA 4, CO 3, DO 3, MD 3, "
    "MA 2, TH 2, FR 2, PE 1, EC 1, XK 1",
    "trans_woman": "BR 35, CO 12, local 12, PE 10, EC 8, AR 5, VE 4, RO 4, TH 4, DO 3, MA 2, AL 1",
    "man": "RO 25, local 18, MA 12, AL 8, BR 8, BG 6, HU 5, NG 4, UA 3, FR 3, CO 3, DO 2",
    "other": "local 25, BR 12, RO 12, CO 6, FR 5, NG 5, UA 4, AL 4, PE 3, MA 3, HU 3",
}
