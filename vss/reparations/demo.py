"""The reparations programme of Case 002 for the demo data, as the court and its partners
published it: the projects the Trial Chamber endorsed in the judgments of Case 002/01
(7 August 2014: 11 of the 13 requested; the memorials in Cambodia and in France not
recognised) and Case 002/02 (16 November 2018: 13 recognised), two non-judicial measures
carried out beside them, and a few projects of the Section's pipeline; with their
implementing partners and donors, budgets, pledges and payments, milestones, progress
reports and the people they reached, the Civil Parties taking part, an evaluation, the
Lead Co-Lawyers' requests in the claims, and the proposals of the consultation: the
reparation wishes of the Civil Parties' VIFs brought in, wishes voiced at forums.

What the public record does not give is made up and said to be (`ILLUSTRATIVE` below, and
the comments beside each project): every amount (budgets, pledges, payments, the rates of
the day, which are of the period's order but not the day's quotes), the split between
donors, the dates of the steps before and after each judgment, the milestones, reports
and counts, the evaluation, and each project marked illustrative: a title the sources
propose but do not show endorsed, or one written to complete the thirteen of Case 002/02,
whose full list is not published. The pipeline projects are there so that each step of
the lifecycle has a project to try it on.

Projects and everything around them are fixed rows (a few hundred, whatever the number of
applicants); the proposals brought in from the VIFs are written by one INSERT ... SELECT
over the Civil Parties' forms, with their themes, tags and the projects that answer them,
so that a million applicants cost the database one pass, not Python a million rows.

Texts a member of staff or a partner writes (milestones, reports, reasons, budget lines,
the forum proposals) are in Khmer, as the Section's national staff write them.
"""

from __future__ import annotations

import datetime
import itertools
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.backends.utils import CursorWrapper

from vss.accounts.demo import AccountsDemo
from vss.accounts.models import Organisation, OrganisationKind
from vss.applications.demo.generator import REPARATION_WISHES, ApplicationsDemo
from vss.applications.models import Application, VictimInformationForm
from vss.core.demo.draw import plain
from vss.core.demo.steps import DemoStep
from vss.core.demo.writer import Table
from vss.geo.models import Province
from vss.proceedings.models import Case
from vss.representation.models import Lawyer

from . import models as m
from .money import CENT, in_usd, unpaid
from .services.consultation import (
    answered_flags_refresh,
    proposal_tally_refresh_case,
    wishes_to_bring_in,
)

S = plain(m.ProjectStatus)
C = plain(m.Category)
Source = plain(m.ProposalSource)
# Every figure of money and every rate below: made up, of a plausible order.
ILLUSTRATIVE = True


@dataclass(frozen=True)
class Org:
    acronym: str
    name: str
    name_km: str


# The organisations the accounts' step made, by acronym: the intermediaries that implement
# projects, and the donors (Germany's BMZ/GIZ is the demo donor login's organisation).
KNOWN = ("TPO Cambodia", "Kdei Karuna", "YFP", "DC-Cam", "BMZ", "SDC", "DFAT", "EU")
# The others the published reports name, added as partners or donors.
PARTNERS = (
    Org("Bophana", "Bophana Audiovisual Resource Center", "មជ្ឈមណ្ឌលធនធានសោតទស្សន៍បុប្ផាណា"),
    Org("Sophiline Arts Ensemble", "Sophiline Arts Ensemble", "ក្រុមសិល្បៈសូភីលីន"),
    Org("HelpAge Cambodia", "HelpAge Cambodia", "អង្គការជំនួយមនុស្សចាស់កម្ពុជា"),
)
DONORS = (
    Org("ifa", "Institut für Auslandsbeziehungen (ifa)", "វិទ្យាស្ថានទំនាក់ទំនងបរទេស (ifa)"),
    Org("REI", "REI Foundation", "មូលនិធិ REI"),
    Org("HBS", "Heinrich Böll Foundation", "មូលនិធិហែនរិចប៊ើល"),
    Org("ICSC", "International Coalition of Sites of Conscience", "សម្ព័ន្ធអន្តរជាតិនៃទីតាំងមនសិការ"),
    Org("USAID", "USAID", "ទីភ្នាក់ងារសហរដ្ឋអាមេរិកដើម្បីការអភិវឌ្ឍអន្តរជាតិ (USAID)"),
    Org("France", "Embassy of France in Cambodia", "ស្ថានទូតបារាំងប្រចាំកម្ពុជា"),
)
TPO, KK, YFP, DCCAM = "TPO Cambodia", "Kdei Karuna", "YFP", "DC-Cam"
BOPHANA, SOPHILINE, HELPAGE = "Bophana", "Sophiline Arts Ensemble", "HelpAge Cambodia"

# US dollars for one unit, by currency and year (illustrative).
RATES = {
    "EUR": {2013: "1.3285", 2014: "1.3290", 2015: "1.1095", 2016: "1.1069", 2017: "1.1297",
            2018: "1.1810", 2019: "1.1195", 2020: "1.1422", 2021: "1.1827"},
    "CHF": {2013: "1.0790", 2014: "1.0930", 2015: "1.0400", 2016: "1.0150", 2017: "1.0160",
            2018: "1.0230", 2019: "1.0060", 2020: "1.0660", 2021: "1.0940"},
    "AUD": {2013: "0.9680", 2014: "0.9020", 2015: "0.7520", 2016: "0.7440", 2017: "0.7670",
            2018: "0.7480", 2019: "0.6950", 2020: "0.6900", 2021: "0.7510"},
}  # fmt: skip
RATE_SOURCES = ("សេចក្តីជូនដំណឹងរបស់ធនាគារ", "អត្រាប្តូរប្រាក់ផ្លូវការរបស់ធនាគារជាតិនៃកម្ពុជា")


def usd_rate(currency: str, year: int) -> Decimal:
    if currency == "USD":
        return Decimal(1)
    table = RATES[currency]
    return Decimal(table[min(max(year, min(table)), max(table))])


@dataclass(frozen=True)
class Calendar:
    """The steps of a case's claim, as day ordinals: the judgment's date is the court's,
    the others illustrative."""

    idea: datetime.date
    designed: datetime.date
    fundraising: datetime.date
    funded: datetime.date
    requested: datetime.date
    judgment: datetime.date
    document: str  # the judgment's court document number
    agreement: datetime.date
    started: datetime.date
    completed: datetime.date
    evaluated: datetime.date


CALENDARS = {
    "002/01": Calendar(
        idea=datetime.date(2012, 9, 3),
        designed=datetime.date(2013, 2, 11),
        fundraising=datetime.date(2013, 5, 6),
        funded=datetime.date(2013, 9, 16),
        requested=datetime.date(2013, 10, 8),
        judgment=datetime.date(2014, 8, 7),
        document="E313",
        agreement=datetime.date(2014, 11, 3),
        started=datetime.date(2014, 12, 1),
        completed=datetime.date(2016, 12, 15),
        evaluated=datetime.date(2017, 6, 30),
    ),
    "002/02": Calendar(
        idea=datetime.date(2015, 5, 4),
        designed=datetime.date(2016, 2, 1),
        fundraising=datetime.date(2016, 6, 6),
        funded=datetime.date(2017, 3, 6),
        requested=datetime.date(2017, 5, 29),
        judgment=datetime.date(2018, 11, 16),
        document="E465",
        agreement=datetime.date(2019, 3, 4),
        started=datetime.date(2019, 4, 1),
        completed=datetime.date(2021, 6, 30),
        evaluated=datetime.date(2022, 3, 31),
    ),
}

# Where a project ends up, and the road it took there.
EVALUATED, COMPLETED, AT_WORK = "evaluated", "completed", "at_work"
REJECTED, NON_JUDICIAL = "rejected", "non_judicial"
IDEA, DESIGNED, FUNDRAISING, AWAITING_APPROVAL = "idea", "designed", "fundraising", "awaiting"


