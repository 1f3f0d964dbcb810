"""Demo organisations, memberships and partnerships, from the source documents (annual report 2021, the
city office's memo on 2022, STK-2023-267). Dates are those the documents give; where they give only a
season or a year, the first day of it."""

import datetime as dt

from .models import (
    DecisionReference,
    MembershipRole,
    Organisation,
    OrganisationKind,
    ParticipationLevel,
    PartnershipForm,
    PartnershipStage,
    Side,
    User,
)
from .services.organisations import membership_confirm, membership_request
from .services.partnerships import partnership_create, partnership_stage_change, support_entry_add
from .services.users import user_create

K = OrganisationKind
ORGANISATIONS = [
    # (name, kind, category, umbrella, website)
    ("Malmö Ideella", K.NONPROFIT_ASSOCIATION, "annat", "malmo_ideella", "https://malmoideella.se/"),
    ("MISO", K.NONPROFIT_ASSOCIATION, "annat", "miso", ""),
    ("HISO", K.NONPROFIT_ASSOCIATION, "annat", "hiso", ""),
    ("Rädda Barnen Malmö", K.NONPROFIT_ASSOCIATION, "social_trygghet", "malmo_ideella", ""),
    ("Röda Korset Malmö", K.NONPROFIT_ASSOCIATION, "social_trygghet", "malmo_ideella", ""),
    ("Tillsammans i Förening", K.NONPROFIT_ASSOCIATION, "social_trygghet", "malmo_ideella", ""),
    ("Helamalmö", K.NONPROFIT_ASSOCIATION, "social_trygghet", "", ""),
    ("Fryshuset Malmö", K.FOUNDATION, "utbildning", "", ""),
    ("Sensus studieförbund", K.NONPROFIT_ASSOCIATION, "utbildning", "", ""),
    ("Bryggeriet", K.NONPROFIT_ASSOCIATION, "idrott", "", ""),
    ("Guldängens bygglekplats", K.NONPROFIT_ASSOCIATION, "kultur", "", ""),
    ("Föreningen Gemenskap", K.NONPROFIT_ASSOCIATION, "social_trygghet", "malmo_ideella", ""),
    ("Malmö universitet", K.ACADEMIA, "", "", "https://mau.se/"),
    ("NyföretagarCentrum Öresund", K.BUSINESS, "", "", ""),
    ("Kommunstyrelsen", K.COMMITTEE, "", "", ""),
    ("Fritidsnämnden", K.COMMITTEE, "", "", ""),
    ("Kulturnämnden", K.COMMITTEE, "", "", ""),
    ("Stadskontoret", K.CITY_OFFICE, "", "", "https://malmo.se/"),
    ("Fritidsförvaltningen", K.DEPARTMENT, "", "", ""),
    ("Kulturförvaltningen", K.DEPARTMENT, "", "", ""),
    ("Fastighets- och gatukontoret", K.DEPARTMENT, "", "", ""),
    ("Funktionsstödsförvaltningen", K.DEPARTMENT, "", "", ""),
    ("Arbetsmarknads- och socialnämnden", K.COMMITTEE, "", "", ""),
    ("Arbetsmarknads- och socialförvaltningen", K.DEPARTMENT, "", "", ""),
    ("Grundskoleförvaltningen", K.DEPARTMENT, "", "", ""),
]
# A fictional, Luhn-valid number: the demo association's, so the field is shown filled in.
DEMO_ORGANISATION_NUMBERS = {"Föreningen Gemenskap": "802400-1235"}

OTHER_PEOPLE = [
    # (e-mail, first name, last name, organisation, confirmed)
    ("amira@example.org", "Amira", "Andersson", "Tillsammans i Förening", True),
    ("jonas@example.org", "Jonas", "Jönsson", "Föreningen Gemenskap", False),
    ("lena@example.org", "Lena", "Lindqvist", "Fryshuset Malmö", False),
]

