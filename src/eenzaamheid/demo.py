"""Fictieve, maar realistische demogegevens, deterministisch uit één seed.

De generator schrijft alle invoer van het datacontract voor twee meetjaren: gemeententabellen,
een herindeling tussen de jaren, uitnodigingen, vragenlijst-exports (met de lastige rijen die
echte exports hebben), RIVM-buurtcijfers en buurt- en gemeentegrenzen. Namen en codes zijn
verzonnen (codes GM9xxx bestaan niet bij het CBS); elke uitvoer van deze gegevens zegt dat ze
fictief zijn (`fictief: true` in `params/demo.yml`).

Opnieuw maken: ``python -m eenzaamheid.demo data/raw`` (zelfde seed = dezelfde bestanden).
Groter maken: ``--gemeenten 350`` voor een landelijke run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from shapely import MultiPoint, Point, Polygon, make_valid, voronoi_polygons
from shapely.geometry import mapping

from .config import DEMO_CODEBOEKEN
from .inlezen.codeboek import VASTE_EXPORTKOLOMMEN, Codeboek, Vraag, lees_codeboek

SEED = 20201130
JAAR, VORIG_JAAR = 2020, 2019
HERINDELING_DATUM = "2020-01-01"

PROVINCIES = [  # code, naam, aantal gemeenten in 2020 (gewicht), middelpunt (lon, lat)
    ("PV20", "Groningen", 10, (6.70, 53.25)),
    ("PV21", "Fryslân", 18, (5.80, 53.08)),
    ("PV22", "Drenthe", 12, (6.60, 52.85)),
    ("PV23", "Overijssel", 25, (6.45, 52.40)),
    ("PV24", "Flevoland", 6, (5.55, 52.50)),
    ("PV25", "Gelderland", 51, (5.95, 52.05)),
    ("PV26", "Utrecht", 26, (5.20, 52.08)),
    ("PV27", "Noord-Holland", 47, (4.85, 52.60)),
    ("PV28", "Zuid-Holland", 52, (4.50, 51.97)),
    ("PV29", "Zeeland", 13, (3.80, 51.50)),
    ("PV30", "Noord-Brabant", 62, (5.20, 51.55)),
    ("PV31", "Limburg", 31, (5.90, 51.20)),
]

# Een ruwe omtrek van een fictief land op de plek van Nederland (lon, lat).
LANDGRENS = [
    (3.40, 51.40),
    (3.90, 51.22),
    (4.80, 51.45),
    (5.80, 51.15),
    (5.85, 50.78),
    (6.08, 50.82),
    (6.05, 51.12),
    (6.20, 51.50),
    (5.95, 51.80),
    (6.80, 51.92),
    (7.05, 52.22),
    (6.72, 52.50),
    (7.05, 52.62),
    (7.20, 53.20),
    (6.90, 53.45),
    (6.00, 53.42),
    (5.00, 53.28),
    (4.72, 52.92),
    (4.52, 52.30),
    (4.02, 51.96),
    (3.40, 51.40),
]

_BEGIN = [
    "Aal",
    "Berg",
    "Bles",
    "Bruin",
    "Dor",
    "Eem",
    "Gras",
    "Hol",
    "Hoog",
    "Kamp",
    "Lin",
    "Meer",
    "Mid",
    "Noor",
    "Oost",
    "Rijn",
    "Scha",
    "Stad",
    "Ter",
    "Vel",
    "Vliet",
    "Wes",
    "Wold",
    "Zand",
    "Zui",
    "Dal",
    "Heu",
    "Loo",
    "Mar",
    "Ven",
]
_EIND = [
    "dam",
    "veen",
    "dijk",
    "horst",
    "wijk",
    "broek",
    "hoven",
    "loo",
    "rade",
    "sum",
    "werd",
    "zijl",
    "burg",
    "stede",
    "mond",
    "dorp",
    "hem",
    "holt",
    "lo",
    "kerk",
]
_BIJZONDER = ["'s-Heerenwolde", "Súdwâldsterdiel", "Oud-Beijerwaard", "Nieuw-Ëlsterdam"]
_BUURTNAMEN = [
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Haven",
    "Dorp",
    "Kern",
    "Buitengebied",
    "Park",
    "Molenwijk",
    "Schoolbuurt",
    "Bloemenbuurt",
    "Stationsbuurt",
    "Polder",
]

# Verdeling van antwoorden, ongeveer als in de overzichtsrapportage 2020 (seed 003).
# enkel/matrix: gewicht per optie; meer: kans per optie. 2019 wijkt waar het rapport dat zegt.
VERDELING: dict[str, object] = {
    "week_deelname": {"ja": 0.88, "nee": 0.12},
    "week_materiaal": {"ja": 0.68, "nee": 0.32},
    "bewustwording": {"nee": 0.06, "plannen": 0.16, "ja_anders": 0.17, "ja_subgroepen": 0.23, "ja_volledig": 0.38},
    "signaalpunt": {"ja": 0.37, "nee": 0.63},
    "signaleringsnetwerk": {"ja": 0.64, "nee": 0.36},
    "ondersteuning_signalen": {
        "sociale_kaart": 0.41,
        "welzijn_op_recept": 0.33,
        "vraag_aanbod_platform": 0.30,
        "anders": 0.70,
    },
    "tools": {
        "adviseurs": (0.05, 0.20, 0.75),
        "handreiking": (0.10, 0.50, 0.40),
        "cursusmateriaal": (0.20, 0.55, 0.25),
        "toolkit_over_de_drempel": (0.30, 0.43, 0.27),
        "toolkit_huisbezoeken": (0.30, 0.43, 0.27),
        "toolkit_campagne": (0.10, 0.42, 0.48),
        "toolkit_lokale_coalitie": (0.10, 0.42, 0.48),
    },
    "commitment_beleid": {"geen": 0.05, "wethouder": 0.32, "uitvoeringsplan": 0.31, "raad": 0.32},
    "commitment_budget": {"geen": 0.15, "eenmalig": 0.35, "meerjarig": 0.30, "structureel": 0.20},
    "commitment": {"wethouder": 0.78, "raad": 0.73, "uitvoeringsplan": 0.40, "budget": 0.50, "geen": 0.04},
    "coalitie": {"geen": 0.27, "opstart": 0.39, "actief": 0.24, "zeer_actief": 0.10},
    "kartrekker": {"ja": 0.75, "nee": 0.25},
    "partijen": {
        "gemeente": (0.04, 0.15, 0.41, 0.40),
        "zorg_welzijn": (0.03, 0.05, 0.69, 0.23),
        "zelforganisaties": (0.10, 0.22, 0.58, 0.10),
        "kunst_cultuur": (0.30, 0.30, 0.37, 0.03),
        "sport": (0.28, 0.30, 0.39, 0.03),
        "woningcorporaties": (0.25, 0.35, 0.37, 0.03),
        "levensbeschouwelijk": (0.30, 0.30, 0.37, 0.03),
        "ondernemers": (0.52, 0.25, 0.20, 0.03),
        "financiele_sector": (0.72, 0.18, 0.09, 0.01),
    },
    "netwerk_partners": {
        "gemeente": 0.90,
        "welzijn": 0.90,
        "zorg": 0.60,
        "ouderenbonden": 0.60,
        "vrijwilligers": 0.50,
        "bedrijven": 0.20,
        "kerken": 0.40,
        "onderwijs": 0.20,
    },
    "huisbezoeken": {
        "nee": 0.10,
        "plannen": 0.03,
        "zonder_eenzaamheid": 0.03,
        "keukentafel": 0.12,
        "ja_specifiek": 0.05,
        "ja_volledig": 0.57,
    },
    "huisbezoek_uitvoerders": {
        "vrijwilligers": 0.88,
        "sociaal_werkers": 0.50,
        "gemeente": 0.30,
        "zorgmedewerkers": 0.25,
        "overig": 0.15,
    },
    "betrokken_activiteiten": {"nee": 0.25, "deel": 0.65, "gehele": 0.10},
    "betrokken_beleid": {"nee": 0.29, "deel": 0.56, "gehele": 0.15},
    "databank_interventies": {"ja": 0.30, "nee": 0.70},
    "langetermijnvisie": {"ja": 0.50, "nee": 0.50},
    "tijdelijke_financiering": {"volledig": 0.25, "gedeeltelijk": 0.42, "nee": 0.33},
    "best_practices": {"geen": 0.27, "andere_gemeente": 0.43, "zonmw": 0.18, "anders": 0.36},
    "lerende_praktijk": {
        "geen": 0.42,
        "evalueren_met_partijen": 0.54,
        "ervaringen_ouderen": 0.19,
        "praktijkonderzoek": 0.12,
    },
    "monitoring": {"nee": 0.15, "deels": 0.50, "ja": 0.35},
    "bijsturen": {"nee": 0.18, "deels": 0.50, "ja": 0.32},
    "ggd_metingen": {"ja": 0.41, "nee": 0.59},
    "corona_effect": {
        "hulpverlening_stil": 0.71,
        "activiteiten_stil": 0.67,
        "nieuwe_initiatieven": 0.80,
        "bestuurlijke_prioriteit": 0.69,
        "coalities_versterkt": 0.51,
        "nieuwe_coalities": 0.19,
        "geen_effect": 0.02,
    },
    "uitdagingen": {
        "duurzame_aanpak": 0.70,
        "doelgroep_betrekken": 0.55,
        "netwerk": 0.40,
        "signaleren": 0.40,
        "monitoring": 0.35,
        "bestuurlijk_commitment": 0.10,
    },
    "ondersteuningsbehoefte": {
        "duurzame_aanpak": 0.55,
        "doelgroep_betrekken": 0.45,
        "netwerk": 0.30,
        "signaleren": 0.30,
        "monitoring": 0.35,
        "geen": 0.08,
    },
}
VERDELING_2019 = {
    "week_deelname": {"ja": 0.82, "nee": 0.18},
    "bewustwording": {"nee": 0.10, "plannen": 0.20, "ja_anders": 0.18, "ja_subgroepen": 0.22, "ja_volledig": 0.30},
    "signaalpunt": {"ja": 0.33, "nee": 0.67},
    "signaleringsnetwerk": {"ja": 0.73, "nee": 0.27},
    "coalitie": {"geen": 0.40, "opstart": 0.35, "actief": 0.18, "zeer_actief": 0.07},
    "huisbezoeken": {
        "nee": 0.15,
        "plannen": 0.05,
        "zonder_eenzaamheid": 0.05,
        "keukentafel": 0.15,
        "ja_specifiek": 0.10,
        "ja_volledig": 0.39,
    },
    "databank_interventies": {"ja": 0.56, "nee": 0.44},
    "langetermijnvisie": {"ja": 0.66, "nee": 0.34},
    "tijdelijke_financiering": {"volledig": 0.40, "gedeeltelijk": 0.40, "nee": 0.20},
    "lerende_praktijk": {
        "geen": 0.13,
        "evalueren_met_partijen": 0.60,
        "ervaringen_ouderen": 0.25,
        "praktijkonderzoek": 0.15,
    },
    "ggd_metingen": {"ja": 0.55, "nee": 0.45},
}
TOELICHTINGEN = [
    "Wij werken samen met de bibliotheek; neem contact op met mevrouw J. de Vries (06-12345678).",
    "Contact: p.jansen@voorbeeldgemeente.nl\nZie ook ons uitvoeringsplan.",
    "Onze coalitie is in 2020 gestart, mede dankzij wethouder K. Bakker.",
    "Geen opmerkingen.",
]
VOORNAMEN = ["Anouk", "Bram", "Carla", "Daan", "Eline", "Femke", "Gijs", "Hanna", "Ivo", "Joris"]
ACHTERNAMEN = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]


@dataclass
class Gemeente:
    code: str
    naam: str
    provincie: str
    inwoners: int
    punt: tuple[float, float]
    rijpheid: float  # hoe ver de aanpak is (0-1); stuurt de antwoorden, zodat die samenhangen
    vlak: Polygon | None = None
    buurten: list[tuple[str, str, Polygon]] = field(default_factory=list)


def _namen(rng: np.random.Generator, aantal: int) -> list[str]:
    namen: list[str] = list(_BIJZONDER)
    while len(namen) < aantal:
        naam = str(rng.choice(_BEGIN)) + str(rng.choice(_EIND))
        if naam not in namen:
            namen.append(naam)
    volgorde = rng.permutation(aantal)
    return [namen[i] for i in volgorde]


def _inwoners(rng: np.random.Generator, aantal: int) -> list[int]:
    # Quota per grootteklasse zoals onder de deelnemende gemeenten: veel middelgrote, een paar grote.
    grenzen = [(3_000, 20_000, 0.34), (20_000, 50_000, 0.40), (50_000, 100_000, 0.15), (100_000, 650_000, 0.11)]
    waarden: list[int] = []
    for laag, hoog, aandeel in grenzen:
        n = round(aandeel * aantal)
        waarden += [int(np.exp(rng.uniform(np.log(laag), np.log(hoog)))) for _ in range(n)]
    while len(waarden) < aantal:
        waarden.append(int(rng.uniform(20_000, 50_000)))
    waarden = waarden[:aantal]
    return [waarden[i] for i in rng.permutation(aantal)]


def maak_gemeenten(rng: np.random.Generator, aantal: int) -> list[Gemeente]:
    land = Polygon(LANDGRENS)
    totaal = sum(p[2] for p in PROVINCIES)
    per_provincie = [max(3, round(p[2] * aantal / totaal)) for p in PROVINCIES]
    while sum(per_provincie) > aantal:
        per_provincie[int(np.argmax(per_provincie))] -= 1
    while sum(per_provincie) < aantal:
        per_provincie[int(np.argmin(per_provincie))] += 1
    namen, inwoners = _namen(rng, aantal), _inwoners(rng, aantal)
    gemeenten: list[Gemeente] = []
    for (pv_code, _, _, (lon, lat)), n in zip(PROVINCIES, per_provincie):
        for _ in range(n):
            while True:
                punt = (lon + rng.normal(0, 0.22), lat + rng.normal(0, 0.13))
                if land.contains(Point(punt)):
                    break
            i = len(gemeenten)
            groot = np.log(inwoners[i]) / np.log(650_000)
            gemeenten.append(
                Gemeente(
                    code=f"GM{9001 + i}",
                    naam=namen[i],
                    provincie=pv_code,
                    inwoners=inwoners[i],
                    punt=punt,
                    rijpheid=float(np.clip(rng.beta(2, 2) * 0.7 + groot * 0.3, 0, 1)),
                )
            )
    cellen = voronoi_polygons(MultiPoint([g.punt for g in gemeenten]), extend_to=land)
    for cel in cellen.geoms:
        g = next(g for g in gemeenten if cel.contains(Point(g.punt)))
        g.vlak = _veelhoek(cel.intersection(land))
    return gemeenten


def _veelhoek(geometrie) -> Polygon:
    geometrie = make_valid(geometrie)
    if geometrie.geom_type == "Polygon":
        return geometrie
    delen = [d for d in getattr(geometrie, "geoms", []) if d.geom_type == "Polygon"]
    return max(delen, key=lambda d: d.area)


def maak_buurten(rng: np.random.Generator, gemeente: Gemeente) -> None:
    aantal = int(np.clip(2 + gemeente.inwoners // 9_000, 2, 24))
    minx, miny, maxx, maxy = gemeente.vlak.bounds
    punten: list[tuple[float, float]] = []
    while len(punten) < aantal:
        p = (rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if gemeente.vlak.contains(Point(p)):
            punten.append(p)
    cellen = voronoi_polygons(MultiPoint(punten), extend_to=gemeente.vlak)
    gemeente.buurten = []
    nummer = gemeente.code[2:]
    for i, cel in enumerate(sorted(cellen.geoms, key=lambda c: (-c.centroid.y, c.centroid.x))):
        stuk = cel.intersection(gemeente.vlak)
        if stuk.is_empty or stuk.area == 0:
            continue
        naam = _BUURTNAMEN[i % len(_BUURTNAMEN)] + ("" if i < len(_BUURTNAMEN) else f" {i // len(_BUURTNAMEN) + 1}")
        gemeente.buurten.append((f"BU{nummer}{i + 1:04d}", naam, make_valid(stuk)))


def _trek(rng: np.random.Generator, vraag: Vraag, jaar: int, rijpheid: float) -> dict[str, str]:
    """Eén antwoord op één vraag als exportkolommen."""
    verdeling = (VERDELING_2019 if jaar == VORIG_JAAR else {}).get(vraag.id, VERDELING.get(vraag.id))
    kantel = 2.4 * (rijpheid - 0.5)
    uit: dict[str, str] = {}
    if vraag.type == "open":
        uit[vraag.id] = str(rng.choice(TOELICHTINGEN)) if rng.random() < 0.35 else ""
        return uit
    if vraag.type == "meer":
        if rng.random() < 0.03:
            return {f"{vraag.id}__{o.code}": "" for o in vraag.opties}
        exclusief = [o for o in vraag.opties if o.exclusief]
        kansen = verdeling or {o.code: 0.4 for o in vraag.opties}
        if exclusief and rng.random() < kansen.get(exclusief[0].code, 0.05) * (1.3 - rijpheid):
            gekozen = {exclusief[0].code}
        else:
            gekozen = {
                o.code
                for o in vraag.opties
                if not o.exclusief and rng.random() < np.clip(kansen.get(o.code, 0.4) + 0.25 * kantel / 2.4, 0.01, 0.99)
            }
        return {f"{vraag.id}__{o.code}": "1" if o.code in gekozen else "0" for o in vraag.opties}

    def kies(gewichten: list[float]) -> str:
        if rng.random() < 0.03:
            return ""
        rangen = np.array(
            [o.rang if o.rang is not None else (1 if o.code == "ja" else 0) for o in vraag.opties], dtype=float
        )
        w = np.array(gewichten, dtype=float) * np.exp(kantel * rangen / max(rangen.max(), 1))
        return vraag.opties[int(rng.choice(len(w), p=w / w.sum()))].code

    if vraag.type == "enkel":
        gewichten = [verdeling.get(o.code, 0.1) for o in vraag.opties] if verdeling else [1] * len(vraag.opties)
        uit[vraag.id] = kies(gewichten)
    else:
        for rij in vraag.rijen:
            gewichten = list(verdeling.get(rij.code, [1] * len(vraag.opties))) if verdeling else [1] * len(vraag.opties)
            uit[f"{vraag.id}__{rij.code}"] = kies(gewichten)
    return uit


def _tijd(rng: np.random.Generator, begin: np.datetime64, dagen: int) -> np.datetime64:
    return begin + np.timedelta64(int(rng.integers(0, dagen * 86_400)), "s")


def _iso(t: np.datetime64) -> str:
    return str(t.astype("datetime64[s]"))


def _schrijf_csv(pad: Path, kolommen: list[str], rijen: list[dict], scheiding: str, bom: bool) -> None:
    buffer = io.StringIO()
    schrijver = csv.DictWriter(buffer, fieldnames=kolommen, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writeheader()
    schrijver.writerows(rijen)
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))


@dataclass
class Jaar:
    jaar: int
    gemeenten: list[Gemeente]
    codeboek: Codeboek
    deelname: float


def _export(
    rng: np.random.Generator,
    jaar: Jaar,
    doel: Path,
    scheiding: str,
    naar_nieuw: dict[str, str],
    zeker: tuple[str, ...] = (),
) -> None:
    gemeenten = jaar.gemeenten
    codes = [g.code for g in gemeenten]
    # Contactpersonen: de meeste voor één gemeente, sommige voor een samenwerking van 2-3.
    volgorde = [codes[i] for i in rng.permutation(len(codes))]
    uitgenodigd = list(zeker) + [c for c in volgorde[: int(len(codes) * jaar.deelname)] if c not in zeker]
    contacten: list[list[str]] = []
    i = 0
    while i < len(uitgenodigd):
        grootte = 1 if rng.random() < 0.9 or uitgenodigd[i] in zeker else int(rng.integers(2, 4))
        contacten.append(uitgenodigd[i : i + grootte])
        i += grootte
    uitnodigingen = [
        {"contact_id": f"C{jaar.jaar}-{n + 1:03d}", "gemeente_codes": "|".join(c)} for n, c in enumerate(contacten)
    ]
    _schrijf_csv(
        doel / str(jaar.jaar) / f"uitnodigingen_{jaar.jaar}.csv",
        ["contact_id", "gemeente_codes"],
        uitnodigingen,
        ";",
        False,
    )

    per_code = {g.code: g for g in gemeenten}
    kolommen = list(VASTE_EXPORTKOLOMMEN) + list(jaar.codeboek.kolommen())
    begin = np.datetime64(f"{jaar.jaar}-10-01T08:00" if jaar.jaar == JAAR else f"{jaar.jaar}-12-01T08:00")
    rijen: list[dict] = []

    def antwoord(contact: list[str], ingediend: bool = True) -> dict:
        g = per_code[contact[0]]
        voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
        gestart = _tijd(rng, begin, 35)
        rij = {
            "gemeente_code": g.code,
            "overige_gemeenten": "|".join(contact[1:]),
            "contactpersoon": f"{voornaam} {achternaam}",
            "email": f"{str(voornaam).lower()}.{str(achternaam).replace(' ', '').lower()}@{g.naam.lower().replace(chr(39), '').replace(' ', '')}.example.nl",
            "gestart_op": _iso(gestart),
            "ingediend_op": _iso(gestart + np.timedelta64(int(rng.integers(600, 86_400 * 3)), "s"))
            if ingediend
            else "",
        }
        for vraag in jaar.codeboek.vragen:
            rij.update(_trek(rng, vraag, jaar.jaar, g.rijpheid))
        return rij

    for contact in contacten:
        kans = 0.45 + 0.45 * per_code[contact[0]].rijpheid
        if rng.random() < kans or contact[0] in zeker:
            rijen.append(antwoord(contact))
    # De lastige rijen die echte exports hebben.
    rijen.append(antwoord(contacten[-1], ingediend=False))  # tussentijds opgeslagen
    rijen.append(antwoord(contacten[-2], ingediend=False))
    fout_code = antwoord(contacten[0])
    fout_code["signaalpunt"] = "misschien"  # code niet in het codeboek
    rijen.append(fout_code)
    exclusief = antwoord(contacten[1])
    vraag_ex = next(v for v in jaar.codeboek.vragen if v.type == "meer" and any(o.exclusief for o in v.opties))
    for o in vraag_ex.opties:
        exclusief[f"{vraag_ex.id}__{o.code}"] = "1"  # exclusief + andere opties
    rijen.append(exclusief)
    onbekend = antwoord(contacten[2])
    onbekend["gemeente_code"] = "GM9999"  # bestaat niet
    rijen.append(onbekend)
    for oud, nieuw in sorted(naar_nieuw.items())[:1]:  # oude code na herindeling
        bestaand = next((r for r in rijen if r["gemeente_code"] == nieuw and r["ingediend_op"]), None)
        if bestaand is None:
            rijen.append(antwoord([nieuw]))
            bestaand = rijen[-1]
        bestaand["gemeente_code"] = oud
    rijen = [rijen[i] for i in rng.permutation(len(rijen))]
    # Opnieuw ingediend: de latere inzending staat eerder in het bestand dan die ze vervangt.
    origineel = next(
        i for i, r in enumerate(rijen[5:], start=5) if r["ingediend_op"] and r["gemeente_code"] in per_code
    )
    herzien = antwoord([rijen[origineel]["gemeente_code"]])
    herzien["overige_gemeenten"] = rijen[origineel]["overige_gemeenten"]
    herzien["ingediend_op"] = _iso(np.datetime64(rijen[origineel]["ingediend_op"]) + np.timedelta64(2, "D"))
    rijen.insert(origineel - 3, herzien)
    for n, rij in enumerate(rijen):
        rij["respondent_id"] = f"R{jaar.jaar}-{n + 1:04d}"
    _schrijf_csv(
        doel / str(jaar.jaar) / f"vragenlijst_{jaar.jaar}.csv", kolommen, rijen, scheiding, bom=scheiding == ";"
    )


def _gemeentetabel(pad: Path, gemeenten: list[Gemeente]) -> None:
    namen = {p[0]: p[1] for p in PROVINCIES}
    rijen = [
        {
            "gemeente_code": g.code,
            "gemeente_naam": g.naam,
            "provincie_code": g.provincie,
            "provincie_naam": namen[g.provincie],
            "inwoners": g.inwoners,
        }
        for g in sorted(gemeenten, key=lambda g: g.code)
    ]
    _schrijf_csv(pad, list(rijen[0]), rijen, ";", False)


RIVM_KOLOMMEN = {  # stam -> nummer zoals in editie 50120NED (het nummer verschilt per editie)
    "EenOfMeerLangdurigeAandoeningen": 15,
    "BeperktVanwegeGezondheid": 16,
    "HoogRisicoOpAngstOfDepressie": 24,
    "PsychischeKlachten": 25,
    "Eenzaam": 27,
    "ErnstigZeerErnstigEenzaam": 28,
    "EmotioneelEenzaam": 29,
    "SociaalEenzaam": 30,
}
RIVM_NIVEAU = {  # landelijk niveau 65+ en 18+ (%), ongeveer als RIVM 2020/2022
    "Eenzaam": (49.0, 46.0),
    "ErnstigZeerErnstigEenzaam": (11.0, 12.0),
    "EmotioneelEenzaam": (34.0, 32.0),
    "SociaalEenzaam": (37.0, 34.0),
    "HoogRisicoOpAngstOfDepressie": (4.5, 7.0),
    "PsychischeKlachten": (10.0, 14.0),
    "EenOfMeerLangdurigeAandoeningen": (80.0, 58.0),
    "BeperktVanwegeGezondheid": (45.0, 30.0),
}


def _rivm(rng: np.random.Generator, gemeenten: list[Gemeente], pad: Path) -> None:
    stammen = list(RIVM_KOLOMMEN)
    kolommen = [
        "ID",
        "WijkenEnBuurten",
        "Gemeentenaam_1",
        "SoortRegio_2",
        "Codering_3",
        "Leeftijd",
        "Marges",
        "Perioden",
    ] + [f"{s}_{RIVM_KOLOMMEN[s]}" for s in stammen]
    rijen: list[dict] = []

    def regio(code: str, naam: str, soort: str, afwijking: float, onderdrukt: bool) -> None:
        for leeftijd, index in (("80200", 0), ("20300", 1)):
            punt = {
                s: float(np.clip(RIVM_NIVEAU[s][index] * (1 + afwijking) + rng.normal(0, 1.2), 0.5, 99))
                for s in stammen
            }
            for marge, factor in (("MW00000", 0), ("MOG0095", -1), ("MBG0095", 1)):
                rij = {
                    "ID": str(len(rijen)),
                    "WijkenEnBuurten": code.ljust(10),
                    "Gemeentenaam_1": naam.ljust(40),
                    "SoortRegio_2": soort.ljust(10),
                    "Codering_3": code.ljust(20),
                    "Leeftijd": leeftijd,
                    "Marges": marge,
                    "Perioden": f"{JAAR}JJ00",
                }
                for s in stammen:
                    if onderdrukt:
                        waarde = "."
                    else:
                        breedte = 2.0 + punt[s] * 0.08
                        waarde = f"{punt[s] + factor * breedte:.1f}"
                    rij[f"{s}_{RIVM_KOLOMMEN[s]}"] = waarde.rjust(8)
                rijen.append(rij)

    for g in sorted(gemeenten, key=lambda g: g.code):
        niveau = rng.normal(0, 0.08)
        regio(g.code, g.naam, "Gemeente", niveau, False)
        for n, (code, _, _vlak) in enumerate(g.buurten):
            if n % 4 == 0:
                regio(f"WK{g.code[2:]}{n // 4:02d}", g.naam, "Wijk", niveau, False)
            klein = rng.random() < 0.08  # te weinig respondenten: RIVM onderdrukt de buurt
            regio(code, g.naam, "Buurt", niveau + rng.normal(0, 0.12), klein)
    # Nederland (NL01) zoals in de echte tabel, zonder toeval: de andere cijfers blijven dezelfde bytes.
    for leeftijd, index in (("80200", 0), ("20300", 1)):
        for marge, factor in (("MW00000", 0), ("MOG0095", -1), ("MBG0095", 1)):
            rij = {
                "ID": str(len(rijen)),
                "WijkenEnBuurten": "NL01".ljust(10),
                "Gemeentenaam_1": "Nederland".ljust(40),
                "SoortRegio_2": "Land".ljust(10),
                "Codering_3": "NL01".ljust(20),
                "Leeftijd": leeftijd,
                "Marges": marge,
                "Perioden": f"{JAAR}JJ00",
            }
            for s in stammen:
                rij[f"{s}_{RIVM_KOLOMMEN[s]}"] = f"{RIVM_NIVEAU[s][index] + factor * 0.3:.1f}".rjust(8)
            rijen.append(rij)
    _schrijf_csv(pad, kolommen, rijen, ";", False)


def _geojson(pad: Path, kenmerken: list[tuple[str, str, object]]) -> None:
    def rond(x):
        if isinstance(x, (list, tuple)):
            return [rond(y) for y in x]
        return round(float(x), 5)

    features = [
        {
            "type": "Feature",
            "properties": {"statcode": code, "statnaam": naam},
            "geometry": {"type": (m := mapping(vlak))["type"], "coordinates": rond(m["coordinates"])},
        }
        for code, naam, vlak in kenmerken
    ]
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
        + "\n",
        encoding="utf-8",
    )


def _params(doel: Path, params_map: Path) -> str:
    rel = Path(os.path.relpath(Path(doel).resolve(), Path(params_map).resolve())).as_posix()
    verwerkt = Path(os.path.relpath(Path(doel).resolve().parent / "processed", Path(params_map).resolve())).as_posix()
    rapporten = Path(
        os.path.relpath(Path(doel).resolve().parents[1] / "reports", Path(params_map).resolve())
    ).as_posix()
    return f"""# Demo-run op fictieve gegevens (gemaakt met `python -m eenzaamheid.demo data/raw`).