@dataclass(frozen=True)
class Pledged:
    donor: str  # acronym
    currency: str
    amount: str
    paid: float = 1.0  # the share paid so far


@dataclass(frozen=True)
class Spec:
    key: str
    case: str
    category: str
    titles: tuple[str, str, str]  # Khmer, English, French
    end: str
    budget: str = "0"
    partners: tuple[str, ...] = ()  # acronyms, the lead first
    pledges: tuple[Pledged, ...] = ()
    # Requested in the claim before its funding was secured, with the Chief's reason.
    underfunded: bool = False
    descriptions: tuple[str, str, str] = ("", "", "")


CASE_002_01 = (
    Spec("mobile-exhibition", "002/01", C.EDUCATION,
         ("ការតាំងពិព័រណ៍ចល័ត និងគម្រោងអប់រំអំពីការផ្លាស់ទីលំនៅដោយបង្ខំ និងទីតាំងប្រហារជីវិតទួលពោធិ៍ជ្រៃ",
          "Mobile exhibition and education project on forced transfer and the Tuol Po Chrey execution site",
          "Exposition itinérante et projet éducatif sur les déplacements forcés et le site d'exécution de Tuol Po Chrey"),
         COMPLETED, "420000", (KK, YFP), (Pledged("BMZ", "EUR", "300000"),), underfunded=True,
         descriptions=(
             "ការតាំងពិព័រណ៍ដែលធ្វើដំណើរទៅកាន់ខេត្តចំនួនប្រាំបួន ជាមួយកិច្ចសន្ទនារវាងអ្នករស់រានមានជីវិត និងយុវជន។",
             "An exhibition that travelled to nine provinces, with dialogues between survivors and young people.",
             "Une exposition qui a voyagé dans neuf provinces, avec des dialogues entre survivants et jeunes.",
         )),
    # The split between Germany and Australia is illustrative.
    Spec("testimonial-therapy", "002/01", C.REHABILITATION,
         ("ការព្យាបាលតាមរយៈការផ្តល់សក្ខីកម្មសម្រាប់ដើមបណ្តឹងរដ្ឋប្បវេណី",
          "Testimonial therapy for Civil Parties",
          "Thérapie par le témoignage pour les parties civiles"),
         EVALUATED, "260000", (TPO,),
         (Pledged("BMZ", "EUR", "120000"), Pledged("DFAT", "AUD", "95000")),
         descriptions=(
             "វគ្គប្រឹក្សាប្រហែលប្រាំមួយដង បន្ទាប់មកសក្ខីកម្មត្រូវបានអានជាសាធារណៈក្នុងពិធីមួយនៅវត្ត ឬនៅសហគមន៍។",
             "About six counselling sessions, then the testimony is read out in a public ceremony at the pagoda or in the community.",
             "Environ six séances de conseil, puis le témoignage est lu lors d'une cérémonie publique à la pagode ou dans la communauté.",
         )),
    Spec("self-help-groups", "002/01", C.REHABILITATION,
         ("ក្រុមជួយខ្លួនឯងសម្រាប់ដើមបណ្តឹងរដ្ឋប្បវេណី", "Self-help groups for Civil Parties",
          "Groupes d'entraide pour les parties civiles"),
         COMPLETED, "150000", (TPO,), (Pledged("BMZ", "EUR", "115000"),)),
    Spec("permanent-exhibition", "002/01", C.DOCUMENTATION,
         ("ការតាំងពិព័រណ៍អចិន្ត្រៃយ៍អំពីការផ្លាស់ទីលំនៅដោយបង្ខំ និងទួលពោធិ៍ជ្រៃ",
          "Permanent exhibition on forced transfer and Tuol Po Chrey",
          "Exposition permanente sur les déplacements forcés et Tuol Po Chrey"),
         COMPLETED, "180000", (DCCAM,), (Pledged("BMZ", "EUR", "135000"),), underfunded=True),
    # Its implementer is not certain (DC-Cam, with the Ministry of Education): illustrative.
    Spec("teachers-guidebooks", "002/01", C.EDUCATION,
         ("ជំពូកអំពីឧក្រិដ្ឋកម្មខ្មែរក្រហម ក្នុងសៀវភៅណែនាំគ្រូបង្រៀន",
          "Chapters on the Khmer Rouge crimes in the teachers' guidebooks",
          "Chapitres sur les crimes des Khmers rouges dans les manuels des enseignants"),
         COMPLETED, "0", (DCCAM,)),
    # The sculptor Séra's memorial; USD 85,000 needed (published); the donors' shares are
    # illustrative, the crowdfunding left out (no organisation).
    Spec("memorial-evacuated", "002/01", C.REMEMBRANCE,
         ("វិមានរំលឹកដល់អ្នកដែលត្រូវបានជម្លៀស «សម្រាប់អ្នកដែលលែងនៅទីនេះ» រាជធានីភ្នំពេញ",
          "Memorial to the evacuated, \u201cFor Those Who Are No Longer Here\u201d, Phnom Penh",
          "Mémorial aux évacués, « Pour ceux qui ne sont plus là », Phnom Penh"),
         COMPLETED, "85000", (), (Pledged("France", "EUR", "40000"),), underfunded=True,
         descriptions=(
             "រូបចម្លាក់ដែលសាលារាជធានីភ្នំពេញបានផ្តល់ទីតាំង ហើយក្រោយមកត្រូវបានផ្លាស់ទៅទួលស្លែង។",
             "A sculpture on a site the Phnom Penh municipality gave, later moved to Tuol Sleng.",
             "Une sculpture sur un terrain donné par la municipalité de Phnom Penh, déplacée ensuite à Tuol Sleng.",
         )),
    # Set by sub-decree in 2018; which judgment endorsed it is not certain: illustrative.
    Spec("remembrance-day", "002/01", C.REMEMBRANCE,
         ("ទិវាជាតិនៃការចងចាំ ថ្ងៃទី២០ ខែឧសភា", "National Day of Remembrance, 20 May",
          "Journée nationale du souvenir, le 20 mai"),
         COMPLETED),
    # Requested; its endorsement is not certain: illustrative.
    Spec("names-online", "002/01", C.REMEMBRANCE,
         ("ការផ្សព្វផ្សាយឈ្មោះដើមបណ្តឹងរដ្ឋប្បវេណីនៅលើគេហទំព័ររបស់តុលាការ",
          "Publication of the Civil Parties' names on the court's website",
          "Publication des noms des parties civiles sur le site du tribunal"),
         COMPLETED),
    # Funded by Switzerland; the rest is not certain: illustrative.
    Spec("learning-centre-battambang", "002/01", C.EDUCATION,
         ("មជ្ឈមណ្ឌលសិក្សាសន្តិភាពសហគមន៍ ខេត្តបាត់ដំបង", "Community peace learning centre, Battambang",
          "Centre communautaire d'apprentissage de la paix, Battambang"),
         COMPLETED, "120000", (), (Pledged("SDC", "CHF", "110000"),)),
    # Not certain: illustrative.
    Spec("illustrated-book", "002/01", C.DOCUMENTATION,
         ("សៀវភៅមានរូបភាពអំពីការចូលរួមរបស់ជនរងគ្រោះ និងការផ្លាស់ទីលំនៅដោយបង្ខំ",
          "Illustrated book on victim participation and forced transfer",
          "Livre illustré sur la participation des victimes et les déplacements forcés"),
         COMPLETED, "30000", (), (Pledged("BMZ", "EUR", "22500"),)),
    # Written to complete the eleven: illustrative.
    Spec("judgment-summary", "002/01", C.DOCUMENTATION,
         ("ការបោះពុម្ពសេចក្តីសង្ខេបសាលក្រមជាភាសាខ្មែរ សម្រាប់ដើមបណ្តឹងរដ្ឋប្បវេណី",
          "Publication of the judgment's summary in Khmer for the Civil Parties",
          "Publication du résumé du jugement en khmer pour les parties civiles"),
         COMPLETED, "15000", (), (Pledged("BMZ", "EUR", "11300"),)),
    # Not recognised for lack of guarantees of implementation (published); the figures are
    # illustrative.
    Spec("memorials-provinces", "002/01", C.REMEMBRANCE,
         ("វិមានរំលឹកនៅតាមបណ្តាខេត្តនៃប្រទេសកម្ពុជា", "Memorials in the provinces of Cambodia",
          "Mémoriaux dans les provinces du Cambodge"),
         REJECTED, "300000", underfunded=True),
    Spec("memorial-france", "002/01", C.REMEMBRANCE,
         ("វិមានរំលឹកនៅប្រទេសបារាំង", "Memorial in France", "Mémorial en France"),
         REJECTED, "90000", underfunded=True),
)  # fmt: skip

