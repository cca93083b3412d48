"""The invented words of the demo clinic's care records: notes, reasons, kits and services.

Data, not interface text: staff write in their own language (English, Italian or French here),
and nothing is translated. No real person, case or telephone number is behind any of it; the
partner services are made up, with the kind of names they have in Milan.
"""

from __future__ import annotations

from collections.abc import Mapping

from clinic.care.vocabulary import ConsultationKind, ServiceKind

LANGUAGES = ("en", "it", "fr")

_M, _S, _P, _I = (
    ConsultationKind.MEDICAL,
    ConsultationKind.SOCIAL,
    ConsultationKind.PSYCHOLOGICAL,
    ConsultationKind.IDENTIFICATION,
)

NOTES: Mapping[str, Mapping[ConsultationKind, tuple[str, ...]]] = {
    "en": {
        _M: (
            "Came for a routine STI screening. No symptoms reported. Condoms and lubricant given.",
            "Reports discharge for a week. Examined; treatment started. To come back if no better.",
            "Asked about contraception; the options explained. Wants to think about the implant.",
            "Small wound on the hand, cleaned and dressed. Tetanus status unknown.",
            "Headache and fever for two days. Rest, fluids and paracetamol advised.",
            "Last results explained. Next screening in three months.",
            "PrEP explained; a referral discussed, the person wants time to decide.",
        ),
        _S: (
            "Housing: the room is shared with four others and the rent went up. Emergency "
            "housing line explained.",
            "Residence permit expires next month. Which documents to bring explained; "
            "appointment with legal aid proposed.",
            "Needs a health insurance card. Forms filled in together.",
            "Debts with the landlord. A plan discussed; social services called with consent.",
            "Wants to look for other work. Talked about language courses and training.",
            "Worried about a child back home. Listened; ways to keep in touch discussed.",
        ),
        _P: (
            "Follow-up session. Sleeping badly since the last move; worked on grounding.",
            "Talked about a violent client last week. Feels safer now; safety plan reviewed.",
            "Low mood for some weeks. Explored what helps; next session in two weeks.",
            "Anxious before the appointment at the prefecture. Questions prepared together.",
            "First session: the journey here and today's worries. Agreed to meet again.",
        ),
        _I: (
            "Interview with the mediator. Recruited with the promise of a job; a debt for the "
            "journey. The protection programme and her rights explained.",
            "Referred by the reception centre. Describes work she could not refuse and "
            "documents kept by others. Time given to decide.",
        ),
    },
    "it": {
        _M: (
            "Screening IST di routine. Nessun sintomo riferito. Dati preservativi e lubrificante.",
            "Riferisce perdite da una settimana. Visitata; iniziata una terapia.",
            "Chiede della contraccezione; spiegate le opzioni. Vuole pensare all'impianto.",
            "Piccola ferita alla mano, pulita e medicata. Stato antitetanico non noto.",
            "Cefalea e febbre da due giorni. Consigliati riposo, liquidi e paracetamolo.",
            "Spiegati gli ultimi risultati. Prossimo screening tra tre mesi.",
            "Spiegata la PrEP; parlato dell'invio, la persona vuole pensarci.",
        ),
        _S: (
            "Casa: stanza condivisa con altre quattro persone, affitto aumentato. Spiegato il "
            "numero per l'accoglienza notturna.",
            "Permesso di soggiorno in scadenza il mese prossimo. Spiegati i documenti da "
            "portare; proposto appuntamento con lo sportello legale.",
            "Ha bisogno della tessera sanitaria. Compilati insieme i moduli.",
            "Debiti con il padrone di casa. Fatto un piano; chiamati i servizi sociali col suo "
            "consenso.",
            "Vuole cercare un altro lavoro. Parlato di corsi di italiano e di formazione.",
            "Preoccupata per un figlio nel paese d'origine. Ascolto; parlato dei contatti.",
        ),
        _P: (
            "Colloquio di sostegno. Dorme male dall'ultimo trasloco; tecniche di radicamento.",
            "Parlato di un cliente violento. Ora si sente più al sicuro; rivisto il piano.",
            "Umore basso da qualche settimana. Cosa aiuta; prossimo colloquio tra due settimane.",
            "Ansia prima dell'appuntamento in questura. Preparate insieme le domande.",
        ),
        _I: (
            "Colloquio con la mediatrice. Reclutata con la promessa di un lavoro; un debito per "
            "il viaggio. Spiegati il programma di protezione e i suoi diritti.",
            "Inviata dal centro di accoglienza. Racconta un lavoro che non poteva rifiutare e "
            "documenti tenuti da altri. Lasciato tempo per decidere.",
        ),
    },
    "fr": {
        _M: (
            "Dépistage IST de routine. Aucun symptôme. Préservatifs et lubrifiant remis.",
            "Signale des pertes depuis une semaine. Examinée ; traitement commencé.",
            "Demande des informations sur la contraception ; veut réfléchir à l'implant.",
            "Petite plaie à la main, nettoyée et pansée. Statut antitétanique inconnu.",
            "Maux de tête et fièvre depuis deux jours. Repos, boissons et paracétamol conseillés.",
            "Derniers résultats expliqués. Prochain dépistage dans trois mois.",
        ),
        _S: (
            "Logement : chambre partagée avec quatre personnes, loyer augmenté. Numéro "
            "d'hébergement d'urgence expliqué.",
            "Titre de séjour qui expire le mois prochain. Documents à apporter expliqués ; "
            "rendez-vous proposé au service juridique.",
            "A besoin d'une carte d'assurance maladie. Formulaires remplis ensemble.",
            "Dettes envers le propriétaire. Plan discuté ; services sociaux appelés avec accord.",
            "Souhaite chercher un autre travail. Parlé des cours de langue et des formations.",
        ),
        _P: (
            "Séance de suivi. Dort mal depuis le déménagement ; exercices d'ancrage.",
            "Parlé d'un client violent. Se sent plus en sécurité ; plan de sécurité revu.",
            "Humeur basse depuis quelques semaines. Prochaine séance dans deux semaines.",
            "Angoisse avant le rendez-vous à la préfecture. Questions préparées ensemble.",
        ),
        _I: (
            "Entretien avec la médiatrice. Recrutée avec la promesse d'un travail ; une dette "
            "pour le voyage. Programme de protection et droits expliqués.",
            "Adressée par le centre d'accueil. Décrit un travail qu'elle ne pouvait refuser et "
            "des papiers gardés par d'autres. Temps laissé pour décider.",
        ),
    },
}

