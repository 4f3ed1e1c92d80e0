"""De tabellen van de validatie voor machines en voor het validatierapport: rijen.csv en quarantaine.csv.

Het rapport voor mensen (uitleg per reden, meldingen.csv, HTML) maakt `rapporteren/validatierapport.py`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import veilig
from ..config import MAP_VALIDATIE
from .boekhouding import Validatie

RIJEN_KOLOMMEN = ["bestand", "gelezen", "geteld", "quarantaine"]
QUARANTAINE_KOLOMMEN = ["bestand", "regel", "respondent_id", "gemeente_code", "reden"]


def rijen_tabel(validatie: Validatie) -> pd.DataFrame:
    return pd.DataFrame([t.__dict__ for t in validatie.tellingen], columns=RIJEN_KOLOMMEN)


def quarantaine_tabel(validatie: Validatie) -> pd.DataFrame:
    return pd.DataFrame(
        [{k: getattr(q, k) for k in QUARANTAINE_KOLOMMEN} for q in validatie.quarantaine], columns=QUARANTAINE_KOLOMMEN
    ).sort_values(["bestand", "regel"], kind="stable")


def schrijf_validatie(validatie: Validatie) -> Path:
    map_ = validatie.params.uitvoer / MAP_VALIDATIE
    map_.mkdir(parents=True, exist_ok=True)
    veilig.schrijf_csv(rijen_tabel(validatie), map_ / "rijen.csv")
    veilig.schrijf_csv(quarantaine_tabel(validatie), map_ / "quarantaine.csv")
    return map_