CASE_002_02 = (
    # The one title of the thirteen the sources confirm; the donors' shares illustrative.
    Spec("phka-sla-krom-angkar", "002/02", C.REHABILITATION,
         ("ផ្កាស្លាក្រោមអង្គការ៖ របាំល្ខោនអំពីការរៀបអាពាហ៍ពិពាហ៍ដោយបង្ខំ ជាមួយការតាំងពិព័រណ៍ចល័ត កិច្ចសន្ទនា និងការគាំទ្រផ្លូវចិត្ត",
          "Phka Sla Krom Angkar: a dance-drama on forced marriage, with a mobile exhibition, dialogues and psychological support",
          "Phka Sla Krom Angkar : un théâtre dansé sur le mariage forcé, avec une exposition itinérante, des dialogues et un soutien psychologique"),
         COMPLETED, "480000", (SOPHILINE, KK, BOPHANA, TPO),
         (Pledged("BMZ", "EUR", "250000"), Pledged("EU", "EUR", "170000")),
         descriptions=(
             "របាំល្ខោនដែលសម្តែងនៅតាមខេត្ត អមដោយការតាំងពិព័រណ៍ចល័ត កិច្ចសន្ទនាជាមួយអ្នករស់រានមានជីវិត និងការគាំទ្រផ្លូវចិត្តដោយ TPO ។",
             "A dance-drama performed in the provinces, with a mobile exhibition, dialogues with survivors and psychological support by TPO.",
             "Un théâtre dansé joué dans les provinces, avec une exposition itinérante, des dialogues avec des survivants et un soutien psychologique de TPO.",
         )),
    # The projects below were proposed (published) or are written to complete the
    # thirteen; their endorsement is illustrative.
    Spec("khmer-rouge-history-app", "002/02", C.EDUCATION,
         ("កម្មវិធីទូរស័ព្ទចល័ត «ប្រវត្តិសាស្ត្រខ្មែរក្រហម»", "\u201cKhmer Rouge History\u201d mobile application",
          "Application mobile « Histoire des Khmers rouges »"),
         COMPLETED, "140000", (BOPHANA,), (Pledged("EU", "EUR", "80000"), Pledged("REI", "USD", "45000"))),
    Spec("elderly-health-care", "002/02", C.REHABILITATION,
         ("ការថែទាំសុខភាពសម្រាប់ដើមបណ្តឹងរដ្ឋប្បវេណីវ័យចំណាស់", "Health care for elderly Civil Parties",
          "Soins de santé pour les parties civiles âgées"),
         AT_WORK, "360000", (HELPAGE,), (Pledged("BMZ", "EUR", "240000", paid=0.6),), underfunded=True),
    Spec("vocational-training", "002/02", C.REHABILITATION,
         ("ការបណ្តុះបណ្តាលវិជ្ជាជីវៈសម្រាប់កូនៗដែលកើតពីការរៀបអាពាហ៍ពិពាហ៍ដោយបង្ខំ",
          "Vocational training for the children of forced marriages",
          "Formation professionnelle pour les enfants issus de mariages forcés"),
         AT_WORK, "210000", (KK,), (Pledged("HBS", "EUR", "90000", paid=0.5), Pledged("ifa", "EUR", "60000", paid=0.5))),
    Spec("citizenship-documents", "002/02", C.REHABILITATION,
         ("ជំនួយដល់ដើមបណ្តឹងរដ្ឋប្បវេណីជនជាតិវៀតណាម ដើម្បីទទួលបានឯកសារសញ្ជាតិឡើងវិញ",
          "Help for ethnic Vietnamese Civil Parties to recover their citizenship documents",
          "Aide aux parties civiles d'origine vietnamienne pour recouvrer leurs documents d'identité"),
         AT_WORK, "95000", (), (Pledged("SDC", "CHF", "90000", paid=0.7),)),
    Spec("legal-documentation-centre", "002/02", C.DOCUMENTATION,
         ("មជ្ឈមណ្ឌលឯកសារច្បាប់អំពីនីតិវិធីរបស់តុលាការ", "Legal Documentation Centre on the court's proceedings",
          "Centre de documentation juridique sur les procédures du tribunal"),
         COMPLETED, "200000", (DCCAM,), (Pledged("ifa", "EUR", "70000"), Pledged("EU", "EUR", "105000"))),
    Spec("therapy-forced-marriage", "002/02", C.REHABILITATION,
         ("ការព្យាបាលតាមរយៈការផ្តល់សក្ខីកម្មសម្រាប់អ្នករស់រានមានជីវិតពីការរៀបអាពាហ៍ពិពាហ៍ដោយបង្ខំ",
          "Testimonial therapy for survivors of forced marriage",
          "Thérapie par le témoignage pour les survivants du mariage forcé"),
         AT_WORK, "230000", (TPO,), (Pledged("DFAT", "AUD", "200000", paid=0.75),)),
    Spec("self-help-cham-vietnamese", "002/02", C.REHABILITATION,
         ("ក្រុមជួយខ្លួនឯងសម្រាប់អ្នករស់រានមានជីវិតជនជាតិចាម និងជនជាតិវៀតណាម",
          "Self-help groups for Cham and Vietnamese survivors",
          "Groupes d'entraide pour les survivants cham et vietnamiens"),
         COMPLETED, "120000", (TPO,), (Pledged("BMZ", "EUR", "105000"),)),
    Spec("worksites-exhibition", "002/02", C.EDUCATION,
         ("ការតាំងពិព័រណ៍ចល័តអំពីសហករណ៍ ការដ្ឋាន និងមន្ទីរសន្តិសុខ",
          "Mobile exhibition on the cooperatives, worksites and security centres",
          "Exposition itinérante sur les coopératives, les chantiers et les centres de sécurité"),
         COMPLETED, "250000", (YFP, KK), (Pledged("BMZ", "EUR", "215000"),)),
    Spec("trapeang-thma-memorial", "002/02", C.REMEMBRANCE,
         ("វិមានរំលឹកនៅការដ្ឋានទំនប់ត្រពាំងថ្ម", "Memorial at the Trapeang Thma dam worksite",
          "Mémorial sur le chantier du barrage de Trapeang Thma"),
         AT_WORK, "130000", (YFP,), (Pledged("SDC", "CHF", "80000", paid=0.5),), underfunded=True),
    Spec("cham-book", "002/02", C.DOCUMENTATION,
         ("សៀវភៅអំពីឧក្រិដ្ឋកម្មប្រឆាំងនឹងជនជាតិចាម", "Book on the crimes against the Cham",
          "Livre sur les crimes commis contre les Cham"),
         COMPLETED, "45000", (DCCAM,), (Pledged("USAID", "USD", "45000"),)),
    Spec("civil-party-stories", "002/02", C.DOCUMENTATION,
         ("រឿងរ៉ាវរបស់ដើមបណ្តឹងរដ្ឋប្បវេណី៖ បណ្ណសារអនឡាញនៃសក្ខីកម្មរបស់ពួកគេ",
          "Civil Parties' stories: an online archive of their testimonies",
          "Récits des parties civiles : archive en ligne de leurs témoignages"),
         COMPLETED, "70000", (BOPHANA,), (Pledged("ICSC", "USD", "70000"),)),
    Spec("judgment-in-the-villages", "002/02", C.EDUCATION,
         ("ការពន្យល់សាលក្រមនៅតាមភូមិ៖ វេទិកាជាមួយដើមបណ្តឹងរដ្ឋប្បវេណី",
          "Explaining the judgment in the villages: forums with Civil Parties",
          "Expliquer le jugement dans les villages : forums avec les parties civiles"),
         COMPLETED, "90000", (KK,), (Pledged("EU", "EUR", "80000"),)),
)  # fmt: skip

