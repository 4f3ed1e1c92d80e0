"""De antwoorden van één gemeente als context voor de regeltaal (tips, en wat verder regels nodig hebben).

Namen (alle bekend uit het codeboek van het jaar, zodat `controleer()` een tikfout vangt):
- ``<vraag>``: bij één antwoord de optiecode of none; bij meer antwoorden de lijst gekozen codes
  (leeg als niet beantwoord); een matrixrij is ``<vraag>__<rij>``.
- ``vorig.<zelfde>``: het antwoord van vorig jaar; none (of een lege lijst) als de vraag toen
  anders gesteld was of de gemeente niet meedeed. ``vorig_jaar_deelgenomen``: true/false.
- ``label.<zelfde>``, ``vorig_label.<zelfde>``: de tekst van het gekozen antwoord uit het codeboek
  (bij meer antwoorden een opsomming), voor redenen als 'U gaf aan dat …'.
- ``fase.<onderdeel>``, ``vorig_fase.<onderdeel>``: de sleutel van de fase (of none);
  ``fase_naam.<onderdeel>``; ``ontwikkeling.<onderdeel>``: 'vooruit', 'achteruit', 'gelijk' of none.
- ``positie.<fasevraag>`` en ``positie.fase_<onderdeel>``: 'verder', 'vergelijkbaar' of
  'minder_ver' tegenover alle gemeenten (landelijk), alleen uit cijfers die de factsheet zelf
  toont; none als zo'n cijfer onderdrukt is.
- ``kaart.opvallende_buurten``: aantal buurten dat op de buurtkaart opvalt (0 zolang er geen
  kaartbevindingen zijn; de kaart vult deze deelruimte via `kaart=`).
- ``gemeente_naam``, ``jaar``, ``vorig_jaar``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import veilig
from ..inlezen.codeboek import Codeboek
from ..inlezen.regeltaal import opsomming
from ..regels import Fasen
from .fasen import ONTWIKKELING, Fasecijfers, fasevraag

POSITIES = ("verder", "vergelijkbaar", "minder_ver")
KAART_STANDAARD = {"opvallende_buurten": 0}


def _namen_en_opties(codeboek: Codeboek) -> dict[str, tuple]:
    """Antwoordnaam -> (vraag, rij, opties)."""
    uit = {}
    for v in codeboek.gesloten_vragen:
        opties = {o.code for o in v.opties}
        if v.type == "matrix":
            for r in v.rijen:
                uit[f"{v.id}__{r.code}"] = (v, r.code, opties)
        else:
            uit[v.id] = (v, "", opties)
    return uit


def positievragen(codeboek: Codeboek) -> list:
    return [v for v in codeboek.gesloten_vragen if v.fase and v.type == "enkel"]


def bekende_namen(codeboek: Codeboek, fasen: Fasen) -> dict[str, set[str] | None]:
    """Elke naam van de context met zijn opties (None = geen vaste opties), voor `controleer()`."""
    bekend: dict[str, set[str] | None] = {"gemeente_naam": None, "jaar": None, "vorig_jaar": None}
    bekend["vorig_jaar_deelgenomen"] = None
    for naam, (_, _, opties) in _namen_en_opties(codeboek).items():
        bekend[naam] = opties
        bekend[f"vorig.{naam}"] = opties
        bekend[f"label.{naam}"] = None
        bekend[f"vorig_label.{naam}"] = None
    for v in positievragen(codeboek):
        bekend[f"positie.{v.id}"] = set(POSITIES)
    for onderdeel in fasen.onderdelen:
        bekend[f"fase.{onderdeel}"] = set(fasen.sleutels)
        bekend[f"vorig_fase.{onderdeel}"] = set(fasen.sleutels)
        bekend[f"fase_naam.{onderdeel}"] = None
        bekend[f"ontwikkeling.{onderdeel}"] = set(ONTWIKKELING)
        bekend[f"positie.{fasevraag(onderdeel)}"] = set(POSITIES)
    for naam in KAART_STANDAARD:
        bekend[f"kaart.{naam}"] = None
    return bekend


def _antwoorden(eigen: pd.DataFrame | None, codeboek: Codeboek) -> tuple[dict, dict]:
    """(antwoorden, labels) uit een tabel (vraag, rij, optie) -> aantal, n."""
    gekozen: dict[tuple[str, str], list[str]] = {}
    if eigen is not None:
        keuzes = eigen[eigen["aantal"] == 1].index
        for vraag, rij, optie in keuzes:
            gekozen.setdefault((vraag, rij), []).append(optie)
    antwoorden, labels = {}, {}
    for naam, (v, rij, _) in _namen_en_opties(codeboek).items():
        codes = [o.code for o in v.opties if o.code in gekozen.get((v.id, rij), [])]
        if v.type == "meer":
            antwoorden[naam] = codes
        else:
            antwoorden[naam] = codes[0] if codes else None
        labels[naam] = opsomming(v.optie(c).label for c in codes) if codes else None
    return antwoorden, labels


def _positie(rang: int, verdeling: list[tuple[int, int]], drempel: float) -> str | None:
    """verdeling: (rang, aantal gemeenten) landelijk."""
    n = sum(a for _, a in verdeling)
    if n == 0:
        return None
    lager = sum(a for r, a in verdeling if r < rang) / n
    hoger = sum(a for r, a in verdeling if r > rang) / n
    return "verder" if lager >= drempel else "minder_ver" if hoger >= drempel else "vergelijkbaar"


def _posities(cijfers: pd.DataFrame, codeboek: Codeboek, fasen: Fasen, antwoorden: dict, eigen_fasen) -> dict:
    """Alleen uit landelijke cijfers die niet onderdrukt zijn: de factsheet toont precies die."""
    landelijk = cijfers[cijfers["groep"] == "landelijk"]
    per_vraag = {vraag: df for vraag, df in landelijk.groupby("vraag", sort=False)}
    uit: dict[str, str | None] = {}
    for v in positievragen(codeboek):
        df = per_vraag.get(v.id)
        eigen = antwoorden.get(v.id)
        if df is None or eigen is None or df["onderdrukt"].any():
            uit[v.id] = None
            continue
        verdeling = [(v.optie(o).rang, int(a)) for o, a in zip(df["optie"], df["aantal"])]
        uit[v.id] = _positie(v.optie(eigen).rang, verdeling, fasen.vergelijking_drempel)
    for onderdeel, fase in eigen_fasen.items():
        df = per_vraag.get(fasevraag(onderdeel))
        if df is None or fase.sleutel is None or df["onderdrukt"].any():
            uit[fasevraag(onderdeel)] = None
            continue
        verdeling = [(fasen.sleutels.index(o), int(a)) for o, a in zip(df["optie"], df["aantal"])]
        uit[fasevraag(onderdeel)] = _positie(fasen.sleutels.index(fase.sleutel), verdeling, fasen.vergelijking_drempel)
    return uit


def antwoordcontext(fasecijfers: Fasecijfers, code: str, cijfers: pd.DataFrame, kaart: Mapping | None = None) -> dict:
    """De context van één gemeente. `cijfers`: alle cijfers van de factsheet (benchmark + fasen)."""
    bench, fasen = fasecijfers.b, fasecijfers.regels
    codeboek = bench.codeboek
    antwoorden, labels = _antwoorden(bench.eigen(code), codeboek)
    vorig_eigen = bench._vorig_per_gemeente.get(code)
    vorig, vorig_labels = _antwoorden(vorig_eigen, codeboek)
    eigen_fasen = fasecijfers.fasen(code)
    vorige_fasen = fasecijfers.vorig(code) or {}
    return {
        **antwoorden,
        # Zoals in de factsheet: een apostrof vooraan ('s-Hertogenbosch) blijft een apostrof in de PDF, en
        # de naam komt letterlijk in de Markdown van de gekozen zinnen (geen link of opmaak uit de invoer).
        "gemeente_naam": veilig.markdown(str(bench.deelnemers.loc[code, "gemeente_naam"]).replace("'", "’")),
        "jaar": bench.jaar,
        "vorig_jaar": bench.vorig_jaar,
        "vorig_jaar_deelgenomen": vorig_eigen is not None,
        "vorig": vorig,
        "label": labels,
        "vorig_label": vorig_labels,
        "fase": {o: f.sleutel for o, f in eigen_fasen.items()},
        "vorig_fase": {o: (vorige_fasen[o].sleutel if o in vorige_fasen else None) for o in fasen.onderdelen},
        "fase_naam": {o: (fasen.per_sleutel(f.sleutel).naam if f.sleutel else None) for o, f in eigen_fasen.items()},
        "ontwikkeling": fasecijfers.ontwikkeling(code),
        "positie": _posities(cijfers, codeboek, fasen, antwoorden, eigen_fasen),
        "kaart": {**KAART_STANDAARD, **(kaart or {})},
    }


def lege_context(codeboek: Codeboek, fasen: Fasen) -> dict:
    """Een context met elke naam, zonder antwoorden: zo ziet een gemeente eruit die niets invulde."""
    leeg = {naam: ([] if v.type == "meer" else None) for naam, (v, _, _) in _namen_en_opties(codeboek).items()}
    return {
        **leeg,
        "gemeente_naam": "",
        "jaar": codeboek.jaar,
        "vorig_jaar": None,
        "vorig_jaar_deelgenomen": False,
        "vorig": dict(leeg),
        "label": dict.fromkeys(leeg),
        "vorig_label": dict.fromkeys(leeg),
        "fase": dict.fromkeys(fasen.onderdelen),
        "vorig_fase": dict.fromkeys(fasen.onderdelen),
        "fase_naam": dict.fromkeys(fasen.onderdelen),
        "ontwikkeling": dict.fromkeys(fasen.onderdelen),
        "positie": dict.fromkeys([v.id for v in positievragen(codeboek)] + [fasevraag(o) for o in fasen.onderdelen]),
        "kaart": dict(KAART_STANDAARD),
    }


def met_waarden(context: dict, codeboek: Codeboek, fasen: Fasen, waarden: Mapping) -> dict:
    """Een kopie van `context` met `waarden` (namen met punten, zoals in de regels); de labels van
    antwoorden en de namen van fasen worden uit het codeboek en rules/fasen.yml aangevuld."""
    uit = {k: (dict(v) if isinstance(v, dict) else v) for k, v in context.items()}
    namen = _namen_en_opties(codeboek)
    for naam, waarde in waarden.items():
        ruimte, _, sleutel = naam.rpartition(".")
        (uit[ruimte] if ruimte else uit)[sleutel] = waarde
        if ruimte in ("", "vorig") and sleutel in namen:
            v = namen[sleutel][0]
            codes = waarde if isinstance(waarde, list) else ([] if waarde is None else [waarde])
            labels = opsomming(v.optie(c).label for c in codes) if codes else None
            uit["label" if ruimte == "" else "vorig_label"][sleutel] = labels
        if ruimte == "fase":
            uit["fase_naam"][sleutel] = fasen.per_sleutel(waarde).naam if waarde else None
    return uit