ADDENDA: Mapping[str, tuple[str, ...]] = {
    "en": (
        "Laboratory result received: negative.",
        "Phone call: the person went to the appointment.",
        "Correction: the mediator worked in the person's second language.",
    ),
    "it": (
        "Arrivato il risultato di laboratorio: negativo.",
        "Telefonata: la persona è andata all'appuntamento.",
        "Precisazione: la mediatrice ha lavorato nella seconda lingua della persona.",
    ),
    "fr": (
        "Résultat du laboratoire reçu : négatif.",
        "Appel : la personne est allée au rendez-vous.",
        "Précision : la médiatrice a travaillé dans la deuxième langue de la personne.",
    ),
}

ERRORS: Mapping[str, tuple[str, ...]] = {
    "en": ("Written in the wrong person's file.", "Written twice by mistake."),
    "it": ("Scritto nella scheda della persona sbagliata.", "Scritto due volte per errore."),
    "fr": ("Écrit dans le dossier d'une autre personne.", "Écrit deux fois par erreur."),
}

REFERRAL_REASONS: Mapping[str, Mapping[ServiceKind, str]] = {
    "en": {
        ServiceKind.HOSPITAL: "Pain that needs a doctor's examination.",
        ServiceKind.STI_CLINIC: "Confirmatory test after a reactive rapid test.",
        ServiceKind.GYNAECOLOGY: "Gynaecological check-up.",
        ServiceKind.MENTAL_HEALTH: "Support over a longer time.",
        ServiceKind.ADDICTION: "Wishes to reduce drinking.",
        ServiceKind.SHELTER: "Nowhere to sleep from tonight.",
        ServiceKind.LEGAL_AID: "Residence permit renewal.",
        ServiceKind.ANTI_TRAFFICKING: "Protection programme.",
        ServiceKind.SOCIAL_SERVICES: "Housing and income support.",
        ServiceKind.POLICE: "Wishes to report a theft, at her own request.",
        ServiceKind.OTHER: "Dental pain.",
    },
    "it": {
        ServiceKind.HOSPITAL: "Dolore da far vedere a un medico.",
        ServiceKind.STI_CLINIC: "Test di conferma dopo un test rapido reattivo.",
        ServiceKind.GYNAECOLOGY: "Controllo ginecologico.",
        ServiceKind.MENTAL_HEALTH: "Sostegno a lungo termine.",
        ServiceKind.ADDICTION: "Vuole bere di meno.",
        ServiceKind.SHELTER: "Nessun posto dove dormire da stasera.",
        ServiceKind.LEGAL_AID: "Rinnovo del permesso di soggiorno.",
        ServiceKind.ANTI_TRAFFICKING: "Programma di protezione.",
        ServiceKind.SOCIAL_SERVICES: "Sostegno per casa e reddito.",
        ServiceKind.POLICE: "Vuole denunciare un furto, su sua richiesta.",
        ServiceKind.OTHER: "Mal di denti.",
    },
    "fr": {
        ServiceKind.HOSPITAL: "Douleur à faire examiner par un médecin.",
        ServiceKind.STI_CLINIC: "Test de confirmation après un test rapide réactif.",
        ServiceKind.GYNAECOLOGY: "Contrôle gynécologique.",
        ServiceKind.MENTAL_HEALTH: "Soutien sur une plus longue durée.",
        ServiceKind.ADDICTION: "Souhaite boire moins.",
        ServiceKind.SHELTER: "Plus d'endroit où dormir dès ce soir.",
        ServiceKind.LEGAL_AID: "Renouvellement du titre de séjour.",
        ServiceKind.ANTI_TRAFFICKING: "Programme de protection.",
        ServiceKind.SOCIAL_SERVICES: "Aide pour le logement et les revenus.",
        ServiceKind.POLICE: "Souhaite porter plainte pour un vol, à sa demande.",
        ServiceKind.OTHER: "Douleur dentaire.",
    },
}