jaar: {JAAR}
vorig_jaar: {VORIG_JAAR}
fictief: true
bronnen:
  {JAAR}:
    antwoorden: {rel}/{JAAR}/vragenlijst_{JAAR}.csv
    codeboek: {rel}/{JAAR}/vragenlijst_{JAAR}.yml
    uitnodigingen: {rel}/{JAAR}/uitnodigingen_{JAAR}.csv
    gemeenten: {rel}/{JAAR}/gemeenten_{JAAR}.csv
  {VORIG_JAAR}:
    antwoorden: {rel}/{VORIG_JAAR}/vragenlijst_{VORIG_JAAR}.csv
    codeboek: {rel}/{VORIG_JAAR}/vragenlijst_{VORIG_JAAR}.yml
    uitnodigingen: {rel}/{VORIG_JAAR}/uitnodigingen_{VORIG_JAAR}.csv
    gemeenten: {rel}/{VORIG_JAAR}/gemeenten_{VORIG_JAAR}.csv
herindelingen: {rel}/herindelingen.csv
gezondheid: {rel}/rivm/gezondheid_buurten.csv
buurtgrenzen: {rel}/cbs/buurten.geojson
gemeentegrenzen: {rel}/cbs/gemeenten.geojson
uitvoer: {rapporten}/{JAAR}
verwerkt: {verwerkt}/{JAAR}
onderdrukking_minimum: 5
grootteklassen:
  - {{naam: "tot 20.000 inwoners", vanaf: 0, tot: 20000}}
  - {{naam: "20.000 tot 50.000 inwoners", vanaf: 20000, tot: 50000}}
  - {{naam: "50.000 tot 100.000 inwoners", vanaf: 50000, tot: 100000}}
  - {{naam: "100.000 inwoners of meer", vanaf: 100000}}
