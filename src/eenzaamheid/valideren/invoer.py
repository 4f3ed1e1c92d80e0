"""Alle invoer van één run controleren: wat telt, wat in quarantaine gaat en waarom.

Per bestand geldt: gelezen = geteld + quarantaine. Persoonsgegevens (contactpersoon, e-mail) en
vrije tekst (open vragen) worden direct na het lezen weggelaten en komen nergens in terecht.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout
from ..inlezen.codeboek import Codeboek, lees_codeboek
from ..inlezen.params import Params
from ..inlezen.tabellen import Quarantaine, Tabel, lees_tabel
from .expectations import GM_CODE, GM_LIJST, ISO_TIJD, controleer, in_verzameling, regex

PERSOONSKOLOMMEN = ("contactpersoon", "email")
VASTE_KOLOMMEN = ("respondent_id", "gemeente_code", "overige_gemeenten", "gestart_op", "ingediend_op")


@dataclass(frozen=True)
class Telling:
    bestand: str
    gelezen: int
    geteld: int
    quarantaine: int


@dataclass
class JaarInvoer:
    jaar: int
    codeboek: Codeboek
    gemeenten: pd.DataFrame
    uitnodigingen: pd.DataFrame
    antwoorden: pd.DataFrame  # getelde inzendingen, breed; gemeente_code na herindeling


@dataclass
class Validatie:
    params: Params
    jaren: dict[int, JaarInvoer]
    herindelingen: pd.DataFrame
    tellingen: list[Telling] = field(default_factory=list)
    quarantaine: list[Quarantaine] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)
    gezondheid: pd.DataFrame | None = None
    buurtgrenzen: object | None = None
    gemeentegrenzen: object | None = None
    koppeling: pd.DataFrame | None = None  # per gemeente: buurten zonder vlak en vlakken zonder cijfers
    bestandsnamen: dict[str, str] = field(default_factory=dict)

    @property
    def fictief(self) -> bool:
        return self.params.fictief


def _kort(waarde: str) -> str:
    return waarde if len(waarde) <= 30 else waarde[:27] + "..."


class Boekhouding:
    """Houdt per bestand bij wat gelezen, geteld en in quarantaine gezet is."""

    def __init__(self, validatie: Validatie):
        self.v = validatie

    def sluit(
        self, tabel: Tabel, redenen: dict[int, list[str]], extra_kolommen: dict[str, str] | None = None
    ) -> pd.DataFrame:
        df = tabel.df
        for regel in sorted(redenen):
            rij = df.loc[regel]
            self.v.quarantaine.append(
                Quarantaine(
                    bestand=tabel.bestand,
                    regel=int(regel),
                    reden="; ".join(dict.fromkeys(redenen[regel])),
                    respondent_id=str(rij.get("respondent_id", "")),
                    gemeente_code=str(rij.get("gemeente_code", (extra_kolommen or {}).get(regel, ""))),
                )
            )
        self.v.quarantaine.extend(tabel.quarantaine)
        self.v.meldingen.extend(tabel.meldingen)
        geteld = df.drop(index=list(redenen))
        self.v.tellingen.append(
            Telling(tabel.bestand, tabel.gelezen, len(geteld), len(redenen) + len(tabel.quarantaine))
        )
        if len(geteld) + len(redenen) + len(tabel.quarantaine) != tabel.gelezen:
            raise AssertionError(f"{tabel.bestand}: telling sluit niet")
        return geteld


def _dubbel(df: pd.DataFrame, kolom: str, wat: str) -> dict[int, list[str]]:
    redenen: dict[int, list[str]] = {}
    eerste: dict[str, int] = {}
    for regel, waarde in df[kolom].items():
        if waarde and waarde in eerste:
            redenen[regel] = [f"{wat} {waarde} staat al op regel {eerste[waarde]}"]
        else:
            eerste.setdefault(waarde, regel)
    return redenen


def _voeg(doel: dict[int, list[str]], *bronnen: dict[int, list[str]]) -> dict[int, list[str]]:
    for bron in bronnen:
        for regel, redenen in bron.items():
            doel.setdefault(regel, []).extend(redenen)
    return doel


def lees_herindelingen(pad: Path, bestand: str, boek: Boekhouding) -> pd.DataFrame:
    tabel = lees_tabel(pad, bestand, ["datum", "oude_code", "nieuwe_code"])
    redenen = controleer(
        tabel.df,
        [
            regex("datum", r"^\d{4}-\d{2}-\d{2}$", lambda w: f"datum '{_kort(w)}' is geen datum (JJJJ-MM-DD)"),
            regex("oude_code", GM_CODE, lambda w: f"oude_code '{_kort(w)}' is geen CBS-code"),
            regex("nieuwe_code", GM_CODE, lambda w: f"nieuwe_code '{_kort(w)}' is geen CBS-code"),
        ],
    )
    zelf = tabel.df.index[tabel.df["oude_code"] == tabel.df["nieuwe_code"]]
    _voeg(redenen, {r: ["oude_code en nieuwe_code zijn gelijk"] for r in zelf})
    return boek.sluit(tabel, redenen, {r: c for r, c in tabel.df["oude_code"].items()})


def lees_gemeenten(pad: Path, bestand: str, boek: Boekhouding) -> pd.DataFrame:
    tabel = lees_tabel(pad, bestand, ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners"])
    redenen = controleer(
        tabel.df,
        [
            regex("gemeente_code", GM_CODE, lambda w: f"gemeente_code '{_kort(w)}' is geen CBS-code (GM + 4 cijfers)"),
            regex("gemeente_naam", r"\S", lambda w: "gemeente_naam is leeg"),
            regex(
                "provincie_code",
                r"^PV\d{2}$",
                lambda w: f"provincie_code '{_kort(w)}' is geen CBS-code (PV + 2 cijfers)",
            ),
            regex("provincie_naam", r"\S", lambda w: "provincie_naam is leeg"),
            regex("inwoners", r"^[1-9]\d*$", lambda w: f"inwoners '{_kort(w)}' is geen positief geheel getal"),
        ],
    )
    _voeg(redenen, _dubbel(tabel.df, "gemeente_code", "gemeente_code"))
    geteld = boek.sluit(tabel, redenen).copy()
    geteld["inwoners"] = geteld["inwoners"].astype("int64")
    return geteld.reset_index(drop=True)[
        ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners"]
    ]


def naar_huidige_code(
    code: str, bekend: set[str], herindelingen: pd.DataFrame, inwoners: dict[str, int] | None = None
) -> str | None:
    """Volg herindelingen van een oude code tot een code die in `bekend` staat."""
    gezien = set()
    while code not in bekend:
        if code in gezien:
            return None
        gezien.add(code)
        opvolgers = herindelingen.loc[herindelingen["oude_code"] == code, "nieuwe_code"].tolist()
        if not opvolgers:
            return None
        # Bij een splitsing gaat de code naar de grootste opvolger (zie docs/aannames.md).
        code = max(opvolgers, key=lambda c: ((inwoners or {}).get(c, 0), c))
    return code


def lees_uitnodigingen(
    pad: Path, bestand: str, gemeenten: pd.DataFrame, herindelingen: pd.DataFrame, boek: Boekhouding
) -> pd.DataFrame:
    tabel = lees_tabel(pad, bestand, ["contact_id", "gemeente_codes"])
    redenen = controleer(
        tabel.df,
        [
            regex("contact_id", r"\S", lambda w: "contact_id is leeg"),
            regex(
                "gemeente_codes",
                r"^GM\d{4}(\|GM\d{4})*$",
                lambda w: f"gemeente_codes '{_kort(w)}' is geen lijst van CBS-codes gescheiden door |",
            ),
        ],
    )
    _voeg(redenen, _dubbel(tabel.df, "contact_id", "contact_id"))
    bekend = set(gemeenten["gemeente_code"])
    for regel, codes in tabel.df["gemeente_codes"].items():
        for code in filter(None, codes.split("|")):
            if regel not in redenen and naar_huidige_code(code, bekend, herindelingen) is None:
                _voeg(redenen, {regel: [f"gemeente {code} staat niet in de gemeententabel"]})
    geteld = boek.sluit(tabel, redenen, {r: c.split("|")[0] for r, c in tabel.df["gemeente_codes"].items()})
    return geteld.reset_index()


def lees_antwoorden(
    pad: Path,
    bestand: str,
    codeboek: Codeboek,
    jaar: int,
    gemeenten: pd.DataFrame,
    herindelingen: pd.DataFrame,
    boek: Boekhouding,
) -> pd.DataFrame:
    kolommen = codeboek.kolommen()
    tabel = lees_tabel(pad, bestand, list(VASTE_KOLOMMEN) + list(kolommen))
    # Persoonsgegevens en vrije tekst gaan er direct uit: niets verderop kan ze nog zien.
    weg = [k for k in tabel.df.columns if k in PERSOONSKOLOMMEN or (k in kolommen and kolommen[k][0].type == "open")]
    onbekend = [
        k for k in tabel.df.columns if k not in kolommen and k not in VASTE_KOLOMMEN and k not in PERSOONSKOLOMMEN
    ]
    if onbekend:
        boek.v.meldingen.append(
            f"{bestand}: kolommen die niet in het codeboek {jaar} staan, genegeerd: " + ", ".join(onbekend)
        )
    tabel.df = tabel.df.drop(columns=weg + onbekend)
    df = tabel.df

    controles = [
        regex("respondent_id", r"\S", lambda w: "respondent_id is leeg"),
        regex("gemeente_code", GM_CODE, lambda w: f"gemeente_code '{_kort(w)}' is geen CBS-code (GM + 4 cijfers)"),
        regex("overige_gemeenten", GM_LIJST, lambda w: f"overige_gemeenten '{_kort(w)}' is geen lijst van CBS-codes"),
        regex(
            "ingediend_op",
            ISO_TIJD.replace("^", "^$|^", 1),
            lambda w: f"ingediend_op '{_kort(w)}' is geen ISO 8601-tijdstip",
        ),
    ]
    for kolom, (vraag, _) in kolommen.items():
        if vraag.type == "open":
            continue
        if vraag.type == "meer":
            controles.append(
                in_verzameling(
                    kolom, ["1", "0", ""], lambda w, k=kolom: f"kolom {k}: waarde '{_kort(w)}' is geen 1, 0 of leeg"
                )
            )
        else:
            controles.append(
                in_verzameling(
                    kolom,
                    [o.code for o in vraag.opties] + [""],
                    lambda w, k=kolom: f"kolom {k}: antwoordcode '{_kort(w)}' staat niet in het codeboek {jaar}",
                )
            )
    redenen = controleer(df, controles)
    _voeg(redenen, _dubbel(df, "respondent_id", "respondent_id"))
    _voeg(redenen, {r: ["niet ingediend (tussentijds opgeslagen)"] for r in df.index[df["ingediend_op"] == ""]})

    for vraag in codeboek.gesloten_vragen:
        for optie in (o for o in vraag.opties if o.exclusief):
            eigen = df[f"{vraag.id}__{optie.code}"] == "1"
            andere = (df[[f"{vraag.id}__{o.code}" for o in vraag.opties if o.code != optie.code]] == "1").any(axis=1)
            _voeg(
                redenen,
                {
                    r: [f"vraag {vraag.id}: '{optie.label}' is aangekruist samen met een andere optie"]
                    for r in df.index[eigen & andere]
                },
            )

    bekend = set(gemeenten["gemeente_code"])
    inwoners = dict(zip(gemeenten["gemeente_code"], gemeenten["inwoners"]))
    huidig: dict[int, str] = {}
    overige: dict[int, str] = {}  # na herindeling, zonder de eerste gemeente zelf
    for regel, rij in df.iterrows():
        code = naar_huidige_code(rij["gemeente_code"], bekend, herindelingen, inwoners)
        if code is None:
            if rij["gemeente_code"]:
                _voeg(
                    redenen,
                    {
                        regel: [
                            f"gemeente_code {rij['gemeente_code']} staat niet in de "
                            f"gemeententabel {jaar}, ook niet via een herindeling"
                        ]
                    },
                )
            continue
        if code != rij["gemeente_code"]:
            boek.v.meldingen.append(
                f"{bestand}, regel {regel}: gemeente_code {rij['gemeente_code']} "
                f"is via de herindeling omgezet naar {code}"
            )
        huidig[regel] = code
        omgezet = []
        for ander in filter(None, rij["overige_gemeenten"].split("|")):
            nieuw = naar_huidige_code(ander, bekend, herindelingen, inwoners)
            if nieuw is None:
                _voeg(redenen, {regel: [f"overige_gemeenten: {ander} staat niet in de gemeententabel {jaar}"]})
            elif nieuw != code and nieuw not in omgezet:
                omgezet.append(nieuw)
        overige[regel] = "|".join(omgezet)

    # Eén inzending per gemeente: de laatst ingediende telt (op tijdstip, niet op plek in het bestand).
    kandidaten = df.loc[[r for r in df.index if r not in redenen and r in huidig]].copy()
    kandidaten["gemeente_code_export"] = kandidaten["gemeente_code"]
    kandidaten["gemeente_code"] = [huidig[r] for r in kandidaten.index]
    kandidaten["overige_gemeenten"] = [overige.get(r, "") for r in kandidaten.index]
    kandidaten["_tijd"] = pd.to_datetime(kandidaten["ingediend_op"], format="ISO8601", utc=True)
    kandidaten["_regel"] = kandidaten.index
    kandidaten = kandidaten.sort_values(["gemeente_code", "_tijd", "_regel"])
    laatste = kandidaten.groupby("gemeente_code").tail(1)
    for regel, rij in kandidaten.drop(index=laatste.index).iterrows():
        winnaar = laatste.loc[laatste["gemeente_code"] == rij["gemeente_code"]].iloc[0]
        _voeg(
            redenen,
            {
                regel: [
                    f"vervangen door een latere inzending voor {rij['gemeente_code']} "
                    f"(regel {winnaar['_regel']}, respondent {winnaar['respondent_id']})"
                ]
            },
        )
    boek.sluit(tabel, redenen)
    geteld = laatste.drop(columns=["_tijd"]).rename(columns={"_regel": "regel"})
    geteld["jaar"] = jaar
    return geteld.sort_values("gemeente_code").reset_index(drop=True)


def bestandsnamen(params: Params) -> dict[Path, str]:
    """Korte, machine-onafhankelijke namen: paden vanaf de gezamenlijke map van alle invoer."""
    paden = [p for b in params.bronnen.values() for p in (b.antwoorden, b.uitnodigingen, b.gemeenten)]
    paden += [p for p in (params.herindelingen, params.buurtgrenzen, params.gemeentegrenzen) if p is not None]
    paden += params.gezondheid_bestanden
    basis = Path(os.path.commonpath([p.parent for p in paden]))
    return {p: p.relative_to(basis).as_posix() for p in paden}


def valideer(params: Params, met_kaarten: bool = True) -> Validatie:
    namen = bestandsnamen(params)
    validatie = Validatie(params=params, jaren={}, herindelingen=pd.DataFrame())
    validatie.bestandsnamen = {str(k): v for k, v in namen.items()}
    boek = Boekhouding(validatie)
    validatie.herindelingen = lees_herindelingen(params.herindelingen, namen[params.herindelingen], boek)
    for jaar in sorted(params.jaren):
        bron = params.bronnen[jaar]
        codeboek = lees_codeboek(bron.codeboek)
        if codeboek.jaar != jaar:
            raise InvoerFout(bron.codeboek, f"codeboek is van {codeboek.jaar}, verwacht {jaar}", kolom="jaar")
        gemeenten = lees_gemeenten(bron.gemeenten, namen[bron.gemeenten], boek)
        uitnodigingen = lees_uitnodigingen(
            bron.uitnodigingen, namen[bron.uitnodigingen], gemeenten, validatie.herindelingen, boek
        )
        antwoorden = lees_antwoorden(
            bron.antwoorden, namen[bron.antwoorden], codeboek, jaar, gemeenten, validatie.herindelingen, boek
        )
        validatie.jaren[jaar] = JaarInvoer(jaar, codeboek, gemeenten, uitnodigingen, antwoorden)
    if met_kaarten:
        from ..inlezen.gebieden import lees_gezondheid_bestanden, lees_grenzen
        from .koppeling import meld_koppeling

        if params.gezondheid is not None:
            validatie.gezondheid = lees_gezondheid_bestanden(params.gezondheid_bestanden, namen, params, boek)
        if params.buurtgrenzen is not None:
            validatie.buurtgrenzen = lees_grenzen(params.buurtgrenzen, namen[params.buurtgrenzen], "buurt", boek)
        if params.gemeentegrenzen is not None:
            validatie.gemeentegrenzen = lees_grenzen(
                params.gemeentegrenzen, namen[params.gemeentegrenzen], "gemeente", boek
            )
        if validatie.gezondheid is not None and validatie.buurtgrenzen is not None:
            validatie.koppeling = meld_koppeling(validatie, namen[params.buurtgrenzen])
    return validatie
