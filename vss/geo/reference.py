"""Reference data for the Khmer Rouge-era geography of the crimes: the zones, the sectors the
cases refer to, and the crime sites of the ECCC's cases. Loaded by `manage.py
load_reference_data`; the links from cases to sites are in `vss.proceedings.reference`.

Sources: the ECCC's public case pages and press releases (charges announced for Meas Muth,
Im Chaem, Ao An and Yim Tith; the Case 003 and Case 004 crime-site lists), the Case 002
Closing Order of 15 September 2010 and the Case 002/01 and 002/02 trial judgments.
Rules kept here:
- a zone, a sector or a province is given only where a public source places the site
  there; otherwise it is None, to be completed by the VSS, never guessed;
- every zone and site is named in English, Khmer and French, as the pages show it in the
  reader's language: in Khmer, the kind of place (មន្ទីរសន្តិសុខ, ទីតាំងប្រហារជីវិត, ការដ្ឋាន,
  សហករណ៍) and the place's Khmer spelling, that of official names or of the MEF gazetteer
  where it names the place, otherwise a transcription of the romanised name for the VSS to
  confirm;
- the loader never overwrites a value already in the database with a blank or None from
  here, so a name or place completed by the VSS survives a later load.
Province codes are today's (MEF 2025): note that Tboung Khmum (25) was split from Kampong
Cham (03) in 2014, and that Choeung Ek and Prey Sar are in Phnom Penh (12) today.
The lists are not exhaustive: Case 002 and Case 004 name more sites than are listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from vss.geo.models import CrimeSiteKind


@dataclass(frozen=True)
class ZoneRef:
    name: str
    name_km: str = ""
    name_fr: str = ""
    note: str = ""


@dataclass(frozen=True)
class SectorRef:
    zone: str  # ZoneRef.name
    number: str
    # The CPK also ran "autonomous" sectors that answered to the Centre, not to a zone. The
    # model needs a zone for every sector, so such a sector is filed under the zone it
    # belonged to for part of the period (see `note`).
    autonomous: bool = False
    note: str = ""


@dataclass(frozen=True)
class CrimeSiteRef:
    code: str
    name: str
    kind: str
    name_km: str = ""
    name_fr: str = ""
    zone: str | None = None  # ZoneRef.name
    sector: str | None = None  # SectorRef.number, in `zone`
    province: str | None = None  # today's province code (MEF)
    note: str = ""


CENTRAL = "Central (old North) Zone"
EAST = "East Zone"
NEW_NORTH = "New North Zone"
NORTHEAST = "Northeast Zone"
NORTHWEST = "Northwest Zone"
SOUTHWEST = "Southwest Zone"
WEST = "West Zone"

# The seven zones (ភូមិភាគ) of Democratic Kampuchea. The North Zone of 1975 was renamed the
# Central Zone in 1977, when a New North Zone was formed from former Sector 106 and
# neighbouring areas; the ECCC's documents call them "Central (old North) Zone" and "New
# North Zone", and so do we, so that "North Zone" never means two places.
ZONES: tuple[ZoneRef, ...] = (
    ZoneRef(
        CENTRAL, "ភូមិភាគកណ្តាល", "Zone Centre (ancienne zone Nord)", "The North Zone until 1977."
    ),
    ZoneRef(EAST, "ភូមិភាគបូព៌ា", "Zone Est"),
    ZoneRef(NEW_NORTH, "ភូមិភាគឧត្តរថ្មី", "Zone Nouveau Nord", "Formed in 1977."),
    ZoneRef(NORTHEAST, "ភូមិភាគឦសាន", "Zone Nord-Est"),
    ZoneRef(NORTHWEST, "ភូមិភាគពាយ័ព្យ", "Zone Nord-Ouest"),
    ZoneRef(SOUTHWEST, "ភូមិភាគនិរតី", "Zone Sud-Ouest"),
    ZoneRef(WEST, "ភូមិភាគខាងលិច", "Zone Ouest"),
)

SECTORS: tuple[SectorRef, ...] = (
    SectorRef(SOUTHWEST, "13", note="Takeo: Tram Kok, Kirivong; Yim Tith's sector."),
    SectorRef(
        NORTHWEST, "1", note="Battambang; Yim Tith became its secretary in the 1977-78 purge."
    ),
    SectorRef(NORTHWEST, "2", note="Pursat."),
    SectorRef(NORTHWEST, "5", note="Banteay Meanchey: Preah Net Preah, Trapeang Thma."),
    SectorRef(WEST, "31", note="Kampong Chhnang (District 12)."),
    SectorRef(CENTRAL, "41", note="Kampong Cham; Ao An's sector from 1977."),
    SectorRef(
        NORTHEAST,
        "105",
        autonomous=True,
        note="Mondulkiri: Northeast Zone until the end of 1976, then autonomous.",
    ),
    SectorRef(
        NORTHEAST,
        "505",
        autonomous=True,
        note="Kratie: Northeast Zone until late 1976 or early 1977, then autonomous.",
    ),
    SectorRef(
        NEW_NORTH,
        "106",
        autonomous=True,
        note="Siem Reap - Oddar Meanchey: autonomous, then the core of the New North Zone.",
    ),
    SectorRef(
        NEW_NORTH,
        "103",
        autonomous=True,
        note="Preah Vihear: autonomous; filed under the New North Zone, whose creation was "
        "announced at a meeting there in late 1977.",
    ),
)

SC = CrimeSiteKind.SECURITY_CENTRE
EX = CrimeSiteKind.EXECUTION_SITE
WS = CrimeSiteKind.WORKSITE
CO = CrimeSiteKind.COOPERATIVE
PM = CrimeSiteKind.POPULATION_MOVEMENT

# Only physical places and the forced movements of people: the treatment of the Cham, of
# the Vietnamese or of Buddhists, and the regulation of marriage, are crimes charged, not
# sites (see vss.proceedings.reference.CRIME_TYPES).
CRIME_SITES: tuple[CrimeSiteRef, ...] = (
    # --- S-21 complex (Cases 001, 002, 003); Phnom Penh was under the Centre, in no zone.
    CrimeSiteRef(
        "s-21",
        "S-21 Security Centre (Tuol Sleng)",
        SC,
        "មន្ទីរសន្តិសុខ ស-២១ (ទួលស្លែង)",
        "Centre de sécurité S-21 (Tuol Sleng)",
        province="12",
    ),
    CrimeSiteRef(
        "choeung-ek",
        "Choeung Ek Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតជើងឯក",
        "Site d'exécution de Choeung Ek",
        province="12",
        note="S-21's execution site; in Kandal in the 1970s, Phnom Penh today.",
    ),
    CrimeSiteRef(
        "prey-sar-s-24",
        "Prey Sar Worksite (S-24)",
        WS,
        "ការដ្ឋានព្រៃស (ស-២៤)",
        "Chantier de Prey Sar (S-24)",
        province="12",
        note="S-21's re-education and labour camp.",
    ),
    # --- Case 002/01: the forced movements and Tuol Po Chrey.
    CrimeSiteRef(
        "movement-phase-1",
        "Forced movement of the population, phase 1 (evacuation of Phnom Penh)",
        PM,
        "ការផ្លាស់ទីលំនៅប្រជាជនដោយបង្ខំ ដំណាក់កាលទី១ (ការជម្លៀសប្រជាជនចេញពីទីក្រុងភ្នំពេញ)",
        "Déplacements forcés de population, phase 1 (évacuation de Phnom Penh)",
        province="12",
        note="From 17 April 1975.",
    ),
    CrimeSiteRef(
        "movement-phase-2",
        "Forced movement of the population, phase 2",
        PM,
        "ការផ្លាស់ទីលំនៅប្រជាជនដោយបង្ខំ ដំណាក់កាលទី២",
        "Déplacements forcés de population, phase 2",
        note="From late 1975; mostly towards the Northwest Zone.",
    ),
    CrimeSiteRef(
        "tuol-po-chrey",
        "Tuol Po Chrey Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតទួលពោធិ៍ជ្រៃ",
        "Site d'exécution de Tuol Po Chrey",
        zone=NORTHWEST,
        province="15",
        note="Kandieng district, Pursat.",
    ),
    # --- Case 002/02: cooperatives, worksites and security centres.
    CrimeSiteRef(
        "tram-kok-cooperatives",
        "Tram Kok Cooperatives",
        CO,
        "សហករណ៍ត្រាំកក់",
        "Coopératives de Tram Kok",
        zone=SOUTHWEST,
        sector="13",
        province="21",
    ),
    CrimeSiteRef(
        "kraing-ta-chan",
        "Kraing Ta Chan Security Centre",
        SC,
        "មន្ទីរសន្តិសុខក្រាំងតាចាន់",
        "Centre de sécurité de Kraing Ta Chan",
        zone=SOUTHWEST,
        sector="13",
        province="21",
        note="Tram Kok district, Takeo.",
    ),
    CrimeSiteRef(
        "trapeang-thma-dam",
        "Trapeang Thma Dam Worksite",
        WS,
        "ការដ្ឋានទំនប់ត្រពាំងថ្ម",
        "Chantier du barrage de Trapeang Thma",
        zone=NORTHWEST,
        sector="5",
        province="01",
        note="Phnom Srok district, Banteay Meanchey.",
    ),
    CrimeSiteRef(
        "first-january-dam",
        "1st January Dam Worksite",
        WS,
        "ការដ្ឋានទំនប់ ១ មករា",
        "Chantier du barrage du 1er Janvier",
        zone=CENTRAL,
        province="06",
        note="Kampong Thom.",
    ),
    CrimeSiteRef(
        "kampong-chhnang-airport",
        "Kampong Chhnang Airport Construction Site",
        WS,
        "ការដ្ឋានសាងសង់អាកាសយានដ្ឋានកំពង់ឆ្នាំង",
        "Chantier de construction de l'aéroport de Kampong Chhnang",
        province="04",
        note="Krang Leav commune, Rolea B'ier district; a military worksite (Division 502).",
    ),
    CrimeSiteRef(
        "au-kanseng",
        "Au Kanseng Security Centre",
        SC,
        "មន្ទីរសន្តិសុខអូរកន្សែង",
        "Centre de sécurité d'Au Kanseng",
        zone=NORTHEAST,
        province="16",
        note="Ratanakiri.",
    ),
    CrimeSiteRef(
        "phnom-kraol",
        "Phnom Kraol Security Centre",
        SC,
        "មន្ទីរសន្តិសុខភ្នំក្រោល",
        "Centre de sécurité de Phnom Kraol",
        zone=NORTHEAST,
        sector="105",
        province="11",
        note="Koh Nhek district, Mondulkiri; with K-11, K-17 and the Trapeang Pring execution site.",
    ),
    # --- Other Case 002 sites (Closing Order), not tried in 002/01 or 002/02.
    CrimeSiteRef(
        "kok-kduoch",
        "Kok Kduoch Security Centre",
        SC,
        "មន្ទីរសន្តិសុខគោកក្ដួច",
        "Centre de sécurité de Kok Kduoch",
        zone=NORTHEAST,
        sector="505",
        province="10",
        note="Keng Prasat village, Sambo district, Kratie.",
    ),
    CrimeSiteRef(
        "north-zone-security-centre",
        "North Zone Security Centre",
        SC,
        "មន្ទីរសន្តិសុខភូមិភាគឧត្តរ",
        "Centre de sécurité de la zone Nord",
        zone=NEW_NORTH,
        sector="106",
        province="17",
        note="Siem Reap town.",
    ),
    CrimeSiteRef(
        "sang",
        "Sang Security Centre",
        SC,
        "មន្ទីរសន្តិសុខសាង",
        "Centre de sécurité de Sang",
        note="Location to be completed by the VSS.",
    ),
    CrimeSiteRef(
        "srae-ambel",
        "Srae Ambel Worksite",
        WS,
        "ការដ្ឋានស្រែអំបិល",
        "Chantier de Srae Ambel",
        province="09",
    ),
    CrimeSiteRef(
        "prey-trapeang-ampil",
        "Prey Trapeang Ampil Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតព្រៃត្រពាំងអំពិល",
        "Site d'exécution de Prey Trapeang Ampil",
        zone=WEST,
        sector="31",
        province="04",
        note="With Prey Trapeang Pring; District 12, south of Kraing Lvea village, Kampong Chhnang.",
    ),
    # --- Case 003 (Meas Muth): the ECCC's list of the investigation's locations.
    CrimeSiteRef(
        "s-22",
        "S-22 Security Centre",
        SC,
        "មន្ទីរសន្តិសុខ ស-២២",
        "Centre de sécurité S-22",
        province="12",
        note="Mean Chey district, Phnom Penh.",
    ),
    CrimeSiteRef(
        "stung-tauch",
        "Stung Tauch Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតស្ទឹងតូច",
        "Site d'exécution de Stung Tauch",
        province="25",
        note="Ponhea Krek district (Kampong Cham then, Tboung Khmum today).",
    ),
    CrimeSiteRef(
        "division-801-security-centre",
        "Division 801 Security Centre",
        SC,
        "មន្ទីរសន្តិសុខកងពល ៨០១",
        "Centre de sécurité de la division 801",
        province="16",
        note="Veun Sai district, Ratanakiri.",
    ),
    CrimeSiteRef(
        "stung-hav",
        "Stung Hav Rock Quarry Worksite",
        WS,
        "ការដ្ឋានយកថ្មស្ទឹងហាវ",
        "Chantier de la carrière de Stung Hav",
        province="18",
        note="Kampong Som.",
    ),
    CrimeSiteRef(
        "wat-enta-nhien",
        "Wat Enta Nhien Security Centre (Wat Kraom)",
        SC,
        "មន្ទីរសន្តិសុខវត្តឥន្ទញាណ (វត្តក្រោម)",
        "Centre de sécurité de Wat Enta Nhien (Wat Kraom)",
        province="18",
        note="Security centre and execution site, Kampong Som.",
    ),
    CrimeSiteRef(
        "ream-durian-plantation",
        "Durian Plantation Execution Site (Ream)",
        EX,
        "ទីតាំងប្រហារជីវិតចម្ការធូរេន (រាម)",
        "Site d'exécution de la plantation de durians (Ream)",
        province="18",
        note="Ream village and commune, Prey Nob district.",
    ),
    CrimeSiteRef(
        "kang-keng",
        "Kang Keng Worksite",
        WS,
        "ការដ្ឋានកងកេង",
        "Chantier de Kang Keng",
        province="18",
        note="Part of the Ream area cooperative.",
    ),
    CrimeSiteRef(
        "toek-sap",
        "Toek Sap Security Centre",
        SC,
        "មន្ទីរសន្តិសុខទឹកសាប",
        "Centre de sécurité de Toek Sap",
        province="18",
    ),
    CrimeSiteRef(
        "bet-trang",
        "Bet Trang Worksite",
        WS,
        "ការដ្ឋានបិតត្រាង",
        "Chantier de Bet Trang",
        province="18",
        note="Bet Trang commune, Prey Nob district.",
    ),
    # --- Case 004 (Yim Tith): Sector 13 of the Southwest Zone, Takeo.
    CrimeSiteRef(
        "wat-pratheat",
        "Wat Pratheat Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តប្រាសាទ",
        "Centre de sécurité de Wat Pratheat",
        zone=SOUTHWEST,
        sector="13",
        province="21",
    ),
    CrimeSiteRef(
        "preil-village",
        "Preil Village Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតភូមិព្រិល",
        "Site d'exécution du village de Preil",
        zone=SOUTHWEST,
        sector="13",
        province="21",
    ),
    CrimeSiteRef(
        "wat-angkun",
        "Wat Angkun Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតវត្តអង្គុញ",
        "Site d'exécution de Wat Angkun",
        zone=SOUTHWEST,
        sector="13",
        province="21",
    ),
    CrimeSiteRef(
        "slaeng-village-forest",
        "Slaeng Village Forest Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតព្រៃភូមិស្លែង",
        "Site d'exécution de la forêt du village de Slaeng",
        zone=SOUTHWEST,
        sector="13",
        province="21",
    ),
    CrimeSiteRef(
        "wat-ang-srei-muny",
        "Wat Ang Srei Muny and Prey Sokhon Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតវត្តអង្គស្រីមុនី និងព្រៃសុខុន",
        "Site d'exécution de Wat Ang Srei Muny et Prey Sokhon",
        zone=SOUTHWEST,
        sector="13",
        province="21",
    ),
    # --- Case 004: Sector 1 of the Northwest Zone, Battambang.
    CrimeSiteRef(
        "koas-krala",
        "Koas Krala Security Centre",
        SC,
        "មន្ទីរសន្តិសុខគាស់ក្រឡ",
        "Centre de sécurité de Koas Krala",
        zone=NORTHWEST,
        sector="1",
        province="02",
    ),
    CrimeSiteRef(
        "thipakdei-cooperative",
        "Thipakdei Cooperative",
        CO,
        "សហករណ៍ធិបតី",
        "Coopérative de Thipakdei",
        zone=NORTHWEST,
        sector="1",
        province="02",
        note="Including Wat Thipakdei Security Centre and Tuol Mtes Security Centre and worksite.",
    ),
    CrimeSiteRef(
        "kang-hort-dam",
        "Kang Hort Dam Worksite",
        WS,
        "ការដ្ឋានទំនប់កងហត",
        "Chantier du barrage de Kang Hort",
        zone=NORTHWEST,
        sector="1",
        province="02",
    ),
    CrimeSiteRef(
        "banan",
        "Banan Security Centre",
        SC,
        "មន្ទីរសន្តិសុខបាណន់",
        "Centre de sécurité de Banan",
        zone=NORTHWEST,
        sector="1",
        province="02",
    ),
    CrimeSiteRef(
        "khnang-kou",
        "Khnang Kou Security Centre",
        SC,
        "មន្ទីរសន្តិសុខខ្នងគោ",
        "Centre de sécurité de Khnang Kou",
        zone=NORTHWEST,
        sector="1",
        province="02",
    ),
    CrimeSiteRef(
        "kampong-kol-sugar-factory",
        "Kampong Kol Sugar Factory Worksite",
        WS,
        "ការដ្ឋានរោងចក្រស្ករកំពង់កុល",
        "Chantier de la sucrerie de Kampong Kol",
        zone=NORTHWEST,
        sector="1",
        province="02",
    ),
    # --- Case 004: Sector 2 of the Northwest Zone, Pursat.
    CrimeSiteRef(
        "phum-veal",
        "Phum Veal Security Centre",
        SC,
        "មន្ទីរសន្តិសុខភូមិវាល",
        "Centre de sécurité de Phum Veal",
        zone=NORTHWEST,
        sector="2",
        province="15",
    ),
    CrimeSiteRef(
        "svay-chrum",
        "Svay Chrum Security Centre",
        SC,
        "មន្ទីរសន្តិសុខស្វាយជ្រំ",
        "Centre de sécurité de Svay Chrum",
        zone=NORTHWEST,
        sector="2",
        province="15",
    ),
    CrimeSiteRef(
        "tuol-seh-nhauv",
        "Tuol Seh Nhauv Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតទួលសេះញៅ",
        "Site d'exécution de Tuol Seh Nhauv",
        zone=NORTHWEST,
        sector="2",
        province="15",
    ),
    CrimeSiteRef(
        "prey-krabau",
        "Prey Krabau Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតព្រៃក្របៅ",
        "Site d'exécution de Prey Krabau",
        zone=NORTHWEST,
        sector="2",
        province="15",
    ),
    CrimeSiteRef(
        "chanreangsei-pagoda",
        "Chanreangsei Pagoda Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតវត្តចន្ទរង្សី",
        "Site d'exécution de la pagode Chanreangsei",
        zone=NORTHWEST,
        sector="2",
        province="15",
    ),
    # --- Case 004: other Battambang sites of the Northwest Zone (sector not published).
    CrimeSiteRef(
        "wat-kirirum",
        "Wat Kirirum Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តគិរីរម្យ",
        "Centre de sécurité de Wat Kirirum",
        zone=NORTHWEST,
        province="02",
    ),
    CrimeSiteRef(
        "wat-kandal",
        "Wat Kandal Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តកណ្ដាល",
        "Centre de sécurité de Wat Kandal",
        zone=NORTHWEST,
        province="02",
    ),
    CrimeSiteRef(
        "wat-thoamayutt",
        "Wat Thoamayutt Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តធម្មយុត្ត",
        "Centre de sécurité de Wat Thoamayutt",
        zone=NORTHWEST,
        province="02",
    ),
    CrimeSiteRef(
        "wat-samdech",
        "Wat Samdech Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តសម្ដេច",
        "Centre de sécurité de Wat Samdech",
        zone=NORTHWEST,
        province="02",
    ),
    CrimeSiteRef(
        "wat-po-laingka",
        "Wat Po Laingka (Kach Roteh) Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តពោធិ៍លង្កា (កាច់រទេះ)",
        "Centre de sécurité de Wat Po Laingka (Kach Roteh)",
        zone=NORTHWEST,
        province="02",
        note="Kampong Prieng commune.",
    ),
    CrimeSiteRef(
        "phnom-tra-cheak-chet",
        "Phnom Tra Cheak Chet Worksite",
        WS,
        "ការដ្ឋានភ្នំត្រាជាក់ចិត្ត",
        "Chantier de Phnom Tra Cheak Chet",
        zone=NORTHWEST,
        province="02",
    ),
    CrimeSiteRef(
        "banteay-o-ta-krey",
        "Banteay O Ta Krey Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតបន្ទាយអូរតាគ្រី",
        "Site d'exécution de Banteay O Ta Krey",
        zone=NORTHWEST,
        province="02",
    ),
    CrimeSiteRef(
        "anlong-vil-breng",
        "Anlong Vil Breng Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតអន្លង់វិលព្រេង",
        "Site d'exécution d'Anlong Vil Breng",
        zone=NORTHWEST,
        province="02",
    ),
    # --- Case 004/01 (Im Chaem): Preah Net Preah district, Sector 5, Banteay Meanchey.
    CrimeSiteRef(
        "phnom-trayoung",
        "Phnom Trayoung Security Centre",
        SC,
        "មន្ទីរសន្តិសុខភ្នំត្រយូង",
        "Centre de sécurité de Phnom Trayoung",
        zone=NORTHWEST,
        sector="5",
        province="01",
        note="The Sector 5 security centre.",
    ),
    CrimeSiteRef(
        "spean-sreng",
        "Spean Sreng Worksite",
        WS,
        "ការដ្ឋានស្ពានស្រែង",
        "Chantier de Spean Sreng",
        zone=NORTHWEST,
        sector="5",
        province="01",
    ),
    # --- Case 004/02 (Ao An): Central (old North) Zone, mostly Kampong Cham.
    CrimeSiteRef(
        "anlong-chrey-dam",
        "Anlong Chrey Dam Forced Labour Site",
        WS,
        "ការដ្ឋានពលកម្មដោយបង្ខំទំនប់អន្លង់ជ្រៃ",
        "Site de travail forcé du barrage d'Anlong Chrey",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "kok-pring",
        "Kok Pring Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតគោកព្រីង",
        "Site d'exécution de Kok Pring",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "met-sop",
        "Met Sop (Kor) Security Centre",
        SC,
        "មន្ទីរសន្តិសុខម៉េតសុប (ក)",
        "Centre de sécurité de Met Sop (Kor)",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "tuol-beng",
        "Tuol Beng Security Centre and Execution Site",
        SC,
        "មន្ទីរសន្តិសុខ និងទីតាំងប្រហារជីវិតទួលបេង",
        "Centre de sécurité et site d'exécution de Tuol Beng",
        zone=CENTRAL,
        province="03",
        note="With Wat Angkuonh Dei pagoda.",
    ),
    CrimeSiteRef(
        "wat-au-trakuon",
        "Wat Au Trakuon Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តអូរត្រកួន",
        "Centre de sécurité de Wat Au Trakuon",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "wat-batheay",
        "Wat Batheay Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តបាធាយ",
        "Centre de sécurité de Wat Batheay",
        zone=CENTRAL,
        province="03",
    ),
    CrimeSiteRef(
        "wat-phnom-pros",
        "Wat Phnom Pros Execution Site",
        EX,
        "ទីតាំងប្រហារជីវិតវត្តភ្នំប្រុស",
        "Site d'exécution de Wat Phnom Pros",
        zone=CENTRAL,
        province="03",
    ),
    CrimeSiteRef(
        "wat-ta-meak",
        "Wat Ta Meak Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តតាមាក់",
        "Centre de sécurité de Wat Ta Meak",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "chamkar-svay-chanty",
        "Chamkar Svay Chanty Security Centre",
        SC,
        "មន្ទីរសន្តិសុខចំការស្វាយចន្ទី",
        "Centre de sécurité de Chamkar Svay Chanty",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "wat-baray-chan-dek",
        "Wat Baray Chan Dek Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តបារាយណ៍ចាន់ដែក",
        "Centre de sécurité de Wat Baray Chan Dek",
        zone=CENTRAL,
    ),
    CrimeSiteRef(
        "wat-srenge",
        "Wat Srenge Security Centre",
        SC,
        "មន្ទីរសន្តិសុខវត្តស្រង៉ែ",
        "Centre de sécurité de Wat Srenge",
        zone=CENTRAL,
    ),
)


def check_reference() -> list[str]:
    """Inconsistencies inside this module (an empty list when all is well)."""
    errors: list[str] = []
    zones = {z.name for z in ZONES}
    sectors = {(s.zone, s.number) for s in SECTORS}
    if len(zones) != len(ZONES):
        errors.append("duplicate zone name")
    errors += [
        f"zone {z.name}: a name in Khmer and in French is needed"
        for z in ZONES
        if not (z.name_km and z.name_fr)
    ]
    if len(sectors) != len(SECTORS):
        errors.append("duplicate sector")
    errors += [f"sector {s.number}: unknown zone {s.zone}" for s in SECTORS if s.zone not in zones]
    codes = [site.code for site in CRIME_SITES]
    errors += [f"duplicate crime site code {c}" for c in sorted(set(codes)) if codes.count(c) > 1]
    kinds = set(CrimeSiteKind.values)
    for site in CRIME_SITES:
        if site.kind not in kinds:
            errors.append(f"{site.code}: unknown kind {site.kind}")
        if site.zone is not None and site.zone not in zones:
            errors.append(f"{site.code}: unknown zone {site.zone}")
        if site.sector is not None and (site.zone, site.sector) not in sectors:
            errors.append(f"{site.code}: unknown sector {site.zone} / {site.sector}")
        if site.province is not None and not (len(site.province) == 2 and site.province.isdigit()):
            errors.append(f"{site.code}: bad province code {site.province}")
        if len(site.code) > 40 or max(len(site.name), len(site.name_km), len(site.name_fr)) > 150:
            errors.append(f"{site.code}: too long for the model")
        if not (site.name_km and site.name_fr):
            errors.append(f"{site.code}: a name in Khmer and in French is needed")
    return errors
