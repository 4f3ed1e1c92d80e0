"""De nette tabellen als Parquet bewaren en teruglezen (data/processed of <uitvoer>/verwerkt).

Een notebook-kernel leest ze één keer en houdt ze vast; zo rekent geen factsheet de landelijke
tabellen opnieuw uit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..inlezen.codeboek import Codeboek, lees_codeboek
from ..inlezen.params import Params
from .netjes import LANG_KOLOMMEN, Panel, Verwerkt

GEMEENTE_KOLOMMEN = ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners", "grootteklasse"]


def opslagtabellen(verwerkt: Verwerkt) -> dict[str, pd.DataFrame]:
    """Bestandsnaam -> tabel, precies zoals ze op schijf komen (`panel.json` als woordenboek)."""
    tabellen: dict = {}
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
            tabellen[naam] = df.reset_index(drop=True)
    if verwerkt.gemeentegrenzen is not None:
        tabellen["gemeentegrenzen.parquet"] = verwerkt.gemeentegrenzen
    if verwerkt.panel is not None:
        # Via JSON heen en terug: dezelfde volgorde als wie panel.json leest.
        tabellen["panel.json"] = json.loads(json.dumps(_panel_gegevens(verwerkt.panel), sort_keys=True))
    return tabellen


def _panel_gegevens(panel: Panel) -> dict:
    return {"vorig_naar_huidig": panel.vorig_naar_huidig, "leden": panel.leden, "niet_gebruikt": panel.niet_gebruikt}


def schrijf_verwerkt(tabellen: dict[str, pd.DataFrame], map_: Path) -> list[Path]:
    """Schrijf de tabellen van `opslagtabellen` in `map_`."""
    map_ = Path(map_)
    map_.mkdir(parents=True, exist_ok=True)
    geschreven = []
    for naam, tabel in tabellen.items():
        pad = map_ / naam
        if naam.endswith(".json"):
            pad.write_text(json.dumps(tabel, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        else:
            tabel.to_parquet(pad, index=False)
        geschreven.append(pad)
    return geschreven


def lees_verwerkt(params: Params) -> Verwerkt:
    """De nette tabellen van schijf (een notebook-kernel of een losse analyse)."""
    map_ = params.verwerkt_map
    tabellen: dict = {}
    for jaar in params.jaren:
        for soort in ("antwoorden", "gemeenten", "deelnemers", "uitnodigingen"):
            tabellen[f"{soort}_{jaar}.parquet"] = pd.read_parquet(map_ / f"{soort}_{jaar}.parquet")
    if params.vorig_jaar is not None:
        tabellen["panel.json"] = json.loads((map_ / "panel.json").read_text(encoding="utf-8"))
    if (map_ / "gemeentegrenzen.parquet").is_file():
        import geopandas as gpd

        tabellen["gemeentegrenzen.parquet"] = gpd.read_parquet(map_ / "gemeentegrenzen.parquet")
    return uit_tabellen(params, tabellen, {j: lees_codeboek(params.bronnen[j].codeboek) for j in params.jaren})


def uit_tabellen(params: Params, tabellen: dict, codeboeken: dict[int, Codeboek]) -> Verwerkt:
    """Verwerkt uit de opslagtabellen: hetzelfde of ze van schijf komen of uit het geheugen van de run."""
    lang = {j: tabellen[f"antwoorden_{j}.parquet"] for j in params.jaren}
    panel = vorig_omgezet = None
    if params.vorig_jaar is not None:
        data = tabellen["panel.json"]
        panel = Panel(data["vorig_naar_huidig"], data["leden"], data["niet_gebruikt"])
        kolom = f"gemeente_code_{params.jaar}"
        vorig = lang[params.vorig_jaar]
        vorig_omgezet = vorig[vorig[kolom] != ""].copy()
        vorig_omgezet["gemeente_code"] = vorig_omgezet[kolom]
    return Verwerkt(
        params=params,
        gemeentegrenzen=tabellen.get("gemeentegrenzen.parquet"),
        codeboeken=codeboeken,
        gemeenten={j: tabellen[f"gemeenten_{j}.parquet"] for j in params.jaren},
        deelnemers={j: tabellen[f"deelnemers_{j}.parquet"] for j in params.jaren},
        lang={j: df[LANG_KOLOMMEN] for j, df in lang.items()},
        uitnodigingen={j: tabellen[f"uitnodigingen_{j}.parquet"] for j in params.jaren},
        panel=panel,
        vorig_lang_huidige_codes=None if vorig_omgezet is None else vorig_omgezet[LANG_KOLOMMEN],
    )


def stempel(params: Params) -> tuple:
    """Namen en wijzigtijden van de nette tabellen: een cache in een warme kernel ververst als die veranderen.

    Alleen de tabellen zelf: de werkmap `notebooks/` ernaast krijgt bij elke nieuwe factsheet een
    nieuwe wijzigtijd, en zou zo elke kernel alles opnieuw laten inlezen en uitrekenen."""
    map_ = params.verwerkt_map
    if not map_.is_dir():
        return ()
    return tuple(
        sorted(
            (p.name, p.stat().st_mtime_ns) for p in map_.iterdir() if p.is_file() and p.suffix in (".parquet", ".json")
        )
    )
