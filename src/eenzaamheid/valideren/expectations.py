"""Rijcontroles met great-expectations 1.x.

Elke controle is een expectation met een Nederlandse reden. De rijen die niet voldoen (via
`unexpected_index_list`; de index is het regelnummer in het bestand) gaan met die reden in
quarantaine. Eén efemere context per run: het importeren en opzetten kost seconden, het valideren
van een tabel milliseconden.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

ISO_TIJD = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?$"
GM_CODE = r"^GM\d{4}$"
GM_LIJST = r"^(GM\d{4}(\|GM\d{4})*)?$"


@dataclass(frozen=True)
class Controle:
    expectation: object
    reden: Callable[[str], str]  # waarde -> reden


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx

    # GX logt bij het opzetten van een context; dat hoort niet in de uitvoer van een run.
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return context


def regex(kolom: str, patroon: str, reden: Callable[[str], str]) -> Controle:
    import great_expectations as gx

    return Controle(gx.expectations.ExpectColumnValuesToMatchRegex(column=kolom, regex=patroon), reden)


def in_verzameling(kolom: str, waarden: list[str], reden: Callable[[str], str]) -> Controle:
    import great_expectations as gx

    return Controle(gx.expectations.ExpectColumnValuesToBeInSet(column=kolom, value_set=list(waarden)), reden)


_teller = 0


def controleer(df: pd.DataFrame, controles: list[Controle]) -> dict[int, list[str]]:
    """Voer de controles uit; geef per regelnummer de redenen van afkeur."""
    import great_expectations as gx

    global _teller
    afgekeurd: dict[int, list[str]] = defaultdict(list)
    if df.empty or not controles:
        return afgekeurd
    _teller += 1
    context = _context()
    bron = context.data_sources.add_pandas(f"bron_{_teller}")
    batch = (
        bron.add_dataframe_asset("tabel")
        .add_batch_definition_whole_dataframe("geheel")
        .get_batch(batch_parameters={"dataframe": df})
    )
    suite = gx.ExpectationSuite(name=f"suite_{_teller}")
    for controle in controles:
        suite.add_expectation(controle.expectation)
    resultaat = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    # GX geeft de resultaten niet per se in volgorde terug: koppel op soort en kolom.
    per_sleutel = {(c.expectation.expectation_type, c.expectation.column): c for c in controles}
    if len(per_sleutel) != len(controles):
        raise ValueError("twee controles van dezelfde soort op dezelfde kolom")
    for uitkomst in resultaat.results:
        controle = per_sleutel[(uitkomst.expectation_config.type, uitkomst.expectation_config.kwargs["column"])]
        if uitkomst.exception_info and uitkomst.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"great-expectations kon {controle.expectation} niet uitvoeren: "
                f"{uitkomst.exception_info.get('exception_message')}"
            )
        if uitkomst.success:
            continue
        kolom = controle.expectation.column
        for regel in uitkomst.result.get("unexpected_index_list") or []:
            # Met een benoemde index geeft GX per rij een dict {indexnaam: waarde, kolom: waarde}.
            regel = int(regel[df.index.name] if isinstance(regel, dict) else regel)
            afgekeurd[regel].append(controle.reden(str(df.at[regel, kolom])))
    context.data_sources.delete(f"bron_{_teller}")
    return afgekeurd
