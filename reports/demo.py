"""Demo annual reports for 2021 and 2022: the coordinators' texts and the figures from outside the portal, as
the annual report 2021 and the city office's memo on 2022 (STK-2023-267) give them. Everything else in the
reports is computed from the demo data of the other apps. The 2022 report has one version, rendered and
approved by the municipal board (2023-04-12, STK-2023-267); 2021 is left as a draft to try the flow on.
"""

import datetime as dt

from .models import AnnualReport, ReportVersion, SocialMediaChannel
from .services import report_content, report_version_approve, report_version_render

GRANT = 1_000_000
FINANCES_COMMENT = (
    "Bidraget finansierar samordningen av den idéburna sektorn inom Malmöandan fram till och med 2026."
)

TEXTS = {
    2021: {
        "introduction": (
            "I samband med att kommunfullmäktige beslutade om ”Överenskommelse om samverkan mellan Malmö stad och "
            "den idéburna sektorn i Malmö” togs också beslut om att en årlig rapport om denna samverkan ska tas "
            "fram. För att få en så helhetlig bild som möjligt av det gångna årets aktiviteter har denna rapport "
            "tagits fram av samordningsfunktionen, där både kommunen och den idéburna sektorn är representerade.\n\n"
            "Det är viktigt att påpeka att det pågår många fler samarbeten mellan Malmö stad och den idéburna "
            "sektorn än vad som ryms i denna rapport."
        ),
        "steering_comment": (
            "Malmöandan fick en ny styrgrupp under 2021 med politiska representanter som utsågs av KSAU och "
            "representanter från idéburen sektor."
        ),
        "focus_comment": (
            "Utmaningar som uppstått är exempelvis att föreningar tappat medlemmar och ideellt engagerade, och "
            "inom idrotten har vi bland annat kunnat se en brist på domare. Den digitala utveckling som följt av "
            "pandemin har upplevts både som en möjlighet och en svårighet."
        ),
        "dialogue_comment": (
            "Mötet genomfördes som ett open space, med möjligheter för deltagarna att före och under mötet bidra "
            "till innehållet. En återkommande kommentar i enkäten var att man önskade att fler politiker och fler "
            "tjänstepersoner från de kommunala förvaltningarna hade deltagit."
        ),
        "workshops_comment": (
            "Dialogforumet följdes upp av en idéverkstad där det gavs möjlighet att jobba vidare med de ämnen man "
            "påbörjat. Verkstaden hölls i samverkan med inkubatorn ”Level” i deras lokaler på Mobilia."
        ),
        "nobel21_comment": (
            "Föreningscentret Nobel 21 invigdes 2020, men etablerades i praktiken som en mötesplats för "
            "föreningsliv och kommun under 2021. Under pandemin utvecklades stöd för digitala möten genom "
            "”Studio 21”."
        ),
        "learning_comment": (
            "Malmöandans samordnare bjöd in tjänstepersoner och representanter för idéburna organisationer till "
            "utbildningen ”Medskapa förändring” som hålls av Malmöakademin."
        ),
        "inspiration_comment": (
            "Vid Malmötimmarna turas idéburna och offentliga om att presentera ett projekt, en verksamhet eller "
            "en process. Lärandeluncherna har hållits digitalt under hela 2021, med undantag för den 27 oktober "
            "då lärandelunchen hölls på Naturmolnet i Sofielund."
        ),
        "communication": (
            "Malmöandans vision är en mer jämlik, öppen och demokratisk stad som klarar dagens och framtidens "
            "utmaningar. I slutet av 2021 tog samordnarna, på uppdrag av styrgruppen, fram riktlinjer för "
            "användning av Malmöandans varumärke och logotyp. Under 2021 har Malmöandan stärkt sin närvaro i "
            "sociala medier: Instagram, Facebook och LinkedIn."
        ),
        "partnerships_comment": (
            "I samarbetsplanen står det att samordnarna för Malmöandan har i uppgift att ge rådgivning, "
            "exempelvis kring IOP-processer. Utöver partnerskapen har samordnarna bidragit med processtöd till "
            "fastighets- och gatukontoret i deras dialog med Bryggeriet om skate-kulturen i Malmö."
        ),
        "finances_comment": FINANCES_COMMENT,
        "outlook": (
            "För 2022 har samordnarna fått i uppdrag att utveckla stöd till idéburna organisationer (och "
            "förvaltningarna) i att hitta finansiering till sina verksamheter.\n\n"
            "Det finns ett stort engagemang i samhället för att hjälpa krigets offer från Ukraina. Med Malmöandan "
            "som plattform kan vi samla och koordinera resurser för att ge bästa möjliga stöd till flyktingar."
        ),
    },
    2022: {
        "introduction": (
            "Arbetet inom Malmöandan följer en samarbetsplan som kommunstyrelsen antog 2021 och som sträcker sig "
            "fram till och med 2026. Rapporten har tagits fram av samordningsfunktionen."
        ),
        "steering_comment": (
            "Kommunstyrelsens arbetsutskott, eller dem som utskottet utser i sitt ställe, utgör Malmö stads "
            "representanter i styrgruppen. Samordnarna är adjungerade i styrgruppen och återrapporterar "
            "fortlöpande till denna grupp."
        ),
        "focus_comment": (
            "Fokusområdet innebär i praktiken att de arrangemang som genomförs under året ska ha koppling till det."
        ),
        "dialogue_comment": (
            "Vid forumet gavs alla deltagare möjlighet att bidra med sina tankar och idéer kring ungas situation "
            "på arbetsmarknaden och ungas psykiska och fysiska hälsa. Dialogforumet finns dokumenterat i en "
            "separat rapport."
        ),
        "workshops_comment": "",
        "nobel21_comment": (
            "Under 2022, efter att restriktionerna kring pandemin släpptes, har aktiviteterna på centret ökat."
        ),
        "learning_comment": (
            "Malmöandan erbjöd för andra året tjänstepersoner och representanter för idéburna organisationer att "
            "delta i utbildningen ”Medskapa förändring” som hålls av Malmöakademin."
        ),
        "inspiration_comment": (
            "Den första Malmötimmen hade fokus på ungdomars väg till arbetsmarknaden och den andra på hur man kan "
            "motverka hat och hot, främst på internet."
        ),
        "communication": (
            "Kommunikationen runt Malmöandan ska bidra till de övergripande målen om att öka demokratin, "
            "delaktigheten och jämlikheten i Malmö. Dessutom uppdateras hemsidan fortlöpande."
        ),
        "partnerships_comment": (
            "Det största enskilda projektet just nu är Malmö Tillsammans, som avslutas i april 2023. Samordnarna "
            "har varit med och stöttat och vidareutvecklat IOP-avtal under året."
        ),
        "finances_comment": FINANCES_COMMENT,
        "outlook": (
            "Valet av tema bygger på en insikt om den dramatiska ökningen av övervikt, fetma och stillasittande, "
            "inte minst hos barn och unga. Det prioriterade området kommer att utgöra en röd tråd för alla "
            "insatser, samarbeten och aktiviteter inom Malmöandan under 2023."
        ),
    },
}

# (name, followers at the end of the year, new followers during the year)
CHANNELS = {
    2021: [("Instagram, Facebook och LinkedIn", None, 400)],
    2022: [("LinkedIn", 600, None), ("Instagram och Facebook", 1000, None)],
}


def _report(year: int) -> AnnualReport:
    report = AnnualReport.objects.create(year=year, grant_amount=GRANT, **TEXTS[year])
    for position, (name, followers, new) in enumerate(CHANNELS[year], start=1):
        SocialMediaChannel.objects.create(
            report=report, name=name, followers=followers, new_followers=new, position=position
        )
    # The documents give the grant and no cost lines: the report shows the grant alone, no "result".
    return report


def load() -> None:
    _report(2021)
    report = _report(2022)
    # Rendered here, in-process, so the demo has an approved PDF without a worker running.
    version = ReportVersion.objects.create(report=report, number=1, content=report_content(report))
    version = report_version_render(version_id=version.pk)
    if version.status == "ready":
        report_version_approve(
            version=version, decision_date=dt.date(2023, 4, 12), decision_reference="STK-2023-267", user=None
        )
    # The coordinators' reports to the steering group's meetings (återrapportering).
    from .meeting_report_demo import load as load_meeting_reports

    load_meeting_reports()