# City staff who take part as their committee or department (fictional people): the plan opens the forums to
# "förtroendevalda politiker från kommunens nämnder samt tjänstepersoner från alla förvaltningar".
CITY_PEOPLE = [
    # (e-mail, first name, last name, organisation, membership role, city role)
    (
        "maria@example.org",
        "Maria",
        "Malmgren",
        "Fritidsförvaltningen",
        MembershipRole.REPRESENTATIVE,
        "official",
    ),
    ("hassan@example.org", "Hassan", "Holm", "Fritidsnämnden", MembershipRole.CONTACT, "politician"),
    ("tjansteperson@example.org", "Tove", "Tjänstesson", "Stadskontoret", MembershipRole.CONTACT, "official"),
]

P, C, A, B = Side.PUBLIC, Side.CIVIL_SOCIETY, Side.ACADEMIA, Side.BUSINESS
S = PartnershipStage
D = dt.date
PARTNERSHIPS = [
    {
        "title": "Kraftsamling Herrgården",
        "form": PartnershipForm.IOP,
        "level": ParticipationLevel.PARTNERSHIP,
        "purpose": (
            "Att samla gemensamma resurser för att skapa bättre förutsättningar för de boende på Herrgården "
            "att bli mer delaktiga i samhället, och ge de boende egenmakt att vara en del av lösningen. "
            "Mötesplats Varda är navet för aktörernas aktiviteter."
        ),
        "parties": [
            ("Kommunstyrelsen", P, "Samordning genom stadskontoret"),
            ("Fritidsnämnden", P, "Fritidsverksamhet och personal"),
            ("Kulturnämnden", P, "Kulturverksamhet"),
            ("Rädda Barnen Malmö", C, "Verksamhet för barn och unga på mötesplats Varda"),
            ("Tillsammans i Förening", C, "Föreningsverksamhet och lokal förankring"),
            ("Malmö universitet", A, "Forskning och följeforskning"),
        ],
        "history": [
            (S.COMMISSIONED, D(2020, 9, 1)),
            (S.DIALOGUE, D(2020, 11, 1)),
            (S.SIGNED, D(2021, 1, 1)),
            (S.RUNNING, D(2021, 1, 1)),
        ],
        # STK-2023-267 is the board's decision on the 2022 report (004_…), not on this partnership: a
        # decision reference belongs only to the partnership it decides, and none is documented for this one.
        "decisions": [],
        "support": [
            (
                "advice",
                D(2021, 3, 1),
                "Rådgivning om IOP-processen till stadskontoret och de idéburna parterna.",
            ),
            ("process", D(2022, 5, 1), "Stöd i vidareutvecklingen av avtalet."),
        ],
    },
    {
        "title": "Helamalmö",
        "form": PartnershipForm.IOP,
        "level": ParticipationLevel.DIALOGUE,
        "purpose": "Att utreda förutsättningarna för ett idéburet offentligt partnerskap kring Helamalmös verksamhet.",
        "parties": [("Kommunstyrelsen", P, "Utredning genom stadskontoret"), ("Helamalmö", C, "")],
        "history": [(S.COMMISSIONED, D(2020, 9, 1))],
        "next_step": "Ta fram ett förslag på avtal (inget förslag fanns vid årsskiftet 2021/2022).",
        "decisions": [],
        "support": [],
    },
    {
        "title": "Rädda Barnen och Röda Korset",
        "form": PartnershipForm.IOP,
        "level": ParticipationLevel.DIALOGUE,
        "purpose": "Att utreda förutsättningarna för ett idéburet offentligt partnerskap med Rädda Barnen och Röda Korset.",
        "parties": [
            ("Kommunstyrelsen", P, "Utredning genom stadskontoret"),
            ("Rädda Barnen Malmö", C, ""),
            ("Röda Korset Malmö", C, ""),
        ],
        "history": [(S.COMMISSIONED, D(2020, 9, 1))],
        "next_step": "Processen fortsätter under 2022: ta fram ett avtalsförslag.",
        "decisions": [],
        "support": [],
    },
    {
        "title": "Guldängen",
        "form": PartnershipForm.IOP,
        "level": ParticipationLevel.PARTNERSHIP,
        "purpose": (
            "Att säkra drift och utveckling av Guldängen, Sveriges enda bygglekplats med odling och Malmös "
            "enda bemannade lekplats, som byggs av barnen själva."
        ),
        "parties": [
            ("Fastighets- och gatukontoret", P, "Mark, drift och finansiering"),
            ("Guldängens bygglekplats", C, "Bemanning och pedagogisk verksamhet"),
        ],
        "history": [
            (S.COMMISSIONED, D(2021, 1, 1)),
            (S.DIALOGUE, D(2021, 1, 1)),
            (S.SIGNED, D(2021, 1, 1)),
            (S.RUNNING, D(2021, 1, 1)),
        ],
        "decisions": [],
        "support": [
            (
                "matchmaking",
                D(2021, 2, 1),
                "Malmöandan inspirerade till samarbetet och kopplade ihop parterna.",
            )
        ],
    },
    {
        "title": "Jämlik hälsa på Lindängen",
        "form": PartnershipForm.IOP,
        "level": ParticipationLevel.DIALOGUE,
        "purpose": "Löpande dialog mellan involverade parter om att sluta ett IOP-avtal kring jämlik hälsa på Lindängen.",
        "parties": [("Stadskontoret", P, "Processledning")],
        "history": [(S.COMMISSIONED, D(2022, 1, 1)), (S.DIALOGUE, D(2022, 3, 1))],
        "next_step": "Ta fram ett avtalsförslag tillsammans med de idéburna parterna.",
        # STK-2023-267 is the board's decision on the 2022 report (004_…), not on this partnership: a
        # decision reference belongs only to the partnership it decides, and none is documented for this one.
        "decisions": [],
        "support": [("process", D(2022, 9, 1), "Samordnarna leder dialogen mellan parterna.")],
    },
    {
        "title": "Malmö Tillsammans",
        "form": PartnershipForm.PROJECT,
        "level": ParticipationLevel.PARTNERSHIP,
        "purpose": (
            "Att i tre stationsnära områden – Östervärn, Persborg och Rosengård – lyfta initiativ och idéer från "
            "medborgare för att tackla lokala samhällsutmaningar: minskad segregation, ökad sysselsättning, "
            "hållbart boende och förnyelse av de stationsnära områdena."
        ),
        "parties": [
            ("Malmö Ideella", C, ""),
            ("Sensus studieförbund", C, ""),
            ("NyföretagarCentrum Öresund", B, ""),
            ("Stadskontoret", P, ""),
            ("Fritidsförvaltningen", P, ""),
            ("Funktionsstödsförvaltningen", P, ""),
        ],
        # The 2021 report (001_…): "Projektet pågår från 2021 - 2023"; its preparation in 2020 is not dated.
        # The 2022 memo (004_…): "Malmö Tillsammans avslutas i april 2023. Den 13 april hålls en
        # lärandekonferens".
        "history": [
            (S.COMMISSIONED, D(2020, 1, 1)),
            (S.DIALOGUE, D(2020, 1, 1)),
            (S.SIGNED, D(2021, 1, 1)),
            (S.RUNNING, D(2021, 1, 1)),
            (S.ENDED, D(2023, 4, 30)),
        ],
        "website": "https://malmotillsammans.se/",
        # STK-2023-267 is the board's decision on the 2022 report (004_…), not on this partnership: a
        # decision reference belongs only to the partnership it decides, and none is documented for this one.
        "decisions": [],
        "support": [],
    },
    {
        "title": "Engagemang i Malmö",
        "form": PartnershipForm.PROJECT,
        "level": ParticipationLevel.PARTNERSHIP,
        "purpose": (
            "Att lotsa nyanlända till föreningslivet i Malmö, så att de får lättare med sin introduktion till "
            "samhället, stärker sin svenska, får bättre hälsa och ett bredare nätverk."
        ),
        "parties": [("Malmö Ideella", C, ""), ("MISO", C, ""), ("Fritidsförvaltningen", P, "")],
        "history": [
            (S.COMMISSIONED, D(2020, 1, 1)),
            (S.DIALOGUE, D(2020, 1, 1)),
            (S.SIGNED, D(2020, 1, 1)),
            (S.RUNNING, D(2020, 1, 1)),
            (S.ENDED, D(2022, 8, 31)),
        ],
        "decisions": [],
        "support": [],
    },
    {
        "title": "Skatekulturen i Malmö",
        "form": PartnershipForm.PROCESS_SUPPORT,
        "level": ParticipationLevel.DIALOGUE,
        "purpose": "Processtöd till fastighets- och gatukontoret i dialogen med Bryggeriet om skatekulturen i Malmö.",
        "parties": [("Fastighets- och gatukontoret", P, ""), ("Bryggeriet", C, "")],
        "history": [(S.COMMISSIONED, D(2021, 1, 1)), (S.DIALOGUE, D(2021, 4, 1))],
        "decisions": [],
        "support": [("process", D(2021, 6, 1), "Processtöd i dialogen mellan förvaltningen och Bryggeriet.")],
    },
]