BESIDE_THE_JUDGMENTS = (
    # Agreement signed on 10 July 2014, inaugurated on 26 March 2015 (published).
    Spec("tuol-sleng-memorial", "002/01", C.REMEMBRANCE,
         ("វិមានរំលឹកនៅសារមន្ទីរឧក្រិដ្ឋកម្មប្រល័យពូជសាសន៍ទួលស្លែង", "Memorial at the Tuol Sleng Genocide Museum",
          "Mémorial au musée du génocide de Tuol Sleng"),
         NON_JUDICIAL, "110000", (), (Pledged("BMZ", "EUR", "82000"),)),
    Spec("kraing-ta-chan-centre", "002/01", C.EDUCATION,
         ("មជ្ឈមណ្ឌលសិក្សាសន្តិភាពនៅក្រាំងតាចាន់", "Peace learning centre at Kraing Ta Chan",
          "Centre d'apprentissage de la paix de Kraing Ta Chan"),
         NON_JUDICIAL, "80000", (YFP,), (Pledged("BMZ", "EUR", "60000"),)),
)  # fmt: skip

# Illustrative: one project at each step before the claim, the last awaiting the Chief.
PIPELINE = (
    Spec("stupa-kampong-cham", "002/02", C.REMEMBRANCE,
         ("ចេតិយសម្រាប់អ្នកស្លាប់នៅការដ្ឋាននានាក្នុងខេត្តកំពង់ចាម",
          "Stupa for the dead of the Kampong Cham worksites",
          "Stupa pour les morts des chantiers de Kampong Cham"),
         IDEA),
    Spec("radio-series", "002/02", C.DOCUMENTATION,
         ("កម្មវិធីវិទ្យុជាវគ្គអំពីសក្ខីកម្មរបស់ដើមបណ្តឹងរដ្ឋប្បវេណី",
          "Radio series on the Civil Parties' testimonies",
          "Série radiophonique sur les témoignages des parties civiles"),
         DESIGNED, "60000", (BOPHANA,)),
    Spec("home-visits-elderly", "002/02", C.REHABILITATION,
         ("ការចុះសួរសុខទុក្ខតាមផ្ទះសម្រាប់ដើមបណ្តឹងរដ្ឋប្បវេណីវ័យចំណាស់ដែលមិនអាចចេញពីផ្ទះបាន",
          "Home visits for housebound elderly Civil Parties",
          "Visites à domicile pour les parties civiles âgées qui ne peuvent plus sortir"),
         FUNDRAISING, "75000", (HELPAGE,), (Pledged("HBS", "EUR", "30000", paid=0.0),)),
    Spec("school-visits", "002/02", C.EDUCATION,
         ("ការទស្សនកិច្ចរបស់សិស្សានុសិស្សទៅកាន់ទីតាំងឧក្រិដ្ឋកម្ម", "School visits to the sites of the crimes",
          "Visites scolaires sur les lieux des crimes"),
         AWAITING_APPROVAL, "50000", (YFP,), (Pledged("BMZ", "EUR", "45000", paid=0.0),)),
)  # fmt: skip

PROGRAMME = (*CASE_002_01, *CASE_002_02, *BESIDE_THE_JUDGMENTS, *PIPELINE)

# --- texts in Khmer ----------------------------------------------------------------------
UNDERFUNDED_REASON = "ថវិកាមួយផ្នែកត្រូវបានធានារួចហើយ ហើយម្ចាស់ជំនួយបានសន្យាផ្តល់ថវិកាដែលនៅសល់មុនពេលប្រកាសសាលក្រម។"
REJECTION = "អង្គជំនុំជម្រះមិនបានទទួលស្គាល់គម្រោងនេះ ដោយសារគ្មានការធានាគ្រប់គ្រាន់ថាគម្រោងនឹងត្រូវបានអនុវត្ត។"
OUTSIDE_THE_CLAIM = "អនុវត្តជាវិធានការក្រៅប្រព័ន្ធតុលាការ ជាមួយដៃគូ ដោយមិនដាក់ក្នុងការទាមទារ។"
CLAIM_NOTE = "សហមេធាវីនាំមុខស្នើសុំគម្រោងនេះក្នុងការទាមទារសំណងជួសជុលសមូហភាព និងសំណងជួសជុលផ្លូវចិត្ត។"
BUDGET_LINES = (
    ("ប្រាក់បៀវត្សរ៍បុគ្គលិកគម្រោង", 45),
    ("ការធ្វើដំណើរ និងការដឹកជញ្ជូនដើមបណ្តឹងរដ្ឋប្បវេណីពីខេត្ត", 20),
    ("សម្ភារៈ ការបោះពុម្ព និងការផលិត", 25),
    ("ការតាមដាន និងការវាយតម្លៃ", 10),
)
MILESTONES = (
    "ការប្រជុំចាប់ផ្តើមគម្រោងជាមួយដៃគូ និងតំណាងដើមបណ្តឹងរដ្ឋប្បវេណី",
    "សកម្មភាពដំបូងនៅក្នុងខេត្ត",
    "របាយការណ៍ពាក់កណ្តាលអាណត្តិ",
    "សកម្មភាពចុងក្រោយ និងពិធីបិទគម្រោង",
    "របាយការណ៍ហិរញ្ញវត្ថុចុងក្រោយ",
)
DONE_NOTE = "បានសម្រេចតាមផែនការ។"
REPORTS = (
    "សកម្មភាពបានប្រព្រឹត្តទៅតាមផែនការ ដើមបណ្តឹងរដ្ឋប្បវេណី និងក្រុមគ្រួសាររបស់ពួកគេបានចូលរួមយ៉ាងសកម្ម។",
    "ក្រុមការងារបានចុះទៅកាន់ភូមិនានា ហើយបានរៀបចំកិច្ចសន្ទនារវាងអ្នករស់រានមានជីវិត និងយុវជន។",
    "ការចូលរួមមានចំនួនច្រើនជាងការរំពឹងទុក ជាពិសេសស្ត្រីវ័យចំណាស់។",
    "រដូវវស្សាបានធ្វើឱ្យការធ្វើដំណើរទៅកាន់ភូមិខ្លះយឺតយ៉ាវ សកម្មភាពទាំងនោះត្រូវបានរៀបចំឡើងវិញ។",
)
EVALUATOR = "នាយកដ្ឋានចិត្តវិទ្យា សាកលវិទ្យាល័យភូមិន្ទភ្នំពេញ"
EVALUATION = (
    "អ្នកចូលរួមភាគច្រើននិយាយថា ពួកគេមានអារម្មណ៍ធូរស្រាលបន្ទាប់ពីពិធីសាធារណៈ។ "
    "ការវាយតម្លៃផ្តល់អនុសាសន៍ឱ្យបន្តក្រុមជួយខ្លួនឯង បន្ទាប់ពីវគ្គព្យាបាលបានបញ្ចប់។"
)
# Where the projects' reports counted the people they reached (province codes).
PROVINCES = ("12", "03", "21", "02", "05", "07", "15", "17", "08", "14")