"""


def maak_demo(doel: Path, aantal_gemeenten: int = 130, seed: int = SEED) -> None:
    doel = Path(doel)
    rng = np.random.default_rng(seed)
    oud = maak_gemeenten(rng, aantal_gemeenten)
    for g in oud:
        maak_buurten(rng, g)
    # Herindeling per 1-1-2020: de twee gemeenten met de meeste gedeelde grens gaan samen.
    a = oud[12]
    b = max(
        (g for g in oud if g is not a and g.provincie == a.provincie),
        key=lambda g: a.vlak.buffer(1e-6).intersection(g.vlak).area,
    )
    nieuw = Gemeente(
        code=f"GM{9001 + aantal_gemeenten}",
        naam=f"{a.naam}-{b.naam}",
        provincie=a.provincie,
        inwoners=a.inwoners + b.inwoners,
        punt=a.punt,
        rijpheid=max(a.rijpheid, b.rijpheid),
        vlak=_veelhoek(a.vlak.union(b.vlak)),
    )
    nieuw.buurten = [
        (f"BU{nieuw.code[2:]}{i + 1:04d}", naam, vlak) for i, (_, naam, vlak) in enumerate(a.buurten + b.buurten)
    ]
    huidig = [g for g in oud if g not in (a, b)] + [nieuw]
    naar_nieuw = {a.code: nieuw.code, b.code: nieuw.code}

    _gemeentetabel(doel / str(VORIG_JAAR) / f"gemeenten_{VORIG_JAAR}.csv", oud)
    _gemeentetabel(doel / str(JAAR) / f"gemeenten_{JAAR}.csv", huidig)
    _schrijf_csv(
        doel / "herindelingen.csv",
        ["datum", "oude_code", "nieuwe_code"],
        [{"datum": HERINDELING_DATUM, "oude_code": o, "nieuwe_code": n} for o, n in sorted(naar_nieuw.items())],
        ";",
        False,
    )
    codeboeken = {j: lees_codeboek(doel / str(j) / f"vragenlijst_{j}.yml") for j in (VORIG_JAAR, JAAR)}
    # Beide voorgangers deden in 2019 mee, zodat het panel de keuze tussen hen laat zien.
    _export(rng, Jaar(VORIG_JAAR, oud, codeboeken[VORIG_JAAR], 0.55), doel, ",", {}, zeker=(a.code, b.code))
    _export(rng, Jaar(JAAR, huidig, codeboeken[JAAR], 0.80), doel, ";", naar_nieuw)
    _rivm(rng, huidig, doel / "rivm" / "gezondheid_buurten.csv")
    _geojson(
        doel / "cbs" / "buurten.geojson",
        [(c, n, v) for g in sorted(huidig, key=lambda g: g.code) for c, n, v in g.buurten],
    )
    _geojson(
        doel / "cbs" / "gemeenten.geojson", [(g.code, g.naam, g.vlak) for g in sorted(huidig, key=lambda g: g.code)]
    )


def schrijf_demo(map_: Path, aantal_gemeenten: int = 130, seed: int = SEED) -> Path:
    """Een volledige demo in `map_` (ook een nieuwe of lege map): invoer, parameterbestand, plek voor uitvoer.

    `map_/data/raw/` krijgt de invoer (de codeboeken gaan mee uit het pakket), `map_/params/demo.yml`
    schrijft de nette tabellen naar `map_/data/processed/` en de rapporten naar `map_/reports/`.
    Geeft het parameterbestand terug.
    """
    map_ = Path(map_)
    ruw = map_ / "data" / "raw"
    for jaar in (VORIG_JAAR, JAAR):
        naam = f"{jaar}/vragenlijst_{jaar}.yml"
        (ruw / naam).parent.mkdir(parents=True, exist_ok=True)
        (ruw / naam).write_bytes((DEMO_CODEBOEKEN / naam).read_bytes())
    maak_demo(ruw, aantal_gemeenten, seed)
    params = map_ / "params" / "demo.yml"
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(_params(ruw, params.parent), encoding="utf-8")
    return params


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doel", type=Path, help="map voor de ruwe gegevens, bijvoorbeeld data/raw")
    parser.add_argument("--gemeenten", type=int, default=130)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--params", type=Path, help="schrijf ook een parameterbestand hierheen")
    args = parser.parse_args(argv)
    maak_demo(args.doel, args.gemeenten, args.seed)
    if args.params:
        args.params.write_text(_params(args.doel, args.params.parent), encoding="utf-8")


if __name__ == "__main__":
    main()
