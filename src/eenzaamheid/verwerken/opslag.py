"""De nette tabellen als Parquet bewaren en teruglezen (data/processed of <uitvoer>/verwerkt).

Een notebook-kernel leest ze één keer en houdt ze vast; zo rekent geen factsheet de landelijke
tabellen opnieuw uit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..inlezen.codeboek import lees_codeboek
from ..inlezen.params import Params
from .netjes import Panel, Verwerkt

GEMEENTE_KOLOMMEN = ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners", "grootteklasse"]


def schrijf_verwerkt(verwerkt: Verwerkt, map_: Path) -> list[Path]:
    map_ = Path(map_)
    map_.mkdir(parents=True, exist_ok=True)
    geschreven = []
    for jaar, lang in verwerkt.lang.items():
        gemeenten = verwerkt.gemeenten[jaar][GEMEENTE_KOLOMMEN]
        tabel = lang.merge(gemeenten, on="gemeente_code", how="left", validate="many_to_one")
        if verwerkt.panel is not None and jaar == verwerkt.params.vorig_jaar:
            tabel[f"gemeente_code_{verwerkt.params.jaar}"] = (
                tabel["gemeente_code"].map(verwerkt.panel.vorig_naar_huidig).fillna("")
            )
        for naam, df in (
            (f"antwoorden_{jaar}.parquet", tabel),
            (f"gemeenten_{jaar}.parquet", verwerkt.gemeenten[jaar]),
            (f"deelnemers_{jaar}.parquet", verwerkt.deelnemers[jaar]),
            (f"uitnodigingen_{jaar}.parquet", verwerkt.uitnodigingen[jaar]),
        ):
            df.reset_index(drop=True).to_parquet(map_ / naam, index=False)
            geschreven.append(map_ / naam)
    if verwerkt.gemeentegrenzen is not None:
        verwerkt.gemeentegrenzen.to_parquet(map_ / "gemeentegrenzen.parquet", index=False)
        geschreven.append(map_ / "gemeentegrenzen.parquet")
    if verwerkt.panel is not None:
        pad = map_ / "panel.json"
        pad.write_text(
            json.dumps(
                {
                    "vorig_naar_huidig": verwerkt.panel.vorig_naar_huidig,
                    "leden": verwerkt.panel.leden,
                    "niet_gebruikt": verwerkt.panel.niet_gebruikt,
                },
                indent=1,
                ensure_ascii=False,
                sort_keys=True,
            ),
            encoding="utf-8",
        )
        geschreven.append(pad)
    return geschreven


def lees_verwerkt(params: Params) -> Verwerkt:
    map_ = params.verwerkt_map
    lang, gemeenten, deelnemers, uitnodigingen = {}, {}, {}, {}
    for jaar in params.jaren:
        lang[jaar] = pd.read_parquet(map_ / f"antwoorden_{jaar}.parquet")
        gemeenten[jaar] = pd.read_parquet(map_ / f"gemeenten_{jaar}.parquet")
        deelnemers[jaar] = pd.read_parquet(map_ / f"deelnemers_{jaar}.parquet")
        uitnodigingen[jaar] = pd.read_parquet(map_ / f"uitnodigingen_{jaar}.parquet")
    panel = vorig_omgezet = None
    if params.vorig_jaar is not None:
        data = json.loads((map_ / "panel.json").read_text(encoding="utf-8"))
        panel = Panel(data["vorig_naar_huidig"], data["leden"], data["niet_gebruikt"])
        kolom = f"gemeente_code_{params.jaar}"
        vorig = lang[params.vorig_jaar]
        vorig_omgezet = vorig[vorig[kolom] != ""].copy()
        vorig_omgezet["gemeente_code"] = vorig_omgezet[kolom]
    grenzen = None
    if (map_ / "gemeentegrenzen.parquet").is_file():
        import geopandas as gpd

        grenzen = gpd.read_parquet(map_ / "gemeentegrenzen.parquet")
    return Verwerkt(
        params=params,
        gemeentegrenzen=grenzen,
        codeboeken={j: lees_codeboek(params.bronnen[j].codeboek) for j in params.jaren},
        gemeenten=gemeenten,
        deelnemers=deelnemers,
        lang={
            j: df[["jaar", "gemeente_code", "vraag", "rij", "optie", "beantwoord", "gekozen"]] for j, df in lang.items()
        },
        uitnodigingen=uitnodigingen,
        panel=panel,
        vorig_lang_huidige_codes=None
        if vorig_omgezet is None
        else vorig_omgezet[["jaar", "gemeente_code", "vraag", "rij", "optie", "beantwoord", "gekozen"]],
    )


def stempel(params: Params) -> tuple:
    """Namen en wijzigtijden van de nette tabellen: een cache in een warme kernel ververst als die veranderen."""
    map_ = params.verwerkt_map
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in map_.glob("*"))) if map_.is_dir() else ()
