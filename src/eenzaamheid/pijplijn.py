"""De stappen van een run achter elkaar: één ingang, gestuurd door het parameterbestand."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .inlezen.params import Params, lees_params
from .valideren.invoer import Validatie, valideer
from .valideren.rapport import schrijf_validatie
from .verwerken.netjes import Verwerkt, verwerk
from .verwerken.opslag import schrijf_verwerkt


@dataclass
class Verslag:
    """Wat een run deed, voor de samenvatting op de terminal."""

    regels: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    def meld(self, tekst: str) -> None:
        self.regels.append(tekst)
        print(tekst, flush=True)


def stap_valideren(params: Params, verslag: Verslag) -> tuple[Validatie, Verwerkt]:
    begin = time.perf_counter()
    validatie = valideer(params)
    verwerkt = verwerk(validatie)
    map_ = schrijf_validatie(validatie, verwerkt.panel)
    schrijf_verwerkt(verwerkt, params.verwerkt_map)
    gelezen = sum(t.gelezen for t in validatie.tellingen)
    quarantaine = sum(t.quarantaine for t in validatie.tellingen)
    verslag.meld(
        f"Validatie: {gelezen} rijen gelezen, {gelezen - quarantaine} geteld, "
        f"{quarantaine} in quarantaine ({time.perf_counter() - begin:.1f} s). "
        f"Rapport: {map_ / 'validatie.html'}"
    )
    for jaar in params.jaren:
        verslag.meld(f"  {jaar}: {len(verwerkt.deelnemers[jaar])} getelde gemeenten")
    stap_openbaarmaking(verwerkt, verslag)
    return validatie, verwerkt


def stap_openbaarmaking(verwerkt: Verwerkt, verslag: Verslag) -> None:
    """Beslis één keer wat elke groep toont, en schrijf de prijs (getoonde en verborgen cellen per soort groep)."""
    from .verwerken.cijfers import Benchmark

    begin = time.perf_counter()
    params = verwerkt.params
    uitkomst = Benchmark(verwerkt).bewaar_openbaarmaking()
    prijs = uitkomst.prijs()
    params.uitvoer.mkdir(parents=True, exist_ok=True)
    prijs.to_csv(params.uitvoer / "openbaarmaking.csv", index=False, lineterminator="\n")
    delen = [
        f"{r.soort} {r.verborgen} van {r.cellen} verborgen ({str(r.verborgen_pct).replace('.', ',')}%)"
        for r in prijs.itertuples()
    ]
    verslag.meld(f"Openbaarmaking: groepscellen {'; '.join(delen)} ({time.perf_counter() - begin:.1f} s).")


def laad(params_bestand: Path) -> Params:
    return lees_params(Path(params_bestand))