# The VIFs' wishes (vss.applications.demo): their category, the theme and tag staff gave
# them, and the projects that answer them. A stupa in the village and a ceremony for the
# dead are asked for and answered by none: the memorials in the provinces were not
# recognised.
WISH_CATEGORIES = (C.REMEMBRANCE, C.REMEMBRANCE, C.REHABILITATION, C.EDUCATION, C.REMEMBRANCE,
                   C.REMEMBRANCE)  # fmt: skip
WISH_THEMES = (
    "ចេតិយនៅក្នុងភូមិ",
    "ការផ្សព្វផ្សាយឈ្មោះ និងសាលក្រម",
    "ការថែទាំសុខភាព និងការព្យាបាល",
    "ការអប់រំជំនាន់ក្រោយ",
    "ពិធីបុណ្យឧទ្ទិសកុសល",
    "ទិវាជាតិនៃការចងចាំ",
)
WISH_TAGS = ("ចេតិយ", "ការផ្សព្វផ្សាយ", "សុខភាព", "ការអប់រំ", "ពិធីសាសនា", "ការចងចាំ")
WISH_ANSWERS = {
    1: ("names-online", "judgment-summary"),
    2: ("testimonial-therapy", "elderly-health-care"),
    3: ("teachers-guidebooks",),
    5: ("remembrance-day",),
}


@dataclass(frozen=True)
class Voiced:
    case: str
    source: str
    occasion: str
    day: datetime.date
    province: str
    category: str
    text: str
    answered_by: tuple[str, ...] = ()
    organisation: str = ""


# Wishes voiced at forums (dates and places published; the words illustrative) and one
# organisation's proposal.
FORUM_PROPOSALS = (
    Voiced("002/01", Source.FORUM, "វេទិកាថ្នាក់តំបន់ ខេត្តកំពង់ចាម", datetime.date(2013, 6, 14), "03",
           C.EDUCATION, "ចង់ឱ្យមានការតាំងពិព័រណ៍អំពីការជម្លៀសចេញពីភ្នំពេញ នៅក្នុងខេត្តរបស់យើង ដើម្បីឱ្យកូនចៅបានដឹង។",
           ("mobile-exhibition",)),
    Voiced("002/01", Source.FORUM, "វេទិកាថ្នាក់តំបន់ ខេត្តកំពង់ចាម", datetime.date(2013, 6, 14), "03",
           C.REMEMBRANCE, "ស្នើឱ្យសង់វិមានរំលឹកនៅក្បែរទួលពោធិ៍ជ្រៃ សម្រាប់អ្នកដែលត្រូវគេសម្លាប់នៅទីនោះ។"),
    Voiced("002/01", Source.FORUM, "វេទិកាថ្នាក់តំបន់ ខេត្តកំពង់ចាម", datetime.date(2013, 6, 14), "03",
           C.REHABILITATION, "ត្រូវការអ្នកប្រឹក្សាយោបល់ដែលចុះមកដល់ភូមិ ព្រោះយើងចាស់ហើយ ធ្វើដំណើរឆ្ងាយមិនរួច។",
           ("self-help-groups",)),
    Voiced("002/02", Source.FORUM, "វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី រាជធានីភ្នំពេញ", datetime.date(2016, 6, 24), "12",
           C.REHABILITATION, "សូមឱ្យមានកម្មវិធីសម្រាប់ស្ត្រីដែលត្រូវគេបង្ខំឱ្យរៀបការ ដើម្បីឱ្យពួកគាត់អាចនិយាយពីរឿងរបស់ខ្លួន។",
           ("phka-sla-krom-angkar", "therapy-forced-marriage")),
    Voiced("002/02", Source.FORUM, "វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី រាជធានីភ្នំពេញ", datetime.date(2016, 6, 24), "12",
           C.DOCUMENTATION, "ចង់ឱ្យសក្ខីកម្មរបស់យើងត្រូវបានរក្សាទុក ដើម្បីកុំឱ្យបាត់បង់បន្ទាប់ពីយើងស្លាប់។",
           ("civil-party-stories",)),
    Voiced("002/02", Source.FORUM, "វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី", datetime.date(2017, 2, 9), "05",
           C.REMEMBRANCE, "សង់ចេតិយនៅការដ្ឋានទំនប់ ដែលមនុស្សជាច្រើនបានស្លាប់ដោយសារការងារធ្ងន់។",
           ("trapeang-thma-memorial",)),
    Voiced("002/02", Source.FORUM, "វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី", datetime.date(2017, 2, 9), "03",
           C.REMEMBRANCE, "ចេតិយមួយនៅខេត្តកំពង់ចាម សម្រាប់អ្នកស្លាប់នៅការដ្ឋាន ដែលគ្មាននរណាដឹងឈ្មោះ។",
           ("stupa-kampong-cham",)),
    Voiced("002/02", Source.ORGANISATION, "", datetime.date(2016, 3, 1), "",
           C.EDUCATION, "កិច្ចសន្ទនារវាងជំនាន់ អំពីការងារនៅសហករណ៍ និងការដ្ឋាន ជាមួយការតាំងពិព័រណ៍ចល័ត។",
           ("worksites-exhibition",), organisation=KK),
)  # fmt: skip

PROJECT_COLUMNS = (
    "id", "version", "reference", "title_km", "title_en", "title_fr", "description_km",
    "description_en", "description_fr", "category", "status", "track", "officer_id",
    "budget_usd", "secured_usd", "received_usd", "created_at", "created_by_id",
)  # fmt: skip
PROJECT_CASE_COLUMNS = ("id", "project_id", "case_id")
PARTNER_COLUMNS = (
    "id", "project_id", "organisation_id", "is_lead", "contact_name", "contact_email",
    "contact_phone", "added_by_id", "added_at", "ended_at", "ended_by_id", "end_reason",
)  # fmt: skip
CHANGE_COLUMNS = (
    "id", "project_id", "from_status", "to_status", "happened_on", "reason",
    "underfunded_reason", "chamber", "document_number", "decided_by_id", "decided_at",
)  # fmt: skip
BUDGET_COLUMNS = (
    "id", "project_id", "description", "amount_usd", "recorded_by_id", "recorded_at",
    "archived_at", "archived_by_id", "archive_reason",
)  # fmt: skip
CLAIM_COLUMNS = (
    "id", "project_id", "case_id", "lawyer_id", "note", "marked_by_id", "marked_at",
    "withdrawn_at", "withdrawn_by_id", "withdrawal_reason",
)  # fmt: skip
PLEDGE_COLUMNS = (
    "id", "version", "project_id", "donor_id", "currency", "amount", "pledged_on", "usd_rate",
    "amount_usd", "reference", "recorded_by_id", "recorded_at", "cancelled_at",
    "cancelled_by_id", "cancel_reason",
)  # fmt: skip
PAYMENT_COLUMNS = (
    "id", "pledge_id", "amount", "received_on", "usd_rate", "amount_usd", "rate_source",
    "recorded_by_id", "recorded_at",
)  # fmt: skip
MILESTONE_COLUMNS = (
    "id", "project_id", "title", "due_on", "done_on", "done_note", "recorded_by_id",
    "recorded_at", "archived_at", "archived_by_id", "archive_reason",
)  # fmt: skip
REPORT_COLUMNS = (
    "id", "project_id", "period_start", "period_end", "text", "language", "submitted_by_id",
    "submitted_at",
)  # fmt: skip
COUNT_COLUMNS = ("id", "report_id", "province_id", "sex", "count")
PARTICIPATION_COLUMNS = (
    "id", "project_id", "application_id", "took_part_on", "recorded_by_id", "recorded_at",
    "archived_at", "archived_by_id", "archive_reason",
)  # fmt: skip
EVALUATION_COLUMNS = (
    "id", "project_id", "evaluated_on", "evaluator", "summary", "language", "recorded_by_id",
    "recorded_at",
)  # fmt: skip
TAG_COLUMNS = ("id", "name", "created_by_id", "created_at")
THEME_COLUMNS = ("id", "name", "case_id", "category", "created_by_id", "created_at")
PROPOSAL_COLUMNS = (
    "id", "version", "case_id", "source", "application_id", "group_id", "organisation_id",
    "occasion", "voiced_on", "text", "language", "category", "province_id", "theme_id",
    "recorded_by_id", "recorded_at", "archived_at", "archived_by_id", "archive_reason",
)  # fmt: skip
PROPOSAL_TAG_COLUMNS = ("id", "proposal_id", "proposaltag_id")
ANSWER_COLUMNS = ("id", "proposal_id", "project_id")


