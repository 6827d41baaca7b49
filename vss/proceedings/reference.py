"""Reference data for the ECCC's proceedings: crime types as charged, the charged persons and
the cases with their key dates. Loaded by `manage.py load_reference_data`, after the
crime sites of `vss.geo.reference`, which the cases refer to by code.

Sources: the ECCC's case pages, press releases and statements (dates of the notices of
conclusion of the judicial investigation, of the closing orders, severances, judgments
and terminations), the ECCC Law (article 3 for the 1956 Penal Code crimes) and the charges
announced for each charged person. A date that could not be confirmed is None, with a
comment, and the loader never overwrites a date already in the database with None.
Khmer and French labels of the crime types are working translations of the legal terms;
the VSS's translators should align them with the ECCC's official terminology.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

GENOCIDE = "Genocide"
CRIMES_AGAINST_HUMANITY = "Crimes against humanity"
GRAVE_BREACHES = "Grave breaches of the Geneva Conventions of 1949"
PENAL_CODE_1956 = "Crimes under the 1956 Penal Code"


@dataclass(frozen=True)
class CrimeTypeRef:
    code: str
    category: str
    name: str
    name_km: str = ""
    name_fr: str = ""


@dataclass(frozen=True)
class ChargedPersonRef:
    name: str  # family name first, as in Khmer
    name_km: str = ""
    alias: str = ""


@dataclass(frozen=True)
class CaseRef:
    number: str
    title: str
    title_km: str
    title_fr: str
    parent: str | None = None
    charged_persons: tuple[str, ...] = ()
    crime_sites: tuple[str, ...] = ()  # vss.geo.reference.CRIME_SITES codes
    crime_types: tuple[str, ...] = ()
    investigation_closed_on: datetime.date | None = None
    closing_order_on: datetime.date | None = None
    trial_judgment_on: datetime.date | None = None
    appeal_judgment_on: datetime.date | None = None
    is_terminated: bool = False
    accepts_applications: bool = True
    notes: tuple[str, ...] = field(default=())


CRIME_TYPES: tuple[CrimeTypeRef, ...] = (
    CrimeTypeRef(
        "genocide-cham",
        GENOCIDE,
        "Genocide of the Cham",
        "អំពើប្រល័យពូជសាសន៍លើជនជាតិចាម",
        "Génocide des Chams",
    ),
    CrimeTypeRef(
        "genocide-vietnamese",
        GENOCIDE,
        "Genocide of the Vietnamese",
        "អំពើប្រល័យពូជសាសន៍លើជនជាតិវៀតណាម",
        "Génocide des Vietnamiens",
    ),
    CrimeTypeRef(
        "genocide-khmer-krom",
        GENOCIDE,
        "Genocide of the Khmer Krom",
        "អំពើប្រល័យពូជសាសន៍លើជនជាតិខ្មែរក្រោម",
        "Génocide des Khmers Krom",
    ),
    CrimeTypeRef("cah-murder", CRIMES_AGAINST_HUMANITY, "Murder", "ឃាតកម្ម", "Meurtre"),
    CrimeTypeRef(
        "cah-extermination",
        CRIMES_AGAINST_HUMANITY,
        "Extermination",
        "ការសម្លាប់រង្គាល",
        "Extermination",
    ),
    CrimeTypeRef(
        "cah-enslavement",
        CRIMES_AGAINST_HUMANITY,
        "Enslavement",
        "ការធ្វើឱ្យទៅជាទាសករ",
        "Réduction en esclavage",
    ),
    CrimeTypeRef(
        "cah-deportation", CRIMES_AGAINST_HUMANITY, "Deportation", "ការនិរទេស", "Déportation"
    ),
    CrimeTypeRef(
        "cah-imprisonment",
        CRIMES_AGAINST_HUMANITY,
        "Imprisonment",
        "ការដាក់ពន្ធនាគារ",
        "Emprisonnement",
    ),
    CrimeTypeRef("cah-torture", CRIMES_AGAINST_HUMANITY, "Torture", "ការធ្វើទារុណកម្ម", "Torture"),
    CrimeTypeRef(
        "cah-persecution-political",
        CRIMES_AGAINST_HUMANITY,
        "Persecution on political grounds",
        "ការធ្វើទុក្ខបុកម្នេញដោយហេតុផលនយោបាយ",
        "Persécution pour motifs politiques",
    ),
    CrimeTypeRef(
        "cah-persecution-racial",
        CRIMES_AGAINST_HUMANITY,
        "Persecution on racial grounds",
        "ការធ្វើទុក្ខបុកម្នេញដោយហេតុផលជាតិសាសន៍",
        "Persécution pour motifs raciaux",
    ),
    CrimeTypeRef(
        "cah-persecution-religious",
        CRIMES_AGAINST_HUMANITY,
        "Persecution on religious grounds",
        "ការធ្វើទុក្ខបុកម្នេញដោយហេតុផលសាសនា",
        "Persécution pour motifs religieux",
    ),
    CrimeTypeRef("cah-rape", CRIMES_AGAINST_HUMANITY, "Rape", "ការរំលោភសេពសន្ថវៈ", "Viol"),
    CrimeTypeRef(
        "cah-other-inhumane-acts",
        CRIMES_AGAINST_HUMANITY,
        "Other inhumane acts",
        "អំពើអមនុស្សធម៌ផ្សេងទៀត",
        "Autres actes inhumains",
    ),
    CrimeTypeRef(
        "cah-oia-forced-marriage",
        CRIMES_AGAINST_HUMANITY,
        "Other inhumane acts: forced marriage",
        "អំពើអមនុស្សធម៌ផ្សេងទៀត៖ អាពាហ៍ពិពាហ៍ដោយបង្ខំ",
        "Autres actes inhumains : mariages forcés",
    ),
    CrimeTypeRef(
        "cah-oia-forced-transfer",
        CRIMES_AGAINST_HUMANITY,
        "Other inhumane acts: forced transfer",
        "អំពើអមនុស្សធម៌ផ្សេងទៀត៖ ការផ្ទេរដោយបង្ខំ",
        "Autres actes inhumains : transferts forcés",
    ),
    CrimeTypeRef(
        "cah-oia-enforced-disappearances",
        CRIMES_AGAINST_HUMANITY,
        "Other inhumane acts: enforced disappearances",
        "អំពើអមនុស្សធម៌ផ្សេងទៀត៖ ការបង្ខំឱ្យបាត់ខ្លួន",
        "Autres actes inhumains : disparitions forcées",
    ),
    CrimeTypeRef(
        "cah-oia-attacks-human-dignity",
        CRIMES_AGAINST_HUMANITY,
        "Other inhumane acts: attacks against human dignity",
        "អំពើអមនុស្សធម៌ផ្សេងទៀត៖ ការប៉ះពាល់ដល់សេចក្តីថ្លៃថ្នូររបស់មនុស្ស",
        "Autres actes inhumains : atteintes à la dignité humaine",
    ),
    CrimeTypeRef(
        "gb-wilful-killing",
        GRAVE_BREACHES,
        "Wilful killing",
        "ការសម្លាប់ដោយចេតនា",
        "Homicide intentionnel",
    ),
    CrimeTypeRef(
        "gb-torture-inhumane-treatment",
        GRAVE_BREACHES,
        "Torture or inhumane treatment",
        "ការធ្វើទារុណកម្ម ឬការប្រព្រឹត្តដោយអមនុស្សធម៌",
        "Torture ou traitements inhumains",
    ),
    CrimeTypeRef(
        "gb-great-suffering",
        GRAVE_BREACHES,
        "Wilfully causing great suffering or serious injury to body or health",
        "ការធ្វើឱ្យរងទុក្ខវេទនាយ៉ាងខ្លាំង ឬរបួសធ្ងន់ធ្ងរដល់រាងកាយ ឬសុខភាព ដោយចេតនា",
        "Fait de causer intentionnellement de grandes souffrances ou des atteintes graves "
        "à l'intégrité physique ou à la santé",
    ),
    CrimeTypeRef(
        "gb-denial-of-fair-trial",
        GRAVE_BREACHES,
        "Wilfully depriving a prisoner of war or civilian of the rights of fair and regular trial",
        "ការដកហូតដោយចេតនានូវសិទ្ធិទទួលការជំនុំជម្រះដោយយុត្តិធម៌ និងទៀងទាត់ របស់អ្នកទោសសង្គ្រាម ឬជនស៊ីវិល",
        "Privation d'un prisonnier de guerre ou d'un civil de son droit d'être jugé "
        "régulièrement et impartialement",
    ),
    CrimeTypeRef(
        "gb-unlawful-confinement",
        GRAVE_BREACHES,
        "Unlawful confinement of a civilian",
        "ការឃុំខ្លួនជនស៊ីវិលដោយខុសច្បាប់",
        "Détention illégale d'un civil",
    ),
    CrimeTypeRef(
        "gb-unlawful-deportation",
        GRAVE_BREACHES,
        "Unlawful deportation or transfer of a civilian",
        "ការនិរទេស ឬការផ្ទេរជនស៊ីវិលដោយខុសច្បាប់",
        "Déportation ou transfert illégal d'un civil",
    ),
    # ECCC Law, article 3.
    CrimeTypeRef(
        "pc1956-homicide",
        PENAL_CODE_1956,
        "Homicide (articles 501, 503 to 508)",
        "ឃាតកម្ម (មាត្រា ៥០១ ៥០៣ ដល់ ៥០៨)",
        "Homicide (articles 501, 503 à 508)",
    ),
    CrimeTypeRef(
        "pc1956-torture",
        PENAL_CODE_1956,
        "Torture (article 500)",
        "ទារុណកម្ម (មាត្រា ៥០០)",
        "Torture (article 500)",
    ),
    CrimeTypeRef(
        "pc1956-religious-persecution",
        PENAL_CODE_1956,
        "Religious persecution (articles 209 and 210)",
        "ការធ្វើទុក្ខបុកម្នេញខាងសាសនា (មាត្រា ២០៩ និង ២១០)",
        "Persécution religieuse (articles 209 et 210)",
    ),
)

# In Khmer script as the ECCC's Khmer documents write them.
CHARGED_PERSONS: tuple[ChargedPersonRef, ...] = (
    ChargedPersonRef("Kaing Guek Eav", "កាំង ហ្គេកអ៊ាវ", "Duch"),
    ChargedPersonRef("Nuon Chea", "នួន ជា"),
    ChargedPersonRef("Ieng Sary", "អៀង សារី"),
    ChargedPersonRef("Ieng Thirith", "អៀង ធីរិទ្ធ"),
    ChargedPersonRef("Khieu Samphan", "ខៀវ សំផន"),
    ChargedPersonRef("Meas Muth", "មាស មុត"),
    ChargedPersonRef("Im Chaem", "អ៊ឹម ចែម"),
    ChargedPersonRef("Ao An", "អោ អាន", "Ta An"),
    ChargedPersonRef("Yim Tith", "យឹម ទិត្យ", "Ta Tith"),
)

_S21 = ("s-21", "choeung-ek", "prey-sar-s-24")
_CASE_002_01_SITES = ("movement-phase-1", "movement-phase-2", "tuol-po-chrey")
_CASE_002_02_SITES = (
    *_S21,
    "tram-kok-cooperatives",
    "kraing-ta-chan",
    "trapeang-thma-dam",
    "first-january-dam",
    "kampong-chhnang-airport",
    "au-kanseng",
    "phnom-kraol",
)
_CAH_CORE = (
    "cah-murder",
    "cah-extermination",
    "cah-enslavement",
    "cah-imprisonment",
    "cah-torture",
    "cah-persecution-political",
)
_GRAVE_BREACHES_S21 = (
    "gb-wilful-killing",
    "gb-torture-inhumane-treatment",
    "gb-great-suffering",
    "gb-denial-of-fair-trial",
    "gb-unlawful-confinement",
)

# Which case takes applications (a design choice, see BRIEF.md):
# - Case 002: applications were filed, and decided by the Co-Investigating Judges and the
#   Pre-Trial Chamber, in Case 002, before the Trial Chamber severed it (2011, 2014) into
#   002/01 and 002/02. Those two are trial segments of one case: a Civil Party of 002 is a
#   Civil Party in 002/01 and 002/02, with no new application. So 002 accepts applications
#   and 002/01 and 002/02 do not; a Civil Party's standing in a segment is read from 002.
# - Case 004: 004/01 (Im Chaem) and 004/02 (Ao An) were severed during the investigation,
#   each with its own notice of conclusion and its own decisions on Civil Party
#   applications, and 004 went on against Yim Tith. All three accept applications.
CASES: tuple[CaseRef, ...] = (
    CaseRef(
        "001",
        "Kaing Guek Eav alias Duch (S-21)",
        "កាំង ហ្គេកអ៊ាវ ហៅ ឌុច (ស-២១)",
        "Kaing Guek Eav alias Duch (S-21)",
        charged_persons=("Kaing Guek Eav",),
        crime_sites=_S21,
        crime_types=(
            *_CAH_CORE,
            "cah-other-inhumane-acts",
            *_GRAVE_BREACHES_S21,
            "pc1956-homicide",
            "pc1956-torture",
        ),
        investigation_closed_on=datetime.date(2008, 5, 15),
        closing_order_on=datetime.date(2008, 8, 8),
        trial_judgment_on=datetime.date(2010, 7, 26),
        appeal_judgment_on=datetime.date(2012, 2, 3),
        notes=(
            "The 15-day deadline after the notice was added to the Internal Rules in 2009; "
            "Case 001 applications were taken under the earlier rules, so the computed "
            "application deadline does not describe Case 001.",
        ),
    ),
    CaseRef(
        "002",
        "Nuon Chea, Ieng Sary, Ieng Thirith and Khieu Samphan",
        "នួន ជា អៀង សារី អៀង ធីរិទ្ធ និង ខៀវ សំផន",
        "Nuon Chea, Ieng Sary, Ieng Thirith et Khieu Samphan",
        charged_persons=("Nuon Chea", "Ieng Sary", "Ieng Thirith", "Khieu Samphan"),
        crime_sites=(
            *_CASE_002_01_SITES,
            *_CASE_002_02_SITES,
            "kok-kduoch",
            "north-zone-security-centre",
            "sang",
            "srae-ambel",
            "prey-trapeang-ampil",
        ),
        crime_types=(
            "genocide-cham",
            "genocide-vietnamese",
            *_CAH_CORE,
            "cah-deportation",
            "cah-persecution-racial",
            "cah-persecution-religious",
            "cah-other-inhumane-acts",
            "cah-oia-forced-marriage",
            "cah-oia-forced-transfer",
            "cah-oia-enforced-disappearances",
            "cah-oia-attacks-human-dignity",
            *_GRAVE_BREACHES_S21,
            "gb-unlawful-deportation",
            "pc1956-homicide",
            "pc1956-torture",
            "pc1956-religious-persecution",
        ),
        investigation_closed_on=datetime.date(2010, 1, 14),
        closing_order_on=datetime.date(2010, 9, 15),
        notes=(
            "Tried in two segments, 002/01 and 002/02; the judgments are theirs.",
            "Ieng Thirith was found unfit to stand trial (2011); Ieng Sary died in 2013.",
        ),
    ),
    CaseRef(
        "002/01",
        "Case 002, first trial: forced movements of the population (phases 1 and 2) and "
        "Tuol Po Chrey",
        "សំណុំរឿង 002 សវនាការទីមួយ៖ ការផ្លាស់ទីលំនៅប្រជាជនដោយបង្ខំ (ដំណាក់កាលទី១ និងទី២) និងទួលពោធិ៍ជ្រៃ",
        "Dossier 002, premier procès : déplacements forcés de population (phases 1 et 2) et Tuol Po Chrey",
        parent="002",
        charged_persons=("Nuon Chea", "Ieng Sary", "Khieu Samphan"),
        crime_sites=_CASE_002_01_SITES,
        crime_types=(
            "cah-murder",
            "cah-extermination",
            "cah-persecution-political",
            "cah-other-inhumane-acts",
            "cah-oia-forced-transfer",
            "cah-oia-enforced-disappearances",
            "cah-oia-attacks-human-dignity",
        ),
        # The notice and the Closing Order are Case 002's: the segment was severed at trial.
        investigation_closed_on=datetime.date(2010, 1, 14),
        closing_order_on=datetime.date(2010, 9, 15),
        trial_judgment_on=datetime.date(2014, 8, 7),
        appeal_judgment_on=datetime.date(2016, 11, 23),
        accepts_applications=False,
    ),
    CaseRef(
        "002/02",
        "Case 002, second trial: genocide, cooperatives and worksites, security centres, "
        "regulation of marriage and treatment of specific groups",
        "សំណុំរឿង 002 សវនាការទីពីរ៖ អំពើប្រល័យពូជសាសន៍ សហករណ៍ និងការដ្ឋាន មន្ទីរសន្តិសុខ ការគ្រប់គ្រងអាពាហ៍ពិពាហ៍ និងការប្រព្រឹត្តចំពោះក្រុមជាក់លាក់",
        "Dossier 002, deuxième procès : génocide, coopératives et chantiers, centres de sécurité, réglementation du mariage et traitement de groupes particuliers",
        parent="002",
        charged_persons=("Nuon Chea", "Khieu Samphan"),
        crime_sites=_CASE_002_02_SITES,
        crime_types=(
            "genocide-cham",
            "genocide-vietnamese",
            *_CAH_CORE,
            "cah-deportation",
            "cah-persecution-racial",
            "cah-persecution-religious",
            "cah-other-inhumane-acts",
            "cah-oia-forced-marriage",
            "cah-oia-enforced-disappearances",
            "cah-oia-attacks-human-dignity",
            *_GRAVE_BREACHES_S21,
        ),
        investigation_closed_on=datetime.date(2010, 1, 14),
        closing_order_on=datetime.date(2010, 9, 15),
        trial_judgment_on=datetime.date(2018, 11, 16),
        appeal_judgment_on=datetime.date(2022, 9, 22),
        accepts_applications=False,
        notes=(
            "Nuon Chea died in 2019, before the appeal; the appeal judgment is Khieu Samphan's.",
        ),
    ),
    CaseRef(
        "003",
        "Meas Muth",
        "មាស មុត",
        "Meas Muth",
        charged_persons=("Meas Muth",),
        crime_sites=(
            "s-21",
            "stung-tauch",
            "kampong-chhnang-airport",
            "division-801-security-centre",
            "stung-hav",
            "wat-enta-nhien",
            "s-22",
            "ream-durian-plantation",
            "kang-keng",
            "bet-trang",
            "toek-sap",
        ),
        # Charges of 14 December 2015 (persecution "on political and ethnic grounds" in
        # those of March 2015); indicted for the genocide of the Vietnamese in 2018.
        crime_types=(
            "genocide-vietnamese",
            *_CAH_CORE,
            "cah-persecution-racial",
            "cah-other-inhumane-acts",
            "cah-oia-forced-marriage",
            "cah-oia-enforced-disappearances",
            "cah-oia-attacks-human-dignity",
            "gb-wilful-killing",
            "gb-torture-inhumane-treatment",
            "gb-great-suffering",
            "gb-unlawful-confinement",
            "pc1956-homicide",
        ),
        # A first notice of conclusion (29 April 2011) was followed by a reopening; the
        # investigation against Meas Muth was concluded on 10 January 2017.
        investigation_closed_on=datetime.date(2017, 1, 10),
        # Two conflicting closing orders (indictment and dismissal) of 28 November 2018.
        closing_order_on=datetime.date(2018, 11, 28),
        is_terminated=True,  # Supreme Court Chamber, 17 December 2021
    ),
    CaseRef(
        "004",
        "Yim Tith",
        "យឹម ទិត្យ",
        "Yim Tith",
        charged_persons=("Yim Tith",),
        crime_sites=(
            "kraing-ta-chan",
            "wat-pratheat",
            "preil-village",
            "wat-angkun",
            "slaeng-village-forest",
            "wat-ang-srei-muny",
            "koas-krala",
            "thipakdei-cooperative",
            "kang-hort-dam",
            "banan",
            "khnang-kou",
            "kampong-kol-sugar-factory",
            "phum-veal",
            "svay-chrum",
            "tuol-seh-nhauv",
            "prey-krabau",
            "chanreangsei-pagoda",
            "wat-kirirum",
            "wat-kandal",
            "wat-thoamayutt",
            "wat-samdech",
            "wat-po-laingka",
            "phnom-tra-cheak-chet",
            "banteay-o-ta-krey",
            "anlong-vil-breng",
        ),
        crime_types=(
            "genocide-khmer-krom",
            *_CAH_CORE,
            "cah-deportation",
            "cah-persecution-racial",
            "cah-other-inhumane-acts",
            "cah-oia-forced-marriage",
            "gb-wilful-killing",
            "gb-unlawful-deportation",
            "pc1956-homicide",
        ),
        investigation_closed_on=datetime.date(2017, 6, 13),
        # Two conflicting closing orders (indictment and dismissal) of 28 June 2019.
        closing_order_on=datetime.date(2019, 6, 28),
        is_terminated=True,  # Supreme Court Chamber, 28 December 2021
        notes=("Before the severances, also the case of Im Chaem and of Ao An.",),
    ),
    CaseRef(
        "004/01",
        "Im Chaem",
        "អ៊ឹម ចែម",
        "Im Chaem",
        parent="004",
        charged_persons=("Im Chaem",),
        crime_sites=("phnom-trayoung", "spean-sreng"),
        crime_types=(
            "cah-murder",
            "cah-extermination",
            "cah-enslavement",
            "cah-imprisonment",
            "cah-persecution-political",
            "cah-other-inhumane-acts",
            "pc1956-homicide",
        ),
        # Notice given in Case 004 on 18 December 2015; severed on 5 February 2016.
        investigation_closed_on=datetime.date(2015, 12, 18),
        # Dismissal (disposition); the reasons followed on 10 July 2017. All Civil Party
        # applications related to Im Chaem were rejected the same day.
        closing_order_on=datetime.date(2017, 2, 22),
        is_terminated=True,  # Pre-Trial Chamber considerations of 28 June 2018
    ),
    CaseRef(
        "004/02",
        "Ao An",
        "អោ អាន",
        "Ao An",
        parent="004",
        charged_persons=("Ao An",),
        crime_sites=(
            "anlong-chrey-dam",
            "kok-pring",
            "met-sop",
            "tuol-beng",
            "wat-au-trakuon",
            "wat-batheay",
            "wat-phnom-pros",
            "wat-ta-meak",
            "chamkar-svay-chanty",
            "wat-baray-chan-dek",
            "wat-srenge",
        ),
        crime_types=(
            "genocide-cham",
            *_CAH_CORE,
            "cah-persecution-racial",
            "cah-persecution-religious",
            "cah-other-inhumane-acts",
            "cah-oia-forced-marriage",
            # Rape was charged as an other inhumane act, not as the crime of rape.
            "cah-oia-enforced-disappearances",
            "pc1956-homicide",
        ),
        # Concluded and severed from Case 004 the same day.
        investigation_closed_on=datetime.date(2016, 12, 16),
        # Two conflicting closing orders (indictment and dismissal) of 16 August 2018.
        closing_order_on=datetime.date(2018, 8, 16),
        # Supreme Court Chamber, 10 August 2020. The brief named only 003, 004 and 004/01,
        # but 004/02 was terminated too.
        is_terminated=True,
    ),
)


def check_reference(crime_site_codes: set[str]) -> list[str]:
    """Inconsistencies inside this module or with the crime sites (empty when all is well)."""
    errors: list[str] = []
    errors += [
        f"charged person {p.name}: a name in Khmer script is needed"
        for p in CHARGED_PERSONS
        if not p.name_km
    ]
    types = [t.code for t in CRIME_TYPES]
    persons = [p.name for p in CHARGED_PERSONS]
    numbers = [c.number for c in CASES]
    for label, values in (("crime type", types), ("charged person", persons), ("case", numbers)):
        errors += [f"duplicate {label} {v}" for v in sorted(set(values)) if values.count(v) > 1]
    for t in CRIME_TYPES:
        if len(t.code) > 50 or max(len(t.name), len(t.name_km), len(t.name_fr)) > 120:
            errors.append(f"crime type {t.code}: too long for the model")
        if not (t.name_km and t.name_fr):
            errors.append(f"crime type {t.code}: a name in Khmer and in French is needed")
        if len(t.category) > 80:
            errors.append(f"crime type {t.code}: category too long for the model")
    seen: set[str] = set()
    for case in CASES:
        if case.parent is not None and case.parent not in seen:
            errors.append(f"case {case.number}: parent {case.parent} must come first")
        seen.add(case.number)
        if max(len(case.title), len(case.title_km), len(case.title_fr)) > 200:
            errors.append(f"case {case.number}: title too long for the model")
        if not (case.title_km and case.title_fr):
            errors.append(f"case {case.number}: a title in Khmer and in French is needed")
        errors += [
            f"case {case.number}: unknown charged person {p}"
            for p in case.charged_persons
            if p not in persons
        ]
        errors += [
            f"case {case.number}: unknown crime type {t}"
            for t in case.crime_types
            if t not in types
        ]
        errors += [
            f"case {case.number}: unknown crime site {s}"
            for s in case.crime_sites
            if s not in crime_site_codes
        ]
        dates = [
            case.investigation_closed_on,
            case.closing_order_on,
            case.trial_judgment_on,
            case.appeal_judgment_on,
        ]
        known = [d for d in dates if d is not None]
        if known != sorted(known):
            errors.append(f"case {case.number}: dates out of order")
    return errors
