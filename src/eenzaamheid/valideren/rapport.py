"""Het validatierapport: HTML voor mensen, rijen.csv en quarantaine.csv voor machines."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from .. import __version__, veilig
from ..config import MAP_VALIDATIE
from ..rapporteren.sjablonen import render_sjabloon
from ..verwerken.netjes import Panel
from .invoer import Validatie

RIJEN_KOLOMMEN = ["bestand", "gelezen", "geteld", "quarantaine"]
QUARANTAINE_KOLOMMEN = ["bestand", "regel", "respondent_id", "gemeente_code", "reden"]


def soort_reden(reden: str) -> str:
    """Groepeer redenen zonder de wisselende delen (codes, regels, waarden)."""
    eerste = reden.split("; ")[0]
    eerste = re.sub(r"'[^']*'", "'…'", eerste)
    eerste = re.sub(r"\b(GM|PV|BU|WK)\d+\b|\bR\d{4}-\d+\b|\b\d+\b", "…", eerste)
    return eerste


def schrijf_validatie(validatie: Validatie, panel: Panel | None) -> Path:
    map_ = validatie.params.uitvoer / MAP_VALIDATIE
    map_.mkdir(parents=True, exist_ok=True)
    rijen = pd.DataFrame([t.__dict__ for t in validatie.tellingen], columns=RIJEN_KOLOMMEN)
    veilig.schrijf_csv(rijen, map_ / "rijen.csv")
    quarantaine = pd.DataFrame(
        [{k: getattr(q, k) for k in QUARANTAINE_KOLOMMEN} for q in validatie.quarantaine], columns=QUARANTAINE_KOLOMMEN
    ).sort_values(["bestand", "regel"], kind="stable")
    veilig.schrijf_csv(quarantaine, map_ / "quarantaine.csv")
    html = render_sjabloon(
        "validatie.html.j2",
        jaar=validatie.params.jaar,
        vorig_jaar=validatie.params.vorig_jaar,
        fictief=validatie.fictief,
        tellingen=validatie.tellingen,
        totaal_gelezen=int(rijen["gelezen"].sum()),
        totaal_geteld=int(rijen["geteld"].sum()),
        totaal_quarantaine=int(rijen["quarantaine"].sum()),
        alles_sluit=bool((rijen["gelezen"] == rijen["geteld"] + rijen["quarantaine"]).all()),
        quarantaine=quarantaine.to_dict("records"),
        soorten=sorted(
            Counter(soort_reden(q.reden) for q in validatie.quarantaine).items(), key=lambda x: (-x[1], x[0])
        ),
        meldingen=validatie.meldingen,
        panel=panel,
        versie=__version__,
    )
    (map_ / "validatie.html").write_text(html, encoding="utf-8")
    return map_