def ensure_organisations(
    known: dict[str, Organisation], wanted: tuple[Org, ...], kind: str
) -> dict[str, Organisation]:
    """The organisations by acronym: those the accounts' step knows, else one already in
    the database under the acronym or the name, else a new one of `kind`."""
    found: dict[str, Organisation] = {}
    for ref in wanted:
        organisation = (
            known.get(ref.acronym)
            or Organisation.objects.filter(acronym=ref.acronym).order_by("id").first()
            or Organisation.objects.filter(name=ref.name).first()
        )
        if organisation is None:
            organisation = Organisation.objects.create(
                name=ref.name, name_km=ref.name_km, acronym=ref.acronym, kind=kind
            )
        found[ref.acronym] = organisation
    return found


Move = tuple[str, str, int, int, dict[str, str]]


def one_after_another(moves: list[Move]) -> list[Move]:
    """The moves with each on a day after the one before: drawn around the calendar's
    dates, a move could otherwise come before the move it follows."""
    ordered: list[Move] = []
    for from_status, to_status, day, by, extra in moves:
        if ordered:
            day = max(day, ordered[-1][2] + 1)
        ordered.append((from_status, to_status, day, by, extra))
    return ordered


@dataclass
class Money:
    budget: Decimal = Decimal(0)
    secured: Decimal = Decimal(0)
    received: Decimal = Decimal(0)