# The partner services: name, kind, contact (no telephone numbers), and whether the clinic
# still works with them (a retired one keeps its old referrals).
SERVICES: tuple[tuple[str, ServiceKind, str, bool], ...] = (
    (
        "Ospedale San Paolo – Malattie infettive",
        ServiceKind.HOSPITAL,
        "Padiglione C, piano 1",
        True,
    ),
    (
        "Ospedale Maggiore Nord – Pronto soccorso",
        ServiceKind.HOSPITAL,
        "Ingresso via dei Tigli",
        True,
    ),
    (
        "Centro MTS Porta Vigentina",
        ServiceKind.STI_CLINIC,
        "Lun–ven 8:30–12:30, senza appuntamento",
        True,
    ),
    (
        "Ambulatorio HIV Niguarda Est",
        ServiceKind.STI_CLINIC,
        "Su appuntamento, martedì e giovedì",
        True,
    ),
    (
        "Consultorio familiare Via dei Gelsi",
        ServiceKind.GYNAECOLOGY,
        "Accesso libero il mercoledì",
        True,
    ),
    (
        "CPS Zona 8 – Salute mentale",
        ServiceKind.MENTAL_HEALTH,
        "Primo colloquio su appuntamento",
        True,
    ),
    ("SerD Navigli – Dipendenze", ServiceKind.ADDICTION, "Lun–ven 9–16", True),
    ("Casa di accoglienza Santa Marta", ServiceKind.SHELTER, "Accoglienza notturna dalle 19", True),
    ("Dormitorio Porta Romana", ServiceKind.SHELTER, "Chiuso", False),
    ("Sportello legale migranti Barona", ServiceKind.LEGAL_AID, "Giovedì pomeriggio", True),
    ("Linea antitratta Milano Nord", ServiceKind.ANTI_TRAFFICKING, "Attiva giorno e notte", True),
    ("Servizi sociali del Municipio 5", ServiceKind.SOCIAL_SERVICES, "Segretariato sociale", True),
    ("Questura – Ufficio denunce", ServiceKind.POLICE, "Solo su richiesta della persona", True),
    ("Ambulatorio odontoiatrico solidale", ServiceKind.OTHER, "Sabato mattina", True),
)

# Kits read at the desk, by kind of test (the seeded `test_kind` codes), and a short lot prefix.
KITS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "hiv": (("Determine HIV-1/2", "HD"), ("INSTI HIV-1/HIV-2", "IN")),
    "syphilis": (("Determine Syphilis TP", "SY"),),
    "hcv": (("OraQuick HCV", "OQ"),),
    "hbsag": (("Determine HBsAg 2", "HB"),),
    "pregnancy": (("hCG cassette", "PG"),),
}
