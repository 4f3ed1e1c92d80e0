"""Van getelde inzendingen naar één nette, lange tabel per jaar, en het panel over twee jaren.

De lange tabel heeft één rij per (gemeente, vraag, rij, optie) met `beantwoord` en `gekozen`;
factsheets en overzicht rekenen allebei alleen hieruit, zodat hun cijfers gelijk zijn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..inlezen.codeboek import Codeboek
from ..inlezen.params import Params
from ..valideren.invoer import JaarInvoer, Validatie, naar_huidige_code

LANG_KOLOMMEN = ["jaar", "gemeente_code", "vraag", "rij", "optie", "beantwoord", "gekozen"]


def gemeenten_met_klasse(jaar: JaarInvoer, params: Params) -> pd.DataFrame:
    gemeenten = jaar.gemeenten.copy()
    gemeenten["grootteklasse"] = gemeenten["inwoners"].map(params.grootteklasse)
    gemeenten["jaar"] = jaar.jaar
    return gemeenten


def lange_tabel(antwoorden: pd.DataFrame, codeboek: Codeboek, jaar: int) -> pd.DataFrame:
    """Eén rij per (gemeente, vraag, rij, optie) voor alle gesloten vragen."""
    delen = []
    codes = antwoorden["gemeente_code"].to_numpy()
    for vraag in codeboek.gesloten_vragen:
        for rij in vraag.rij_codes:
            if vraag.type == "meer":
                waarden = antwoorden[[f"{vraag.id}__{o.code}" for o in vraag.opties]].to_numpy()
                # Alles leeg = niet beantwoord; een expliciete 0 telt als beantwoord zonder vinkje.
                beantwoord = (waarden != "").any(axis=1)
                gekozen = waarden == "1"
            else:
                kolom = vraag.id if vraag.type == "enkel" else f"{vraag.id}__{rij}"
                antwoord = antwoorden[kolom].to_numpy()
                beantwoord = antwoord != ""
                gekozen = np.stack([antwoord == o.code for o in vraag.opties], axis=1)
            for i, optie in enumerate(vraag.opties):
                delen.append(
                    pd.DataFrame(
                        {
                            "jaar": jaar,
                            "gemeente_code": codes,
                            "vraag": vraag.id,
                            "rij": rij,
                            "optie": optie.code,
                            "beantwoord": beantwoord,
                            "gekozen": (gekozen[:, i] & beantwoord).astype("int64"),
                        }
                    )
                )
    if not delen:
        return pd.DataFrame(columns=LANG_KOLOMMEN)
    return pd.concat(delen, ignore_index=True)


@dataclass
class Panel:
    """Gemeenten (codes van het nieuwe jaar) die in beide jaren meededen."""

    vorig_naar_huidig: dict[str, str]  # code vorig jaar -> code nu, alleen de gebruikte inzendingen
    leden: list[str]
    niet_gebruikt: list[dict] = field(default_factory=list)  # voorgangers die afvielen, met reden


def bepaal_panel(vorig: JaarInvoer, huidig: JaarInvoer, herindelingen: pd.DataFrame) -> Panel:
    bekend = set(huidig.gemeenten["gemeente_code"])
    inwoners_nu = dict(zip(huidig.gemeenten["gemeente_code"], huidig.gemeenten["inwoners"]))
    inwoners_toen = dict(zip(vorig.gemeenten["gemeente_code"], vorig.gemeenten["inwoners"]))
    per_opvolger: dict[str, list[str]] = {}
    niet_gebruikt: list[dict] = []
    for code in vorig.antwoorden["gemeente_code"]:
        opvolger = naar_huidige_code(code, bekend, herindelingen, inwoners_nu)
        if opvolger is None:
            niet_gebruikt.append(
                {"code": code, "opvolger": "", "reden": f"geen opvolger in de gemeententabel {huidig.jaar}"}
            )
            continue
        per_opvolger.setdefault(opvolger, []).append(code)
    vorig_naar_huidig: dict[str, str] = {}
    for opvolger, codes in sorted(per_opvolger.items()):
        # Meerdere voorgangers: de inzending van de grootste telt (contract, sectie 4).
        codes = sorted(codes, key=lambda c: (-inwoners_toen.get(c, 0), c))
        vorig_naar_huidig[codes[0]] = opvolger
        for code in codes[1:]:
            niet_gebruikt.append(
                {"code": code, "opvolger": opvolger, "reden": f"{codes[0]} is groter en telt voor {opvolger}"}
            )
    nu = set(huidig.antwoorden["gemeente_code"])
    leden = sorted(c for c in vorig_naar_huidig.values() if c in nu)
    return Panel(vorig_naar_huidig, leden, niet_gebruikt)


@dataclass
class Verwerkt:
    """Alles wat factsheets en overzicht nodig hebben, zonder persoonsgegevens."""

    params: Params
    codeboeken: dict[int, Codeboek]
    gemeenten: dict[int, pd.DataFrame]  # per jaar, met grootteklasse
    deelnemers: dict[int, pd.DataFrame]  # per jaar: gemeente_code, overige_gemeenten
    lang: dict[int, pd.DataFrame]  # per jaar, LANG_KOLOMMEN
    uitnodigingen: dict[int, pd.DataFrame]
    panel: Panel | None
    vorig_lang_huidige_codes: pd.DataFrame | None  # vorig jaar, omgezet naar codes van nu
    gemeentegrenzen: object | None = None  # GeoDataFrame (code, naam, geometry) of None


def verwerk(validatie: Validatie) -> Verwerkt:
    params = validatie.params
    jaren = validatie.jaren
    lang = {j: lange_tabel(ji.antwoorden, ji.codeboek, j) for j, ji in jaren.items()}
    panel = None
    vorig_omgezet = None
    if params.vorig_jaar is not None:
        panel = bepaal_panel(jaren[params.vorig_jaar], jaren[params.jaar], validatie.herindelingen)
        vorig_omgezet = lang[params.vorig_jaar]
        vorig_omgezet = vorig_omgezet[vorig_omgezet["gemeente_code"].isin(panel.vorig_naar_huidig)].copy()
        vorig_omgezet["gemeente_code"] = vorig_omgezet["gemeente_code"].map(panel.vorig_naar_huidig)
    return Verwerkt(
        params=params,
        codeboeken={j: ji.codeboek for j, ji in jaren.items()},
        gemeenten={j: gemeenten_met_klasse(ji, params) for j, ji in jaren.items()},
        deelnemers={
            j: ji.antwoorden[["gemeente_code", "gemeente_code_export", "overige_gemeenten", "ingediend_op"]].copy()
            for j, ji in jaren.items()
        },
        lang=lang,
        uitnodigingen={j: ji.uitnodigingen for j, ji in jaren.items()},
        panel=panel,
        vorig_lang_huidige_codes=vorig_omgezet,
        gemeentegrenzen=validatie.gemeentegrenzen,
    )


@dataclass
class OpVerwerkt:
    """Basis voor berekeningen op de nette tabellen van één run (factsheets en overzicht)."""

    verwerkt: Verwerkt

    @property
    def params(self) -> Params:
        return self.verwerkt.params

    @property
    def jaar(self) -> int:
        return self.params.jaar

    @property
    def vorig_jaar(self) -> int | None:
        return self.params.vorig_jaar

    def codeboek_van(self, jaar: int) -> Codeboek:
        return self.verwerkt.codeboeken[jaar]
