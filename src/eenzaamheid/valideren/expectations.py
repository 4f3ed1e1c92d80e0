"""Rijcontroles met great-expectations 1.x.

Elke controle is een expectation met een Nederlandse reden. De rijen die niet voldoen (via
`unexpected_index_list`; de index is het regelnummer in het bestand) gaan met die reden in
quarantaine. Eén efemere context per run: het importeren en opzetten kost seconden, het valideren
van een tabel milliseconden.

Oordelen op inhoud (`zet_opslag`): elke controle hier beoordeelt één waarde tegelijk, dus wat
great-expectations (dezelfde versie) over een waarde zei, geldt voor die waarde in elke tabel. De
tussenopslag houdt per controle het oordeel over elke geziene waarde bij (als hash, niet de waarde);
een tabel met alleen bekende waarden heeft great-expectations dan niet nodig, ook niet om te
importeren. Na een correctie in één bestand draait great-expectations hooguit voor dat bestand.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

ISO_TIJD = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?$"
GM_CODE = r"^GM\d{4}$"
GM_LIJST = r"^(GM\d{4}(\|GM\d{4})*)?$"


@dataclass(frozen=True)
class Controle:
    soort: str  # regex | in_verzameling
    kolom: str
    waarde: str | tuple[str, ...]  # het patroon, of de toegestane waarden
    reden: Callable[[str], str]  # waarde -> reden

    def expectation(self):
        import great_expectations as gx

        if self.soort == "regex":
            return gx.expectations.ExpectColumnValuesToMatchRegex(column=self.kolom, regex=self.waarde)
        return gx.expectations.ExpectColumnValuesToBeInSet(column=self.kolom, value_set=list(self.waarde))


_opslag: Path | None = None


def zet_opslag(map_: Path | None) -> None:
    """Waar de uitkomsten op inhoud bewaard worden (None: niet bewaren)."""
    global _opslag
    _opslag = map_


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx

    # GX logt bij het opzetten van een context; dat hoort niet in de uitvoer van een run.
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return context


def regex(kolom: str, patroon: str, reden: Callable[[str], str]) -> Controle:
    return Controle("regex", kolom, patroon, reden)


def in_verzameling(kolom: str, waarden: list[str], reden: Callable[[str], str]) -> Controle:
    return Controle("in_verzameling", kolom, tuple(waarden), reden)


def controleer(df: pd.DataFrame, controles: list[Controle]) -> dict[int, list[str]]:
    """Voer de controles uit; geef per regelnummer de redenen van afkeur."""
    afgekeurd: dict[int, list[str]] = defaultdict(list)
    if df.empty or not controles:
        return afgekeurd
    if len({(c.soort, c.kolom) for c in controles}) != len(controles):
        raise ValueError("twee controles van dezelfde soort op dezelfde kolom")
    uitkomst = _met_gx(df, controles) if _opslag is None else _per_waarde(df, controles)
    for i, regels in uitkomst:
        controle = controles[i]
        for regel in regels:
            afgekeurd[regel].append(controle.reden(str(df.at[regel, controle.kolom])))
    return afgekeurd


def _per_waarde(df: pd.DataFrame, controles: list[Controle]) -> list[tuple[int, list[int]]]:
    """Elke controle hier beoordeelt één waarde tegelijk (een patroon, een verzameling): wat GX ooit van
    een waarde zei, geldt voor die waarde in elke rij. Kent de tussenopslag elke waarde van elke
    controle, dan is GX niet nodig (ook niet om te importeren); anders beslist GX over de hele tabel, en
    onthoudt de tussenopslag het oordeel over elke waarde (als hash, niet de waarde zelf)."""
    import numpy as np

    from .. import tussenopslag

    if any(c.kolom not in df.columns for c in controles):
        return _met_gx(df, controles)  # GX meldt zelf wat er mis is
    # Eén oordelenboek per soort en patroon (of verzameling), gedeeld door kolommen met dezelfde controle.
    boek_van = [_boeksleutel(c) for c in controles]
    boeken = {b: tussenopslag.haal(_opslag, "gxwaarden", b) or {} for b in set(boek_van)}
    per_controle = []
    for c, b in zip(controles, boek_van):
        codes, uniek = pd.factorize(df[c.kolom], use_na_sentinel=False)
        per_controle.append((codes, [_waardesleutel(w) for w in uniek], boeken[b]))
    if all(all(k in boek for k in sleutels) for _, sleutels, boek in per_controle):
        uit = []
        for i, (codes, sleutels, boek) in enumerate(per_controle):
            fout = [j for j, k in enumerate(sleutels) if not boek[k]]
            if fout:
                uit.append((i, [int(r) for r in df.index[np.isin(codes, fout)]]))
        return uit
    uit = _met_gx(df, controles)
    afgekeurd = dict(uit)
    positie = {r: p for p, r in enumerate(df.index)}
    for i, (codes, sleutels, boek) in enumerate(per_controle):
        fout = {codes[positie[r]] for r in afgekeurd.get(i, [])}
        boek.update({k: j not in fout for j, k in enumerate(sleutels)})
    for b, boek in boeken.items():
        tussenopslag.bewaar(_opslag, "gxwaarden", b, boek)
    return uit


def _waardesleutel(waarde) -> str:
    return hashlib.sha256(f"{type(waarde).__name__}:{waarde!r}".encode()).hexdigest()[:32]


def _boeksleutel(c: Controle) -> str:
    from .. import tussenopslag

    return tussenopslag.sleutel([_boekbasis(), repr((c.soort, c.waarde))])


@lru_cache(maxsize=1)
def _boekbasis() -> str:
    """GX-versie en deze code: verandert een van beide, dan begint elk oordelenboek opnieuw."""
    from importlib import metadata

    from .. import tussenopslag

    return tussenopslag.sleutel([metadata.version("great-expectations")], [sys.modules[__name__]])


_teller = 0


def _met_gx(df: pd.DataFrame, controles: list[Controle]) -> list[tuple[int, list[int]]]:
    """Per niet gehaalde controle (nummer in `controles`, in de volgorde van GX) de afgekeurde regels."""
    import great_expectations as gx

    global _teller
    _teller += 1
    context = _context()
    bron = context.data_sources.add_pandas(f"bron_{_teller}")
    batch = (
        bron.add_dataframe_asset("tabel")
        .add_batch_definition_whole_dataframe("geheel")
        .get_batch(batch_parameters={"dataframe": df})
    )
    suite = gx.ExpectationSuite(name=f"suite_{_teller}")
    expectations = [c.expectation() for c in controles]
    for expectation in expectations:
        suite.add_expectation(expectation)
    resultaat = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    # GX geeft de resultaten niet per se in volgorde terug: koppel op soort en kolom.
    per_sleutel = {(e.expectation_type, e.column): i for i, e in enumerate(expectations)}
    positie = {r: p for p, r in enumerate(df.index)}
    uit = []
    for uitkomst in resultaat.results:
        i = per_sleutel[(uitkomst.expectation_config.type, uitkomst.expectation_config.kwargs["column"])]
        if uitkomst.exception_info and uitkomst.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"great-expectations kon {expectations[i]} niet uitvoeren: "
                f"{uitkomst.exception_info.get('exception_message')}"
            )
        if uitkomst.success:
            continue
        # Met een benoemde index geeft GX per rij een dict {indexnaam: waarde, kolom: waarde}.
        regels = [
            int(r[df.index.name] if isinstance(r, dict) else r)
            for r in uitkomst.result.get("unexpected_index_list") or []
        ]
        uit.append((i, sorted(set(regels), key=positie.__getitem__)))
    context.data_sources.delete(f"bron_{_teller}")
    # In de volgorde van de controles, niet die van GX: dezelfde redenen in dezelfde volgorde, of de
    # uitkomst nu van GX komt of uit de tussenopslag.
    return sorted(uit)