def load() -> None:
    from .demo import DEMO_PASSWORD

    coordinator = User.objects.get(email="samordnare@example.org")
    organisations = {}
    for name, kind, category, umbrella, website in ORGANISATIONS:
        organisation = Organisation(
            name=name,
            kind=kind,
            category=category,
            umbrella=umbrella,
            website=website,
            organisation_number=DEMO_ORGANISATION_NUMBERS.get(name),
        )
        organisation.full_clean()
        organisation.save()
        organisations[name] = organisation

    farid = User.objects.get(email="forening@example.org")
    membership = membership_request(user=farid, organisation=organisations["Föreningen Gemenskap"])
    membership_confirm(membership=membership, confirmed_by=coordinator)
    for email, first_name, last_name, organisation, confirmed in OTHER_PEOPLE:
        person = user_create(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            email_verified=True,
        )
        membership = membership_request(
            user=person, organisation=organisations[organisation], role=MembershipRole.REPRESENTATIVE
        )
        if confirmed:
            membership_confirm(membership=membership, confirmed_by=coordinator)
    for email, first_name, last_name, organisation, role, city_role in CITY_PEOPLE:
        person = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            email_verified=True,
        )
        membership = membership_request(
            user=person, organisation=organisations[organisation], role=role, city_role=city_role
        )
        membership_confirm(membership=membership, confirmed_by=coordinator)

    for spec in PARTNERSHIPS:
        first_stage, first_date = spec["history"][0]
        partnership = partnership_create(
            created_by=coordinator,
            title=spec["title"],
            form=spec["form"],
            purpose=spec["purpose"],
            level=spec["level"],
            parties=[(organisations[name], side, what) for name, side, what in spec["parties"]],
            commissioned_on=first_date,
            next_step=spec.get("next_step", ""),
            website=spec.get("website", ""),
        )
        assert first_stage == PartnershipStage.COMMISSIONED
        for stage, when in spec["history"][1:]:
            partnership = partnership_stage_change(
                partnership=partnership, stage=stage, changed_by=coordinator, changed_on=when
            )
        for number, body, decided_on, description in spec["decisions"]:
            decision = DecisionReference(
                partnership=partnership,
                diarienummer=number,
                decided_by=body,
                decided_on=decided_on,
                description=description,
            )
            decision.full_clean()
            decision.save()
        for kind, date, description in spec["support"]:
            support_entry_add(
                partnership=partnership,
                coordinator=coordinator,
                kind=kind,
                description=description,
                date=date,
            )


DESCRIPTION = [
    "  forening@example.org är bekräftad representant för Föreningen Gemenskap "
    "(jonas@example.org väntar på att bli bekräftad där).",
    "  amira@example.org representerar Tillsammans i Förening; lena@example.org väntar på Fryshuset Malmö.",
    "  maria@example.org (tjänsteperson) företräder Fritidsförvaltningen; hassan@example.org (förtroendevald) "
    "är med i Fritidsnämnden och tjansteperson@example.org i Stadskontoret.",
]
