"""De run: één keer parameters laden, alle invoer lezen en valideren, verwerken, en de rapportages maken.

    parameters ─► valideren (inlezen + controleren) ─► verwerken ─► tussenresultaten schrijven
                                                          │
                                                          ├─► factsheets (warme kernels)
                                                          └─► overzicht

Elke stap is een functie die krijgt wat ze nodig heeft en teruggeeft wat ze maakte; binnen de run
wordt niets opnieuw van schijf gelezen. De notebook-kernels zijn eigen processen: die laden de
nette tabellen één keer per kernel, via dezelfde pakket-API die een losse notebookrun gebruikt.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import herkomst, veilig
from .config import MAP_FACTSHEETS, controleer_mappen
from .controleren.openbaarmaking import controleer
from .controleren.openbaarmaking import samenvatting as samenvatting_controle
from .controleren.openbaarmaking import schrijf as schrijf_controle
from .fouten import InvoerFout
from .inlezen.params import Params, lees_params
from .rapporteren.factsheets import controleer_teksten, maak_factsheets, maak_factsheets_quarto, schrijf_dekking
from .rapporteren.overzichtsrapportage import maak_overzicht, overzicht_map
from .rapporteren.validatierapport import stap_validatierapport as maak_validatierapport
from .valideren.boekhouding import Validatie
from .valideren.invoer import valideer
from .valideren.rapport import quarantaine_tabel, schrijf_validatie
from .verwerken.cijfers import Benchmark
from .verwerken.gebieden import schrijf_gebieden
from .verwerken.netjes import Verwerkt, verwerk
from .verwerken.opslag import opslagtabellen, schrijf_verwerkt, uit_tabellen
from .verwerken.overzicht import Overzichtscijfers

OPDRACHTEN = ("validate", "factsheets", "overview", "run", "controleer-openbaarmaking")


@dataclass
class Verslag:
    """Wat een run deed, voor de samenvatting op de terminal."""

    regels: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    def meld(self, tekst: str) -> None:
        self.regels.append(tekst)
        print(tekst, flush=True)


def valideer_en_verwerk(params: Params, verslag: Verslag) -> tuple[Validatie, Verwerkt]:
    """Lees en controleer alle invoer, schrijf het validatierapport en de nette tabellen.

    Geeft de verwerkte tabellen terug zoals ze op schijf staan, zodat de rapportages in deze run
    precies rekenen met wat een notebook-kernel leest.
    """
    begin = time.perf_counter()
    validatie = valideer(params)
    verwerkt = verwerk(validatie)
    map_ = schrijf_validatie(validatie)
    herkomst.schrijf(herkomst.bereken(params, validatie.bestandsnamen), map_)
    tabellen = opslagtabellen(verwerkt)
    schrijf_verwerkt(tabellen, params.verwerkt_map)
    schrijf_gebieden(validatie, params.verwerkt_map)
    # Het validatienotebook leest de nette tabellen (panel) en de tabellen van de validatie van schijf.
    maak_validatierapport(params, quarantaine_tabel(validatie), validatie.meldingen, verslag)
    gelezen = sum(t.gelezen for t in validatie.tellingen)
    quarantaine = sum(t.quarantaine for t in validatie.tellingen)
    verslag.meld(
        f"Validatie: {gelezen} rijen gelezen, {gelezen - quarantaine} geteld, "
        f"{quarantaine} in quarantaine ({time.perf_counter() - begin:.1f} s). "
        f"Rapport: {map_ / 'validatie.html'}"
    )
    for jaar in params.jaren:
        verslag.meld(f"  {jaar}: {len(verwerkt.deelnemers[jaar])} getelde gemeenten")
    return validatie, uit_tabellen(params, tabellen, verwerkt.codeboeken)


def openbaarmaking(bench: Benchmark, verslag: Verslag) -> None:
    """Beslis één keer per groep en vraag wat elke groep toont (dezelfde cijfers in elke factsheet), en
    schrijf de prijs: getoonde en verborgen cellen per soort groep. De kernels lezen de beslissing van schijf."""
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


def controleer_openbaarmaking(params: Params, verslag: Verslag, werkers: int | None, alleen: bool = False) -> None:
    """De exacte controle op wat gepubliceerd is: mag de run naar buiten?"""
    controle = controleer(params, werkers=werkers)
    map_ = schrijf_controle(controle, params)
    if alleen:
        for regel in controle.regels()[:20]:
            verslag.meld(regel)
    verslag.meld(samenvatting_controle(controle) + f" Bevindingen: {map_ / 'openbaarmaking_bevindingen.csv'}")
    if not controle.mag_publiceren:
        verslag.fouten.append("de controle van de openbaarmaking vond onthullingen (zie controle/)")


def factsheets(
    bench: Benchmark, verslag: Verslag, gemeenten: list[str] | None, werkers: int | None, motor: str = "pandoc"
) -> None:
    params = bench.params
    alle = list(bench.deelnemers.index)
    codes = gemeenten or alle
    for code in codes:
        if code not in alle:
            verslag.fouten.append(f"{code}: geen getelde gemeente in {params.jaar}; geen factsheet")
    codes = [c for c in codes if c in alle]
    begin = time.perf_counter()
    if not codes:
        resultaten = []
    elif motor == "quarto":
        resultaten = maak_factsheets_quarto(bench, codes)
    else:
        resultaten = maak_factsheets(bench, codes, werkers)
    verslag.fouten.extend(r.fout for r in resultaten if r.fout)
    gemaakt = [r.gemeente_code for r in resultaten if not r.fout]
    if gemaakt:
        schrijf_dekking(bench, gemaakt, verslag)
    gelukt = len(gemaakt)
    verslag.meld(
        f"Factsheets: {gelukt} van {len(codes)} gemaakt in {time.perf_counter() - begin:.1f} s "
        f"in {params.uitvoer / MAP_FACTSHEETS}"
    )


def overzicht(cijfers: Overzichtscijfers, verslag: Verslag, motor: str = "pandoc") -> None:
    begin = time.perf_counter()
    fout = maak_overzicht(cijfers, motor)
    if fout:
        verslag.fouten.append(fout)
        return
    verslag.meld(
        f"Overzicht: rapportage, CSV en Excel in {overzicht_map(cijfers)} ({time.perf_counter() - begin:.1f} s)"
    )


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
    verslag = Verslag()
    controleer_mappen()
    params = lees_params(Path(params_bestand))
    if opdracht == "controleer-openbaarmaking":  # leest alleen wat gepubliceerd is
        controleer_openbaarmaking(params, verslag, werkers, alleen=True)
        return verslag
    _, verwerkt = valideer_en_verwerk(params, verslag)
    bench = Benchmark(verwerkt)
    openbaarmaking(bench, verslag)
    if opdracht in ("factsheets", "run"):
        controleer_teksten()
        factsheets(bench, verslag, gemeenten, werkers, motor)
    if opdracht in ("overview", "run"):
        overzicht(Overzichtscijfers(verwerkt), verslag, motor)
    if opdracht == "run" and gemeenten is None:
        controleer_openbaarmaking(params, verslag, werkers)
    elif opdracht == "run":
        # De controle leest alle gepubliceerde factsheets; met een deel ervan klopt het landelijke beeld niet.
        verslag.meld("Controle van de openbaarmaking overgeslagen: niet alle factsheets zijn gemaakt (--gemeente).")
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