class ReparationsDemo(DemoStep):
    label = "reparation projects and proposals"

    def prepare(self) -> None:
        run = self.run
        accounts = run.step(AccountsDemo)
        users = accounts.users
        self.officer = users["reparations"].pk
        self.chief = users["chief"].pk
        self.partner_user = users["partner"].pk
        self.lead_user = users["leadlawyer"].pk
        self.cases = {
            c.number: c.pk for c in Case.objects.filter(number__in=("002", "002/01", "002/02"))
        }
        # The programme is the court's, written once: a second run into the database adds
        # applicants, not a second programme (their wishes wait to be brought in).
        self.written_before = m.Project.objects.filter(
            reference=f"REP-{PROGRAMME[0].case}-001"
        ).exists()
        known = accounts.organisations
        self.organisations = {
            **{a: known[a].pk for a in KNOWN if a in known},
            **{a: o.pk for a, o in ensure_organisations(known, PARTNERS, OrganisationKind.PARTNER).items()},
            **{a: o.pk for a, o in ensure_organisations(known, DONORS, OrganisationKind.DONOR).items()},
        }  # fmt: skip
        self.known_provinces = set(Province.objects.values_list("code", flat=True))
        self.provinces = [code for code in PROVINCES if code in self.known_provinces]
        w = run.writer
        self.t_project = w.table(m.Project, PROJECT_COLUMNS)
        self.t_project_case = w.table(m.Project.cases.through, PROJECT_CASE_COLUMNS)
        self.t_partner = w.table(m.ProjectPartner, PARTNER_COLUMNS)
        self.t_change = w.table(m.ProjectStatusChange, CHANGE_COLUMNS)
        self.t_budget = w.table(m.BudgetLine, BUDGET_COLUMNS)
        self.t_claim = w.table(m.ClaimRequest, CLAIM_COLUMNS)
        self.t_pledge = w.table(m.Pledge, PLEDGE_COLUMNS)
        self.t_payment = w.table(m.Payment, PAYMENT_COLUMNS)
        self.t_milestone = w.table(m.Milestone, MILESTONE_COLUMNS)
        self.t_report = w.table(m.ProgressReport, REPORT_COLUMNS)
        self.t_count = w.table(m.BeneficiaryCount, COUNT_COLUMNS)
        self.t_participation = w.table(m.Participation, PARTICIPATION_COLUMNS)
        self.t_evaluation = w.table(m.Evaluation, EVALUATION_COLUMNS)
        self.t_tag = w.table(m.ProposalTag, TAG_COLUMNS)
        self.t_theme = w.table(m.ProposalTheme, THEME_COLUMNS)
        self.t_proposal = w.table(m.Proposal, PROPOSAL_COLUMNS)
        self.t_proposal_tag = w.table(m.Proposal.tags.through, PROPOSAL_TAG_COLUMNS)
        self.t_answer = w.table(m.Proposal.answered_by.through, ANSWER_COLUMNS)
        self.projects: dict[str, int] = {}  # project ids by the key of their spec

    def write(self) -> None:
        if "002/01" not in self.cases or "002/02" not in self.cases or self.written_before:
            return
        run = self.run
        self.rng = run.rng
        self.day = run.day
        self.today = run.today_ord
        applications = run.step(ApplicationsDemo)
        case_002 = self.cases.get("002")
        self.civil_parties = [
            app for app, case in zip(applications.cp_app, applications.cp_case, strict=True)
            if case == case_002
        ]  # fmt: skip
        # The lawyers' step has handed its rows over: the national Lead Co-Lawyer's entry.
        run.writer.finish()
        self.lead_lawyer = (
            Lawyer.objects.filter(user_id=self.lead_user).values_list("id", flat=True).first()
        )
        serials: dict[str, int] = {}
        for spec in PROGRAMME:
            serials[spec.case] = serials.get(spec.case, 0) + 1
            self.project(spec, f"REP-{spec.case}-{serials[spec.case]:03d}")
        self.consultation()
        # The VIFs' wishes are read from the forms in the database, after the fixed rows.
        run.writer.flush()
        run.writer.finish()
        self.bring_in_wishes()

    # --- projects ---------------------------------------------------------------------

    def project(self, spec: Spec, reference: str) -> None:
        calendar = CALENDARS[spec.case]
        steps = one_after_another(self.path(spec, calendar))
        status = steps[-1][1] if steps else S.IDEA
        track = "non_judicial" if spec.end == NON_JUDICIAL else "judicial"
        project_id = self.t_project.new_id()
        case_id = self.cases[spec.case]
        created = steps[0][2] - 60 if steps else self.today - 40
        self.projects[spec.key] = project_id
        money = self.funding(project_id, spec, created, status)
        km, en, fr = spec.titles
        dkm, den, dfr = spec.descriptions
        self.t_project.rows.append(
            (project_id, len(steps), reference, km, en, fr, dkm, den, dfr, spec.category, status,
             track, self.officer, money.budget, money.secured, money.received,
             self.run.at(created), self.officer)
        )  # fmt: skip
        self.t_project_case.rows.append((self.t_project_case.new_id(), project_id, case_id))
        for k, acronym in enumerate(spec.partners):
            if acronym in self.organisations:
                self.t_partner.rows.append(
                    (self.t_partner.new_id(), project_id, self.organisations[acronym], k == 0,
                     "", "", "", self.officer, self.run.at(created), None, None, "")
                )  # fmt: skip
        for from_status, to_status, day, by, extra in steps:
            self.t_change.rows.append(
                (self.t_change.new_id(), project_id, from_status, to_status, self.day(day),
                 extra.get("reason", ""), extra.get("underfunded_reason", ""),
                 extra.get("chamber", ""), extra.get("document_number", ""), by,
                 self.run.at(day))
            )  # fmt: skip
            if to_status == S.REQUESTED:
                self.claim(project_id, case_id, day - self.rng.ri(10, 40))
            elif spec.end == AWAITING_APPROVAL and to_status == S.FUNDED:
                # Requested by the Lead Co-Lawyers since: the Chief's queue has it.
                self.claim(project_id, case_id, min(day + self.rng.ri(5, 20), self.today))
        if status in (S.IN_IMPLEMENTATION, S.COMPLETED, S.EVALUATED):
            self.implementation(project_id, spec, calendar, steps, status)

    def path(self, spec: Spec, cal: Calendar) -> list[Move]:
        """The moves of the project's lifecycle, as the workflow table allows them:
        (from, to, day, by, what the move records)."""
        o = self.officer
        jitter = self.rng.ri
        day = {name: getattr(cal, name).toordinal() for name in (
            "idea", "designed", "fundraising", "funded", "requested", "judgment", "agreement",
            "started", "completed", "evaluated")}  # fmt: skip
        moves: list[Move] = []
        if spec.end in (IDEA, DESIGNED, FUNDRAISING, AWAITING_APPROVAL):
            # The pipeline: the steps taken in the last months.
            ends = {IDEA: 0, DESIGNED: 1, FUNDRAISING: 2, AWAITING_APPROVAL: 3}[spec.end]
            start = self.today - 200
            chain = (S.IDEA, S.DESIGNED, S.FUNDRAISING, S.FUNDED)
            for k in range(ends):
                moves.append((chain[k], chain[k + 1], start + 50 * (k + 1) + jitter(0, 20), o, {}))
            return moves
        if spec.end == NON_JUDICIAL:
            agreement = datetime.date(2014, 7, 10).toordinal()  # Tuol Sleng's MoU
            done = datetime.date(2015, 3, 26).toordinal()  # and its inauguration
            moves += [
                (S.IDEA, S.NON_JUDICIAL, agreement - 120, o, {"reason": OUTSIDE_THE_CLAIM}),
                (S.NON_JUDICIAL, S.AGREEMENT_SIGNED, agreement + jitter(0, 40), o, {}),
                (S.AGREEMENT_SIGNED, S.IN_IMPLEMENTATION, agreement + 45 + jitter(0, 20), o, {}),
                (S.IN_IMPLEMENTATION, S.COMPLETED, done + jitter(0, 60), o, {}),
            ]
            return moves
        moves += [
            (S.IDEA, S.DESIGNED, day["designed"] + jitter(0, 30), o, {}),
            (S.DESIGNED, S.FUNDRAISING, day["fundraising"] + jitter(0, 30), o, {}),
        ]
        if spec.underfunded:
            moves.append((S.FUNDRAISING, S.REQUESTED, day["requested"], self.chief,
                          {"underfunded_reason": UNDERFUNDED_REASON}))  # fmt: skip
        else:
            moves += [
                (S.FUNDRAISING, S.FUNDED, day["funded"] + jitter(0, 20), o, {}),
                (S.FUNDED, S.REQUESTED, day["requested"], self.chief, {}),
            ]
        judgment = {"chamber": m.Chamber.TRIAL.value, "document_number": cal.document}
        if spec.end == REJECTED:
            moves.append((S.REQUESTED, S.REJECTED, day["judgment"], o,
                          {**judgment, "reason": REJECTION}))  # fmt: skip
            return moves
        moves += [
            (S.REQUESTED, S.ENDORSED, day["judgment"], o, judgment),
            (S.ENDORSED, S.AGREEMENT_SIGNED, day["agreement"] + jitter(0, 40), o, {}),
            (S.AGREEMENT_SIGNED, S.IN_IMPLEMENTATION, day["started"] + jitter(0, 40), o, {}),
        ]
        if spec.end in (COMPLETED, EVALUATED):
            moves.append(
                (S.IN_IMPLEMENTATION, S.COMPLETED, day["completed"] + jitter(-90, 90), o, {})
            )
        if spec.end == EVALUATED:
            moves.append((S.COMPLETED, S.EVALUATED, day["evaluated"], o, {}))
        return moves

    def claim(self, project_id: int, case_id: int, marked: int) -> None:
        if self.lead_lawyer is None:
            return
        self.t_claim.rows.append(
            (self.t_claim.new_id(), project_id, case_id, self.lead_lawyer, CLAIM_NOTE,
             self.lead_user, self.run.at(marked), None, None, "")
        )  # fmt: skip

    # --- money ------------------------------------------------------------------------

    def funding(self, project_id: int, spec: Spec, created: int, status: str) -> Money:
        money = Money()
        budget = Decimal(spec.budget)
        if budget:
            lines = [(text, (budget * share / 100).quantize(CENT)) for text, share in BUDGET_LINES]
            # The last line takes what the shares' rounding left.
            lines[-1] = (lines[-1][0], budget - sum(a for _, a in lines[:-1]))
            for text, amount in lines:
                self.t_budget.rows.append(
                    (self.t_budget.new_id(), project_id, text, amount, self.officer,
                     self.run.at(created + 20), None, None, "")
                )  # fmt: skip
            money.budget = budget
        for k, pledged in enumerate(spec.pledges):
            if pledged.donor not in self.organisations:
                continue
            on = created + 60 + 30 * k + self.rng.ri(0, 30)
            year = datetime.date.fromordinal(on).year
            rate = usd_rate(pledged.currency, year)
            amount = Decimal(pledged.amount)
            pledge_id = self.t_pledge.new_id()
            self.t_pledge.rows.append(
                (pledge_id, 0, project_id, self.organisations[pledged.donor], pledged.currency,
                 amount, self.day(on), rate, in_usd(amount, rate),
                 f"{pledged.donor}-{year}-{project_id:03d}", self.officer, self.run.at(on),
                 None, None, "")
            )  # fmt: skip
            paid = Decimal(0)
            share = pledged.paid if status not in (S.COMPLETED, S.EVALUATED) else 1.0
            if share:
                # Two instalments: the first on signing, the rest a year later.
                first = (amount * Decimal(str(share)) / 2).quantize(CENT)
                for instalment, day in (
                    (first, on + 45),
                    ((amount * Decimal(str(share))).quantize(CENT) - first, on + 410),
                ):
                    if instalment <= 0 or day > self.today:
                        continue
                    paid_rate = usd_rate(pledged.currency, datetime.date.fromordinal(day).year)
                    paid_usd = in_usd(instalment, paid_rate)
                    self.t_payment.rows.append(
                        (self.t_payment.new_id(), pledge_id, instalment, self.day(day), paid_rate,
                         paid_usd, self.rng.pick(RATE_SOURCES), self.officer, self.run.at(day))
                    )  # fmt: skip
                    paid += instalment
                    money.received += paid_usd
            money.secured += in_usd(unpaid(amount, paid), rate)
        money.secured += money.received
        return money

    # --- at work ----------------------------------------------------------------------

    def implementation(
        self,
        project_id: int,
        spec: Spec,
        cal: Calendar,
        steps: list[Move],
        status: str,
    ) -> None:
        rng = self.rng
        started = next(day for _, to, day, _, _ in steps if to == S.IN_IMPLEMENTATION)
        completed = next((day for _, to, day, _, _ in steps if to == S.COMPLETED), None)
        # A project still at work has milestones due around today, a few overdue.
        end = completed or self.today + rng.ri(120, 300)
        span = max(60, end - started)
        reporter = self.partner_user if spec.partners[:1] == (TPO,) else self.officer
        for k, title in enumerate(MILESTONES):
            due = started + span * (k + 1) // len(MILESTONES)
            if completed is None and k == 2:
                due = self.today - rng.ri(3, 25)  # overdue: the officer's queue shows it
            done = None
            if completed is not None or due < self.today - 30:
                done = min(due + rng.ri(-10, 15), completed or self.today)
            self.t_milestone.rows.append(
                (self.t_milestone.new_id(), project_id, title, self.day(due),
                 self.day(done) if done else None, DONE_NOTE if done else "", self.officer,
                 self.run.at(started), None, None, "")
            )  # fmt: skip
        # Reports every six months up to the end of the work (or today).
        last = min(completed or self.today, self.today)
        period = started
        while period + 150 <= last:
            period_end = min(period + 181, last)
            report_id = self.t_report.new_id()
            self.t_report.rows.append(
                (report_id, project_id, self.day(period), self.day(period_end), rng.pick(REPORTS),
                 "km", reporter, self.run.at(min(period_end + rng.ri(5, 20), self.today)))
            )  # fmt: skip
            for province in rng.sample(self.provinces, min(len(self.provinces), rng.ri(2, 4))):
                for sex, low, high in (("female", 20, 180), ("male", 10, 120), ("unknown", 0, 6)):
                    count = rng.ri(low, high)
                    if count:
                        self.t_count.rows.append(
                            (self.t_count.new_id(), report_id, province, sex, count)
                        )
            period = period_end + 1
        if TPO in spec.partners and self.civil_parties:
            for application in rng.sample(
                self.civil_parties, min(len(self.civil_parties), rng.ri(8, 20))
            ):
                took_part = started + rng.ri(10, max(11, last - started))
                self.t_participation.rows.append(
                    (self.t_participation.new_id(), project_id, application,
                     self.day(took_part), self.officer, self.run.at(took_part), None, None, "")
                )  # fmt: skip
        if status == S.EVALUATED:
            evaluated = cal.evaluated.toordinal() - 20
            self.t_evaluation.rows.append(
                (self.t_evaluation.new_id(), project_id, self.day(evaluated), EVALUATOR,
                 EVALUATION, "km", self.officer, self.run.at(evaluated))
            )  # fmt: skip

    # --- consultation -----------------------------------------------------------------

    def consultation(self) -> None:
        """The forum proposals, and the themes and tags the VIFs' wishes are sorted by."""
        recorded = datetime.date(2013, 5, 2).toordinal()
        self.tags = []
        for name in WISH_TAGS:
            tag = self.t_tag.new_id()
            self.t_tag.rows.append((tag, name, self.officer, self.run.at(recorded)))
            self.tags.append(tag)
        self.themes: list[int | None] = []
        case_002 = self.cases.get("002")
        for name, category in zip(WISH_THEMES, WISH_CATEGORIES, strict=True):
            if case_002 is None:
                self.themes.append(None)
                continue
            theme = self.t_theme.new_id()
            self.t_theme.rows.append(
                (theme, name, case_002, category, self.officer, self.run.at(recorded))
            )
            self.themes.append(theme)
        for voiced in FORUM_PROPOSALS:
            proposal = self.t_proposal.new_id()
            day = voiced.day.toordinal()
            self.t_proposal.rows.append(
                (proposal, 0, self.cases[voiced.case], voiced.source, None, None,
                 self.organisations.get(voiced.organisation), voiced.occasion, self.day(day),
                 voiced.text, "km", voiced.category,
                 voiced.province if voiced.province in self.known_provinces else None, None,
                 self.officer, self.run.at(day + self.rng.ri(3, 20)), None, None, "")
            )  # fmt: skip
            for key in voiced.answered_by:
                self.t_answer.rows.append((self.t_answer.new_id(), proposal, self.projects[key]))

    def bring_in_wishes(self) -> None:
        """Every wish the consultation would bring in (`wishes_to_bring_in`: a Civil
        Party application's VIF that states one) becomes a proposal of the application's
        case, in one statement per case; those of Case 002 are sorted (category, theme,
        tag) and linked to the projects that answer them, each link one statement too."""
        case_002 = self.cases.get("002")
        if case_002 is None:
            return
        q = self.run.writer.connection.ops.quote_name
        proposal, application, form = (
            q(m.Proposal._meta.db_table),
            q(Application._meta.db_table),
            q(VictimInformationForm._meta.db_table),
        )
        wishes = list(REPARATION_WISHES)
        by_wish = " ".join(["WHEN %s THEN %s"] * len(wishes))
        sorting: list[Any] = [case_002]
        for wish, category in zip(wishes, WISH_CATEGORIES, strict=True):
            sorting += [wish, category]
        sorting.append(case_002)
        for wish, theme in zip(wishes, self.themes, strict=True):
            sorting += [wish, theme]
        started = time.monotonic()
        brought_in = self.run.moment(datetime.date(2013, 5, 6).toordinal() * 1440 + 9 * 60)
        first = next_id = self.t_proposal.new_id()
        with self.run.writer.connection.cursor() as cursor:
            for case in Case.objects.filter(is_demo=False).order_by("number"):
                chosen, chosen_params = (
                    wishes_to_bring_in(case).values("pk").query.sql_with_params()
                )
                # The generator writes its wishes in Khmer.
                cursor.execute(
                    f"INSERT INTO {proposal} ({', '.join(q(c) for c in PROPOSAL_COLUMNS)}) "
                    "SELECT %s + ROW_NUMBER() OVER (ORDER BY a.id) - 1, 0, a.case_id, %s, a.id, "
                    "NULL, NULL, '', f.received_on, f.reparation_wishes, 'km', "
                    f"CASE WHEN a.case_id = %s THEN CASE f.reparation_wishes {by_wish} "
                    "ELSE '' END ELSE '' END, NULLIF(a.province_code, ''), "
                    f"CASE WHEN a.case_id = %s THEN CASE f.reparation_wishes {by_wish} END END, "
                    "%s, %s, NULL, NULL, '' "
                    f"FROM {application} a JOIN {form} f ON f.id = a.form_id "
                    f"WHERE a.id IN ({chosen})",
                    [next_id, Source.VIF, *sorting, self.officer, brought_in, *chosen_params],
                )
                next_id += max(cursor.rowcount, 0)
            self._written(self.t_proposal, first, next_id - first)
            tags = list(zip(wishes, self.tags, strict=True))
            answers = [
                (wishes[k], self.projects[key]) for k, keys in WISH_ANSWERS.items() for key in keys
            ]
            self._link(cursor, self.t_proposal_tag, "proposaltag_id", tags, first, case_002)
            self._link(cursor, self.t_answer, "project_id", answers, first, case_002)
        # The links above were written past the services: the flag the tally counts is set
        # from them (the forum proposals' links included), in one statement each way.
        answered_flags_refresh(m.Proposal.objects.all())
        # Written past the services too: the tally the overview reads is counted afresh.
        for case_id in m.Proposal.objects.values_list("case_id", flat=True).distinct().order_by():
            proposal_tally_refresh_case(case_id)
        self.run.progress(
            f"  {self.label}: {next_id - first:,} wishes brought in from the VIFs "
            f"(in {time.monotonic() - started:.1f} s)"
        )

    def _link(
        self,
        cursor: CursorWrapper,
        table: Table,
        column: str,
        pairs: list[tuple[str, int]],
        first: int,
        case_id: int,
    ) -> None:
        """Link the wishes of Case 002 to what each pair names for their words (a tag, a
        project), in one statement."""
        q = self.run.writer.connection.ops.quote_name
        start = table.new_id()
        cursor.execute(
            f"INSERT INTO {q(table.name)} (id, proposal_id, {q(column)}) "
            "SELECT %s + ROW_NUMBER() OVER (ORDER BY p.id, v.column2) - 1, p.id, v.column2 "
            f"FROM {q(m.Proposal._meta.db_table)} p "
            f"JOIN (VALUES {', '.join(['(%s, %s)'] * len(pairs))}) v ON v.column1 = p.text "
            "WHERE p.id >= %s AND p.case_id = %s AND p.source = %s",
            [start, *(value for pair in pairs for value in pair), first, case_id, Source.VIF],
        )
        self._written(table, start, cursor.rowcount)

    @staticmethod
    def _written(table: Table, first: int, count: int) -> None:
        """Rows written by a statement, with the ids `first` onwards: the table's next id
        moves past them, and the run counts them with the rest."""
        table.new_id = itertools.count(first + count).__next__
        table.written += count
