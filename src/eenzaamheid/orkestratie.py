"""De run: één keer parameters laden, alle invoer lezen en valideren, verwerken, en de rapportages maken.

    parameters ─► valideren (inlezen + controleren) ─► verwerken ─► tussenresultaten schrijven
                                                          │
                                                          ├─► openbaarmaking (één keer per groep)
                                                          ├─► factsheets (warme kernels)
                                                          ├─► overzicht
                                                          └─► controle van de openbaarmaking

Elke stap is een functie die krijgt wat ze nodig heeft en teruggeeft wat ze maakte; binnen de run
wordt niets opnieuw van schijf gelezen. De notebook-kernels zijn eigen processen: die laden de
nette tabellen één keer per kernel, via dezelfde pakket-API die een losse notebookrun gebruikt.

Alleen wat verandert wordt opnieuw gemaakt (`rapporteren/incrementeel.py`): de validatie als de
invoer, de parameters, de validatieregels of de code veranderden; een factsheet als iets wat zij
toont veranderde; het overzicht en de controle als hun invoer veranderde. Een run zonder werk laadt
de nette tabellen niet eens.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import herkomst
from .config import MAP_FACTSHEETS, MAP_OVERZICHT, MAP_VALIDATIE, REGELS, controleer_mappen
from .fouten import InvoerFout
from .inlezen.params import Params, lees_params
from .rapporteren import incrementeel as inc

if TYPE_CHECKING:
    from .verwerken.cijfers import Benchmark
    from .verwerken.netjes import Verwerkt

OPDRACHTEN = ("validate", "factsheets", "overview", "run", "controleer-openbaarmaking")


@dataclass
class Verslag:
    """Wat een run deed, voor de samenvatting op de terminal."""

    regels: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    # onderdeel (validatie, factsheets, overzicht, controle) -> gemaakt / ongewijzigd / mislukt
    tellingen: dict[str, dict[str, int]] = field(default_factory=dict)

    def meld(self, tekst: str) -> None:
        self.regels.append(tekst)
        print(tekst, flush=True)

    def tel(self, onderdeel: str, gemaakt: int = 0, ongewijzigd: int = 0, mislukt: int = 0) -> None:
        self.tellingen[onderdeel] = {"gemaakt": gemaakt, "ongewijzigd": ongewijzigd, "mislukt": mislukt}


@dataclass
class Invoer:
    """De gevalideerde invoer van een run met de sleutels waarop de rapporten rusten; de tabellen zelf
    worden pas gelezen als er iets gemaakt moet worden."""

    params: Params
    code: str  # codesleutel: pakket, notebooks, sjablonen, huisstijl, versies
    regels: inc.Regels
    deelnemers: list[str]
    gegevens: str  # wat voor elke factsheet telt: nette tabellen en invoer die niet per gemeente is
    per_gemeente: dict[str, str]  # wat alleen voor die gemeente telt (haar buurtcijfers en -vlakken)
    gevalideerd: bool = False  # de validatie liep in deze run
    _verwerkt: Verwerkt | None = None
    _bench: Benchmark | None = None

    def verwerkt(self) -> Verwerkt:
        if self._verwerkt is None:
            from .verwerken.opslag import lees_verwerkt

            self._verwerkt = lees_verwerkt(self.params)
        return self._verwerkt

    def bench(self) -> Benchmark:
        if self._bench is None:
            from .verwerken.cijfers import Benchmark

            self._bench = Benchmark(self.verwerkt())
        return self._bench


def invoerbestanden(params: Params) -> list[Path]:
    """Elk bestand dat het parameterbestand als invoer noemt (uitvoermappen niet)."""
    gevonden: list[Path] = []

    def loop(waarde) -> None:
        if isinstance(waarde, Path):
            gevonden.append(waarde)
        elif isinstance(waarde, dict):
            for k in sorted(waarde, key=str):
                loop(waarde[k])
        elif isinstance(waarde, list | tuple):
            for v in waarde:
                loop(v)
        elif hasattr(waarde, "model_fields"):
            for naam in type(waarde).model_fields:
                if (waarde is not params or naam not in ("uitvoer", "verwerkt")) and not naam.startswith("_"):
                    loop(getattr(waarde, naam))

    loop(params)
    return gevonden


VALIDATIEREGELS = ("validatie_meldingen.yml",)  # de enige regels die het validatierapport leest


def valideer_en_verwerk(params: Params, verslag: Verslag) -> Invoer:
    """Lees en controleer alle invoer, schrijf het validatierapport en de nette tabellen.

    Overgeslagen als invoer, parameters, validatieregels en code gelijk zijn aan die van de vorige run
    en rapport en tabellen er nog zijn: dan gelden de bewaarde telling en sleutels.
    """
    begin = time.perf_counter()
    code = inc.codesleutel()
    regels = inc.Regels.lees()
    alle_invoer = invoerbestanden(params)
    sleutel = inc.sleutel(
        code,
        inc.invoersleutel(params.bestand, alle_invoer),
        *(inc.bestandsleutel(REGELS / naam) for naam in VALIDATIEREGELS if (REGELS / naam).is_file()),
    )
    toestand = inc.Toestand(params.uitvoer, "validatie")
    if toestand.actueel("invoer", sleutel):
        # Herkomst elke run: ook een gewijzigde regel (zonder nieuwe validatie) moet erin staan.
        schrijf_herkomst(params)
        oud = toestand.onderdelen["invoer"]
        verslag.meld(f"Validatie: invoer ongewijzigd sinds de vorige run ({time.perf_counter() - begin:.1f} s)")
        for regel in oud["regels"]:
            verslag.meld(regel)
        verslag.tel("validatie", ongewijzigd=1)
        return Invoer(params, code, regels, oud["deelnemers"], oud["gegevens"], oud["per_gemeente"])

    from .rapporteren.validatierapport import stap_validatierapport
    from .valideren.invoer import valideer
    from .valideren.rapport import quarantaine_tabel, schrijf_validatie
    from .verwerken.gebieden import schrijf_gebieden
    from .verwerken.netjes import verwerk
    from .verwerken.opslag import opslagtabellen, schrijf_verwerkt, uit_tabellen

    validatie = valideer(params)  # een onbruikbaar invoerbestand stopt hier, met een melding in het Nederlands
    schrijf_herkomst(params)
    verwerkt = verwerk(validatie)
    map_ = schrijf_validatie(validatie)
    tabellen = opslagtabellen(verwerkt)
    geschreven = schrijf_verwerkt(tabellen, params.verwerkt_map) + schrijf_gebieden(validatie, params.verwerkt_map)
    # Het validatienotebook leest de nette tabellen (panel) en de tabellen van de validatie van schijf.
    fouten_voor = len(verslag.fouten)
    stap_validatierapport(params, quarantaine_tabel(validatie), validatie.meldingen, verslag, code)
    gelezen = sum(t.gelezen for t in validatie.tellingen)
    quarantaine = sum(t.quarantaine for t in validatie.tellingen)
    verslag.meld(
        f"Validatie: {gelezen} rijen gelezen, {gelezen - quarantaine} geteld, "
        f"{quarantaine} in quarantaine ({time.perf_counter() - begin:.1f} s). "
        f"Rapport: {map_ / 'validatie.html'}"
    )
    regels_uit = [f"  {jaar}: {len(verwerkt.deelnemers[jaar])} getelde gemeenten" for jaar in params.jaren]
    for regel in regels_uit:
        verslag.meld(regel)
    deelnemers = sorted(verwerkt.deelnemers[params.jaar]["gemeente_code"])
    gegevens, per_gemeente = inc.gegevenssleutels(geschreven, deelnemers)
    per_gemeente_invoer = {str(p.resolve()) for p in herkomst.per_gemeente_bestanden(params)}
    gegevens = inc.sleutel(
        gegevens,
        *(
            inc.bestandsleutel(p) if p.is_file() else f"{p} ontbreekt"
            for p in alle_invoer
            if str(p.resolve()) not in per_gemeente_invoer
        ),
    )
    if len(verslag.fouten) == fouten_voor:  # een mislukt validatierapport wordt de volgende keer opnieuw gemaakt
        toestand.gemaakt(
            "invoer",
            sleutel,
            [map_ / naam for naam in ("rijen.csv", "quarantaine.csv", "meldingen.csv", "validatie.html")] + geschreven,
            regels=[f"  Rapport: {map_ / 'validatie.html'}", *regels_uit],
            deelnemers=deelnemers,
            gegevens=gegevens,
            per_gemeente=per_gemeente,
        )
        verslag.tel("validatie", gemaakt=1)
    else:
        toestand.vergeet("invoer")
        verslag.tel("validatie", mislukt=1)
    toestand.bewaar()
    invoer = Invoer(params, code, regels, deelnemers, gegevens, per_gemeente, gevalideerd=True)
    invoer._verwerkt = uit_tabellen(params, tabellen, verwerkt.codeboeken)
    return invoer


def schrijf_herkomst(params: Params) -> None:
    from .valideren.invoer import bestandsnamen

    namen = {str(k): v for k, v in bestandsnamen(params).items()}
    herkomst.schrijf_als_anders(herkomst.bereken(params, namen), params.uitvoer / MAP_VALIDATIE)


def openbaarmaking(bench: Benchmark, verslag: Verslag) -> None:
    """Beslis één keer per groep en vraag wat elke groep toont (dezelfde cijfers in elke factsheet), en
    schrijf de prijs: getoonde en verborgen cellen per soort groep. De kernels lezen de beslissing van schijf."""
    from . import veilig

    begin = time.perf_counter()
    params = bench.params
    prijs = bench.bewaar_openbaarmaking().prijs()
    params.uitvoer.mkdir(parents=True, exist_ok=True)
    veilig.schrijf_csv(prijs, params.uitvoer / "openbaarmaking.csv")
    delen = [
        f"{r.soort} {r.verborgen} van {r.cellen} verborgen ({str(r.verborgen_pct).replace('.', ',')}%)"
        for r in prijs.itertuples()
    ]
    verslag.meld(f"Openbaarmaking: groepscellen {'; '.join(delen)} ({time.perf_counter() - begin:.1f} s).")


def controleer_openbaarmaking(params: Params, verslag: Verslag, werkers: int | None, alleen: bool = False) -> bool:
    """De exacte controle op wat gepubliceerd is: mag de run naar buiten?"""
    from .controleren.openbaarmaking import controleer
    from .controleren.openbaarmaking import samenvatting as samenvatting_controle
    from .controleren.openbaarmaking import schrijf as schrijf_controle

    controle = controleer(params, werkers=werkers)
    map_ = schrijf_controle(controle, params)
    if alleen:
        for regel in controle.regels()[:20]:
            verslag.meld(regel)
    verslag.meld(samenvatting_controle(controle) + f" Bevindingen: {map_ / 'openbaarmaking_bevindingen.csv'}")
    if not controle.mag_publiceren:
        verslag.fouten.append("de controle van de openbaarmaking vond onthullingen (zie controle/)")
    return controle.mag_publiceren


def _ingevuld(onderdeel: dict) -> set[inc.Veld]:
    return {tuple(v) for v in onderdeel.get("ingevuld", [])}


def factsheet_sleutels(invoer: Invoer, toestand: inc.Toestand, codes) -> dict[str, str]:
    """Per gemeente de sleutel van wat haar factsheet toont (zie `rapporteren/incrementeel.py`)."""
    per_factsheet = set().union(*(_ingevuld(o) for o in toestand.onderdelen.values()))
    algemeen = inc.sleutel(
        invoer.code,
        inc.bestandsleutel(invoer.params.bestand),
        invoer.gegevens,
        invoer.regels.algemeen(per_factsheet),
        # het colofon zoals de factsheet het toont (ook de codeversie van git)
        herkomst.colofon(herkomst.lees(invoer.params.uitvoer), soort="factsheet"),
    )
    return {
        c: inc.sleutel(algemeen, invoer.per_gemeente[c], invoer.regels.eigen(_ingevuld(toestand.onderdelen.get(c, {}))))
        for c in codes
    }


@dataclass
class Plan:
    """Welke factsheets deze run moet maken en welke al actueel zijn."""

    toestand: inc.Toestand
    codes: list[str]
    actueel: set[str]
    te_maken: list[str]


def plan_factsheets(invoer: Invoer, verslag: Verslag, gemeenten: list[str] | None) -> Plan:
    params = invoer.params
    alle = invoer.deelnemers
    codes = gemeenten or alle
    for code in codes:
        if code not in alle:
            verslag.fouten.append(f"{code}: geen getelde gemeente in {params.jaar}; geen factsheet")
    codes = [c for c in codes if c in alle]
    toestand = inc.Toestand(params.uitvoer, "factsheets")
    bekend = [c for c in toestand.onderdelen if c in invoer.per_gemeente]
    vooraf = factsheet_sleutels(invoer, toestand, sorted(set(bekend) | set(codes)))
    actueel = {c for c in bekend if toestand.actueel(c, vooraf[c])}
    return Plan(toestand, codes, actueel, [c for c in codes if c not in actueel])


def factsheets(invoer: Invoer, plan: Plan, verslag: Verslag, werkers: int | None, motor: str = "pandoc") -> None:
    from tqdm import tqdm

    from .rapporteren.factsheets import (
        controleer_teksten,
        factsheet_map,
        maak_factsheets,
        maak_factsheets_quarto,
        notebook_pad,
        schrijf_dekking,
    )

    params = invoer.params
    begin = time.perf_counter()
    toestand = plan.toestand
    controleer_teksten()
    if motor == "quarto":
        # Quarto voert en rendert zelf (geen warme kernels, geen sleutels): alles opnieuw, en wat het
        # overschreef is voor een volgende pandoc-run niet meer actueel (hieronder niet opnieuw vastgelegd).
        te_maken = plan.codes
        resultaten = maak_factsheets_quarto(invoer.bench(), te_maken) if te_maken else []
        actueel = set()
    else:
        te_maken, actueel = plan.te_maken, plan.actueel
        # Voortgang op de terminal (stderr), stil als de uitvoer geen terminal is.
        with tqdm(total=len(te_maken), desc="Factsheets", unit="factsheet", disable=None, file=sys.stderr) as balk:
            resultaten = (
                maak_factsheets(params.bestand, te_maken, werkers, bij_klaar=lambda _: balk.update(1))
                if te_maken
                else []
            )
    gelukt: set[str] = set()
    for r in resultaten:
        if r.fout:
            verslag.fouten.append(f"factsheet {r.gemeente_code}: {r.fout}")
            continue
        gelukt.add(r.gemeente_code)
        if motor == "quarto":
            continue
        velden = sorted({v for b, i, f in r.ingevuld if (v := invoer.regels.veld(b, i, f)) is not None})
        toestand.gemaakt(
            r.gemeente_code,
            "",
            [factsheet_map(params, r.gemeente_code), notebook_pad(params, r.gemeente_code)],
            ingevuld=[list(v) for v in velden],
        )
    # Sleutels opnieuw met de zinnen van nu: wat niet actueel is (mislukt, of buiten deze selectie
    # en veranderd) valt eruit en wordt de volgende keer gemaakt.
    geldig = actueel | (gelukt if motor != "quarto" else set())
    for code in list(toestand.onderdelen):
        if code not in geldig:
            toestand.vergeet(code)
    for code, s in factsheet_sleutels(invoer, toestand, sorted(geldig)).items():
        toestand.onderdelen[code]["sleutel"] = s
    toestand.bewaar()
    dekking = params.uitvoer / MAP_FACTSHEETS / "tips_dekking.csv"
    klaar = [c for c in invoer.deelnemers if c in actueel | gelukt]
    if klaar and (gelukt or invoer.gevalideerd or not dekking.is_file()):
        schrijf_dekking(invoer.bench(), klaar, verslag)
    mislukt = len(resultaten) - len(gelukt)
    ongewijzigd = len(plan.codes) - len(te_maken)
    verslag.tel("factsheets", len(gelukt), ongewijzigd, mislukt)
    verslag.meld(
        f"Factsheets: {len(gelukt)} gemaakt, {ongewijzigd} ongewijzigd, {mislukt} mislukt "
        f"({time.perf_counter() - begin:.1f} s) in {params.uitvoer / MAP_FACTSHEETS}"
    )


def overzicht_sleutel(invoer: Invoer) -> str:
    """Het overzicht toont alle gemeenten (geen buurtcijfers) en de herkomst met de hash van alle regels."""
    return inc.sleutel(
        invoer.code,
        inc.bestandsleutel(invoer.params.bestand),
        invoer.gegevens,
        invoer.regels.algemeen(set()),
        herkomst.colofon(herkomst.lees(invoer.params.uitvoer), soort="overzicht"),
    )


def overzicht(invoer: Invoer, verslag: Verslag, motor: str = "pandoc") -> None:
    from .rapporteren.overzichtsrapportage import maak_overzicht, overzicht_map
    from .rapporteren.uitvoeren import werkmap
    from .verwerken.overzicht import Overzichtscijfers

    begin = time.perf_counter()
    params = invoer.params
    sleutel = overzicht_sleutel(invoer)
    toestand = inc.Toestand(params.uitvoer, "overzicht")
    map_ = params.uitvoer / MAP_OVERZICHT
    if motor != "quarto" and toestand.actueel("overzicht", sleutel):
        verslag.tel("overzicht", ongewijzigd=1)
        verslag.meld(f"Overzicht: ongewijzigd in {map_}")
        return
    cijfers = Overzichtscijfers(invoer.verwerkt())
    fout = maak_overzicht(cijfers, motor)
    if fout:
        toestand.vergeet("overzicht")
        verslag.fouten.append(fout)
        verslag.tel("overzicht", mislukt=1)
    else:
        gemaakt = [overzicht_map(cijfers)] + ([werkmap(params) / "overzicht.ipynb"] if motor != "quarto" else [])
        toestand.gemaakt("overzicht", sleutel if motor != "quarto" else "", gemaakt)
        verslag.tel("overzicht", gemaakt=1)
        verslag.meld(
            f"Overzicht: rapportage, CSV en Excel in {overzicht_map(cijfers)} ({time.perf_counter() - begin:.1f} s)"
        )
    toestand.bewaar()


def controle(invoer: Invoer, verslag: Verslag, werkers: int | None) -> None:
    """De controle leest alles wat gepubliceerd is; gelijk aan de vorige keer: het bewaarde oordeel geldt."""
    params = invoer.params
    # Precies wat de controle leest: de nette tabellen en elk gepubliceerd cijferbestand (geen buurtcijfers).
    gelezen = sorted((params.uitvoer / MAP_FACTSHEETS).glob("*/cijfers.csv"))
    gelezen.append(params.uitvoer / MAP_OVERZICHT / "overzicht_cijfers.csv")
    sleutel = inc.sleutel(
        invoer.code,
        inc.bestandsleutel(params.bestand),
        invoer.gegevens,
        *(f"{p.parent.name}/{p.name}:{inc.bestandsleutel(p) if p.is_file() else 'ontbreekt'}" for p in gelezen),
    )
    toestand = inc.Toestand(params.uitvoer, "controle")
    if toestand.actueel("controle", sleutel):
        oud = toestand.onderdelen["controle"]
        verslag.meld(oud["samenvatting"] + " (ongewijzigd sinds de vorige run)")
        if not oud["mag_publiceren"]:
            verslag.fouten.append("de controle van de openbaarmaking vond onthullingen (zie controle/)")
        verslag.tel("controle", ongewijzigd=1)
        return
    regels_voor = len(verslag.regels)
    mag = controleer_openbaarmaking(params, verslag, werkers)
    toestand.gemaakt(
        "controle",
        sleutel,
        [params.uitvoer / "controle"],
        # zonder de rekentijd: dezelfde invoer geeft hetzelfde bestand
        samenvatting=re.sub(r" \([\d.]+ s\)", "", verslag.regels[regels_voor]),
        mag_publiceren=mag,
    )
    toestand.bewaar()
    verslag.tel("controle", gemaakt=1)


def samenvatting(verslag: Verslag, params: Params, seconden: float) -> str:
    delen = []
    for onderdeel, t in verslag.tellingen.items():
        if onderdeel == "factsheets":
            delen.append(f"factsheets {t['gemaakt']} gemaakt, {t['ongewijzigd']} ongewijzigd, {t['mislukt']} mislukt")
        else:
            delen.append(f"{onderdeel} {next((k for k, v in t.items() if v), 'niets gedaan')}")
    mappen = ", ".join(f"{m}/" for m in (MAP_VALIDATIE, MAP_FACTSHEETS, MAP_OVERZICHT) if (params.uitvoer / m).is_dir())
    return f"Klaar in {seconden:.1f} s: {'; '.join(delen)}. Uitvoer: {params.uitvoer} ({mappen})"


def draai(
    opdracht: str,
    params_bestand: Path,
    gemeenten: list[str] | None = None,
    werkers: int | None = None,
    motor: str = "pandoc",
) -> Verslag:
    """Eén opdracht van begin tot eind. Een structureel probleem in de invoer geeft `InvoerFout`."""
    if opdracht not in OPDRACHTEN:
        raise ValueError(f"onbekende opdracht {opdracht!r}")
    begin = time.perf_counter()
    verslag = Verslag()
    controleer_mappen()
    params = lees_params(Path(params_bestand))
    if opdracht == "controleer-openbaarmaking":  # leest alleen wat gepubliceerd is
        controleer_openbaarmaking(params, verslag, werkers, alleen=True)
        return verslag
    invoer = valideer_en_verwerk(params, verslag)
    plan = plan_factsheets(invoer, verslag, gemeenten) if opdracht in ("factsheets", "run") else None
    iets_te_maken = (plan is not None and (plan.te_maken or motor == "quarto")) or opdracht in ("overview", "run")
    beslissing = params.verwerkt_map / f"openbaarmaking_{params.jaar}.parquet"
    if invoer.gevalideerd or not (params.uitvoer / "openbaarmaking.csv").is_file() or not beslissing.is_file():
        openbaarmaking(invoer.bench(), verslag)
    elif iets_te_maken:
        verslag.meld("Openbaarmaking: tabellen ongewijzigd, de beslissing van de vorige run geldt.")
    if plan is not None:
        factsheets(invoer, plan, verslag, werkers, motor)
    if opdracht in ("overview", "run"):
        overzicht(invoer, verslag, motor)
    if opdracht == "run" and gemeenten is None:
        controle(invoer, verslag, werkers)
    elif opdracht == "run":
        # De controle leest alle gepubliceerde factsheets; met een deel ervan klopt het landelijke beeld niet.
        verslag.meld("Controle van de openbaarmaking overgeslagen: niet alle factsheets zijn gemaakt (--gemeente).")
    verslag.meld(samenvatting(verslag, params, time.perf_counter() - begin))
    return verslag


def voer_uit(
    opdracht: str,
    params_bestand: Path,
    gemeenten: list[str] | None = None,
    werkers: int | None = None,
    motor: str = "pandoc",
) -> int:
    """Afsluitcode: 0 klaar, 2 structureel probleem in de invoer, 1 een onderdeel kon niet gemaakt worden."""
    try:
        verslag = draai(opdracht, params_bestand, gemeenten, werkers, motor)
    except InvoerFout as fout:
        print(f"Fout in de invoer: {fout}", file=sys.stderr)
        return 2
    if verslag.fouten:
        print(f"{len(verslag.fouten)} onderdelen konden niet gemaakt worden:", file=sys.stderr)
        for fout in verslag.fouten:
            print(f"  - {fout}", file=sys.stderr)
        return 1
    return 0
