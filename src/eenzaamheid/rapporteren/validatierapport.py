"""Het validatierapport voor de analist: per reden wat er gebeurde en wat te doen.

`valideren/` levert alleen de tabellen (rijen.csv, quarantaine.csv en de losse meldingen). Hier
krijgt elke reden en melding uitleg uit `rules/validatie_meldingen.yml` (wat het is, wat het met
de cijfers doet, wat de analist kan doen); dat gaat naar `meldingen.csv` (contract, sectie 8) en
naar het notebook `notebooks/validatie.ipynb`, dat als HTML wordt opgemaakt. Het notebook leest
de tabellen van de run, zodat een analist het kan openen en de rijen in quarantaine kan verkennen.
Persoonsgegevens en vrije tekst zitten niet in die tabellen en dus ook niet in het rapport.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .. import __version__, herkomst, veilig
from ..config import MAP_VALIDATIE, REGELS
from ..fouten import InvoerFout
from ..inlezen.params import Params, lees_params
from ..inlezen.regeltaal import Plek, Sjabloon, Voorwaarde, controleer, regelnummers
from ..inlezen.yamlbestand import lees_model
from .getallen import getal
from .weergave import Tabel, Tekst

MELDINGREGELS = REGELS / "validatie_meldingen.yml"
MELDINGEN_KOLOMMEN = ["bestand", "regel", "kolom", "soort", "melding", "gevolg", "actie"]
VOORBEELDEN = 5  # zoveel eerste regels per reden in het rapport; de rest staat in de CSV
NAMEN = {"reden": None, "bestand": None, "soort": ["quarantaine", "melding"]}


class Meldingregel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    als: str | None = None
    soort_csv: Literal["fout", "quarantaine", "aangepast", "waarschuwing"]
    kort: str
    wat: str
    gevolg: str
    actie: str
    _voorwaarde: Voorwaarde | None = PrivateAttr(None)
    _sjablonen: dict = PrivateAttr(default_factory=dict)

    def ontleed(self, pad: Path, regelnummer: int | None) -> None:
        if self.als not in (None, ""):
            self._voorwaarde = Voorwaarde.ontleed(self.als, Plek(pad, self.id, regelnummer))
            controleer(self._voorwaarde, NAMEN)
        for veld in ("wat", "gevolg", "actie"):
            sjabloon = Sjabloon.ontleed(getattr(self, veld), Plek(pad, self.id, regelnummer, veld))
            controleer(sjabloon, NAMEN)
            self._sjablonen[veld] = sjabloon

    def geldt(self, context: dict) -> bool:
        return self._voorwaarde is None or self._voorwaarde.geldt(context)

    def tekst(self, veld: str, context: dict) -> str:
        return self._sjablonen[veld].vul_in(context)


class Meldingregels(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regels: list[Meldingregel]

    @model_validator(mode="after")
    def _vangnet(self) -> Meldingregels:
        if not self.regels or self.regels[-1].als not in (None, ""):
            raise ValueError("de laatste regel moet zonder 'als' zijn, zodat elke melding uitleg krijgt")
        return self

    def kies(self, context: dict) -> Meldingregel:
        return next(r for r in self.regels if r.geldt(context))


@cache
def laad_meldingregels(pad: Path = MELDINGREGELS) -> Meldingregels:
    model = lees_model(Meldingregels, pad)
    nummers = regelnummers(pad)
    gezien: set[str] = set()
    for i, regel in enumerate(model.regels):
        if regel.id in gezien:
            raise InvoerFout(pad, f"regel-id '{regel.id}' komt twee keer voor", regel=nummers.get(("regels", i)))
        gezien.add(regel.id)
        regel.ontleed(Path(pad), nummers.get(("regels", i)))
    return model


_KOLOM = [
    re.compile(r"^kolom (\w+):"),
    re.compile(r"^vraag (\w+):"),
    re.compile(r"^(\w+):"),
    re.compile(r"^(\w+) '"),
    re.compile(r"^(\w+) \S+ (staat|is)\b"),
    re.compile(r"^(\w+) is leeg"),
]
_PLEK = re.compile(r"^(?P<bestand>[^,:]+?)(?:, regel (?P<regel>\d+))?: (?P<melding>.*)$")


def kolom_van(reden: str) -> str:
    for patroon in _KOLOM:
        if m := patroon.match(reden):
            return m.group(1) if m.group(1) not in ("vervangen", "niet", "rij", "object") else ""
    return ""


def bouw_meldingen(quarantaine: pd.DataFrame, losse: list[str], regels: Meldingregels | None = None) -> pd.DataFrame:
    """meldingen.csv plus de id en korte naam van de regel die de uitleg gaf (kolommen `uitleg`, `kort`)."""
    regels = regels or laad_meldingregels()
    rijen = []

    def voeg_toe(bestand: str, regel, melding: str, soort: str) -> None:
        context = {"reden": melding, "bestand": bestand, "soort": soort}
        r = regels.kies(context)
        rijen.append(
            {
                "bestand": bestand,
                "regel": regel,
                "kolom": kolom_van(melding),
                "soort": r.soort_csv,
                "melding": melding,
                "gevolg": r.tekst("gevolg", context),
                "actie": r.tekst("actie", context),
                "uitleg": r.id,
                "kort": r.kort,
            }
        )

    for q in quarantaine.itertuples():
        for deel in str(q.reden).split("; "):
            voeg_toe(q.bestand, int(q.regel), deel, "quarantaine")
    for tekst in losse:
        m = _PLEK.match(tekst)
        if m:
            voeg_toe(m["bestand"], int(m["regel"]) if m["regel"] else None, m["melding"], "melding")
        else:
            voeg_toe("", None, tekst, "melding")
    df = pd.DataFrame(rijen, columns=MELDINGEN_KOLOMMEN + ["uitleg", "kort"])
    df["regel"] = df["regel"].astype("Int64")
    return df


@dataclass
class Validatierapport:
    params: Params
    rijen: pd.DataFrame  # rijen.csv
    quarantaine: pd.DataFrame  # quarantaine.csv
    meldingen: pd.DataFrame  # meldingen.csv met de kolommen uitleg en kort
    panel: object | None = None

    @classmethod
    def laad(cls, params_bestand) -> Validatierapport:
        """Uit de tabellen van de laatste run (map validatie/ onder `uitvoer`)."""
        params = lees_params(Path(params_bestand))
        map_ = params.uitvoer / MAP_VALIDATIE
        lees = {"keep_default_na": False, "dtype": str}
        rijen = pd.read_csv(map_ / "rijen.csv", **lees)
        for k in ("gelezen", "geteld", "quarantaine"):
            rijen[k] = rijen[k].astype(int)
        quarantaine = pd.read_csv(map_ / "quarantaine.csv", **lees)
        quarantaine["regel"] = quarantaine["regel"].astype(int)
        meldingen = pd.read_csv(map_ / "meldingen.csv", **lees)
        # De uitleg per melding opnieuw uit dezelfde regels: zo toont het notebook ook 'wat' en 'kort'.
        regels = laad_meldingregels()
        uitleg = [
            regels.kies({"reden": m, "bestand": b, "soort": "quarantaine" if s == "quarantaine" else "melding"})
            for m, b, s in zip(meldingen["melding"], meldingen["bestand"], meldingen["soort"])
        ]
        meldingen["uitleg"] = [r.id for r in uitleg]
        meldingen["kort"] = [r.kort for r in uitleg]
        panel = None
        if params.vorig_jaar is not None:
            from ..verwerken.opslag import lees_verwerkt

            panel = lees_verwerkt(params).panel
        return cls(params, rijen, quarantaine, meldingen, panel)

    # -- inhoud -----------------------------------------------------------------------------
    def oordelen(self) -> list[tuple[str, str]]:
        """Per invoerbestand één regel: in orde, of hoeveel rijen waarom niet tellen."""
        uit = []
        for r in self.rijen.itertuples():
            eigen = self.meldingen[self.meldingen["bestand"] == r.bestand]
            q = eigen[eigen["soort"] == "quarantaine"]
            overig = eigen[eigen["soort"] != "quarantaine"]
            if r.quarantaine == 0:
                oordeel = f"In orde: alle {getal(r.gelezen)} rijen geteld."
            else:
                redenen = q.groupby("kort", sort=False).size()
                oordeel = (
                    f"{getal(r.quarantaine)} van de {getal(r.gelezen)} rijen tellen niet: "
                    + ", ".join(f"{k.lower()} ({n})" for k, n in redenen.items())
                    + "."
                )
            if len(overig):
                oordeel += (
                    f" {len(overig)} {'melding' if len(overig) == 1 else 'meldingen'} zonder gevolg voor de telling."
                )
            uit.append((r.bestand, oordeel))
        return uit

    def per_reden(self) -> list[dict]:
        """Per regel uit validatie_meldingen.yml die iets vond: uitleg, aantal en de eerste regels."""
        regels = {r.id: r for r in laad_meldingregels().regels}
        uit = []
        for rid, groep in self.meldingen.groupby("uitleg", sort=False):
            r = regels[rid]
            eerste = groep.iloc[0]
            context = {"reden": eerste["melding"], "bestand": eerste["bestand"], "soort": eerste["soort"]}
            uit.append(
                {
                    "id": rid,
                    "kort": r.kort,
                    "soort": r.soort_csv,
                    "aantal": len(groep),
                    "wat": r.tekst("wat", context),
                    "gevolg": eerste["gevolg"],
                    "actie": eerste["actie"],
                    "voorbeelden": groep.head(VOORBEELDEN),
                }
            )
        volgorde = {"fout": 0, "quarantaine": 1, "aangepast": 2, "waarschuwing": 3}
        return sorted(uit, key=lambda x: (volgorde[x["soort"]], -x["aantal"], x["kort"]))

    # -- weergave ---------------------------------------------------------------------------
    def blokken(self) -> list:
        p = self.params
        gelezen, geteld, quarantaine = (int(self.rijen[k].sum()) for k in ("gelezen", "geteld", "quarantaine"))
        sluit = bool((self.rijen["gelezen"] == self.rijen["geteld"] + self.rijen["quarantaine"]).all())
        blokken: list = [
            Tekst(
                "::: {.kop}\n**Benchmark Eén tegen eenzaamheid**\n\n"
                f"# Validatierapport invoer {p.jaar}\n\n"
                "Controle van alle invoerbestanden tegen het datacontract en de codeboeken, met per reden wat "
                "er met de cijfers gebeurt en wat u kunt doen.\n:::\n"
                + (
                    "\n::: {.fictief}\n**Fictieve gegevens.** Dit rapport is gemaakt op verzonnen demogegevens.\n:::\n"
                    if p.fictief
                    else ""
                )
            ),
            Tekst(
                "## In het kort\n\n"
                f"{getal(gelezen)} rijen gelezen uit {len(self.rijen)} bestanden: {getal(geteld)} geteld en "
                f"{getal(quarantaine)} in quarantaine. "
                + (
                    "Voor elk bestand geldt gelezen = geteld + quarantaine."
                    if sluit
                    else "**De telling sluit niet**: meld dit als fout in het programma."
                )
                + "\n\n### Oordeel per invoerbestand\n"
            ),
        ]
        oordelen = dict(self.oordelen())
        blokken.append(
            Tabel(
                ["Bestand", "Gelezen", "Geteld", "Quarantaine", "Oordeel"],
                [
                    [r.bestand, getal(r.gelezen), getal(r.geteld), getal(r.quarantaine), oordelen[r.bestand]]
                    for r in self.rijen.itertuples()
                ],
                [22, 8, 8, 10, 52],
                rechts=0,
            )
        )
        redenen = self.per_reden()
        blokken.append(
            Tekst(
                "## Per reden: wat er gebeurde en wat u kunt doen\n\n"
                + (
                    "Geen rijen in quarantaine en geen meldingen.\n"
                    if not redenen
                    else "Per reden de uitleg en de eerste regels (bestand en regelnummer in dat bestand); alle "
                    "regels staan in `meldingen.csv`.\n"
                )
            )
        )
        for r in redenen:
            soort = {"quarantaine": "telt niet", "aangepast": "aangepast", "waarschuwing": "waarschuwing"}.get(
                r["soort"], r["soort"]
            )
            blokken.append(
                Tekst(
                    f"### {r['kort']} ({r['aantal']} {'regel' if r['aantal'] == 1 else 'regels'}, {soort})\n\n"
                    f"- **Wat het is:** {r['wat']}\n- **Wat het doet met de cijfers:** {r['gevolg']}\n"
                    f"- **Wat u kunt doen:** {r['actie']}\n"
                )
            )
            v = r["voorbeelden"]
            respondent = {(q.bestand, str(q.regel)): q.respondent_id for q in self.quarantaine.itertuples()}
            blokken.append(
                Tabel(
                    ["Bestand", "Regel", "Respondent", "Kolom", "Melding"],
                    [
                        [b, "" if pd.isna(g) else str(g), respondent.get((b, str(g)), ""), k, m]
                        for b, g, k, m in zip(v["bestand"], v["regel"], v["kolom"], v["melding"])
                    ],
                    [22, 6, 12, 13, 47],
                    rechts=0,
                )
            )
            if r["aantal"] > VOORBEELDEN:
                blokken.append(Tekst(f"En nog {r['aantal'] - VOORBEELDEN} regels (zie `meldingen.csv`).\n"))
        if self.panel is not None:
            niet = getattr(self.panel, "niet_gebruikt", [])
            tekst = (
                f"## Panel {p.vorig_jaar}–{p.jaar}\n\n{len(self.panel.leden)} gemeenten vulden de vragenlijst in "
                f"beide jaren in (vergeleken op de gemeentecodes van {p.jaar}).\n"
            )
            blokken.append(Tekst(tekst))
            if niet:
                blokken.append(Tekst(f"Inzendingen van {p.vorig_jaar} die niet in het panel tellen:\n"))
                blokken.append(
                    Tabel(
                        [f"Gemeente {p.vorig_jaar}", f"Opvolger {p.jaar}", "Reden"],
                        [[n["code"], n["opvolger"], n["reden"]] for n in niet],
                        [20, 20, 60],
                    )
                )
        blokken.append(
            Tekst(
                "## Voor machines\n\n`rijen.csv` (per bestand gelezen, geteld, quarantaine), `quarantaine.csv` "
                "(bestand, regel, respondent, gemeente, reden) en `meldingen.csv` (bestand, regel, kolom, soort, "
                f"melding, gevolg, actie) staan naast dit rapport. Gemaakt met eenzaamheid {__version__}.\n"
            )
        )
        return blokken


def stap_validatierapport(params: Params, quarantaine: pd.DataFrame, losse: list[str], verslag, code: str) -> Path:
    """meldingen.csv schrijven, het notebook uitvoeren en als HTML opmaken; geeft het pad van de HTML.

    Het notebook leest alleen de tabellen van de validatie, het panel, de meldingregels en de parameters:
    zijn die en de code (`code`, de codesleutel van de run) gelijk aan die van de vorige keer, dan is het
    bewaarde notebook precies wat een nieuwe kernel zou geven, en wordt alleen opnieuw opgemaakt (de
    herkomst in het colofon noemt wel de gewijzigde invoer). Een gecorrigeerd RIVM-cijfer kost zo geen kernel."""
    import nbformat

    from ..config import VALIDATIE_NOTEBOOK
    from . import incrementeel as inc
    from .render import render_documenten, voettekst
    from .uitvoeren import WarmeKernel, bewaar_notebook, parametriseer, voor_kernel, werkmap

    begin = time.perf_counter()
    map_ = params.uitvoer / MAP_VALIDATIE
    meldingen = bouw_meldingen(quarantaine, losse)
    veilig.schrijf_csv(meldingen[MELDINGEN_KOLOMMEN], map_ / "meldingen.csv")
    pad = werkmap(params) / "validatie.ipynb"
    pad.parent.mkdir(parents=True, exist_ok=True)
    html = map_ / "validatie.html"
    bronnen = [
        params.bestand,
        *(map_ / n for n in ("rijen.csv", "quarantaine.csv", "meldingen.csv")),
        MELDINGREGELS,
        params.verwerkt_map / "panel.json",
    ]
    sleutel = inc.sleutel(code, *(inc.bestandsleutel(b) if b.is_file() else f"{b.name} ontbreekt" for b in bronnen))
    toestand = inc.Toestand(params.uitvoer, "validatierapport")
    if toestand.actueel("notebook", sleutel):
        nb = nbformat.read(pad, as_version=4)
    else:
        kernel = WarmeKernel()
        try:
            sjabloon = nbformat.read(VALIDATIE_NOTEBOOK, as_version=4)
            nb = kernel.voer_uit(parametriseer(sjabloon, {"params_bestand": voor_kernel(params.bestand)}))
            bewaar_notebook(nb, pad, params.bestand)
        except Exception as fout:  # het rapport mislukt; de tabellen staan er al
            verslag.fouten.append(f"validatierapport: {type(fout).__name__}: {fout}")
            toestand.vergeet("notebook")
            toestand.bewaar()
            return html
        finally:
            kernel.stop()
        toestand.gemaakt("notebook", sleutel, [pad])
        toestand.bewaar()
    titel = f"Validatierapport {params.jaar} – Benchmark Eén tegen eenzaamheid"
    voet = voettekst(params.jaar, params.fictief, f"Validatierapport {params.jaar}")
    render_documenten(
        nb,
        html,
        None,
        titel,
        voet,
        params.jaar,
        herkomst.colofon(herkomst.lees(params.uitvoer), soort="validatie"),
        soort="validatie",
        bijlagen={n: map_ / n for n in ("meldingen.csv", "quarantaine.csv", "rijen.csv")},
    )
    verslag.regels.append(f"Validatierapport: {html} ({time.perf_counter() - begin:.1f} s)")
    return html
