"""Alle invoer van één run controleren: wat telt, wat in quarantaine gaat en waarom.

Per bestand geldt: gelezen = geteld + quarantaine. Persoonsgegevens (contactpersoon, e-mail) en
vrije tekst (open vragen) worden direct na het lezen weggelaten en komen nergens in terecht.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout
from ..inlezen.codeboek import Codeboek, lees_codeboek
from ..inlezen.params import Params
from ..inlezen.tabellen import Tabel, lees_tabel
from .boekhouding import Boekhouding, JaarInvoer, Validatie
from .expectations import GM_CODE, GM_LIJST, ISO_TIJD, controleer, in_verzameling, regex
from .gebieden import lees_gezondheid_bestanden, lees_grenzen
from .koppeling import meld_koppeling

PERSOONSKOLOMMEN = ("contactpersoon", "email")
VASTE_KOLOMMEN = ("respondent_id", "gemeente_code", "overige_gemeenten", "gestart_op", "ingediend_op")


_CODEACHTIG = re.compile(r"^[\w.:+|\-]{0,30}$")


def _kort(waarde: str) -> str:
    """Een waarde in een reden: alleen als zij eruitziet als een code, nooit vrije tekst."""
    return waarde if _CODEACHTIG.fullmatch(waarde) else f"(tekst van {len(waarde)} tekens, niet getoond)"


def _dubbel(df: pd.DataFrame, kolom: str, wat: str) -> dict[int, list[str]]:
    waarden = df[kolom]
    dubbel = waarden.duplicated(keep="first") & (waarden != "")
    if not dubbel.any():
        return {}
    eerste = pd.Series(waarden.index, index=waarden.values).groupby(level=0).first()
    return {
        int(regel): [f"{wat} {waarde} staat al op regel {eerste[waarde]}"] for regel, waarde in waarden[dubbel].items()
    }


def _hoofdletters(tabel: Tabel, kolommen: list[str], patroon: str, boek: Boekhouding) -> None:
    """Codes in kleine letters (gm0363) zijn eenduidig: omzetten en melden in plaats van afkeuren."""
    for kolom in kolommen:
        waarden = tabel.df[kolom]
        hoog = waarden.str.upper()
        om = (hoog != waarden) & hoog.str.fullmatch(patroon)
        if om.any():
            regels = [int(r) for r in waarden.index[om]]
            tabel.df.loc[om, kolom] = hoog[om]
            boek.v.meldingen.append(
                f"{tabel.bestand}: {len(regels)} code(s) in kolom {kolom} in kleine letters omgezet naar "
                f"hoofdletters (regel {', '.join(map(str, regels[:10]))}{', …' if len(regels) > 10 else ''})"
            )


def _voeg(doel: dict[int, list[str]], *bronnen: dict[int, list[str]]) -> dict[int, list[str]]:
    for bron in bronnen:
        for regel, redenen in bron.items():
            doel.setdefault(regel, []).extend(redenen)
    return doel


def _bestaat_niet(waarden: pd.Series, formaat: str) -> pd.Index:
    """Regels met een waarde in de goede vorm die toch geen echte datum of tijd is (2020-02-30)."""
    gevuld = waarden[waarden != ""]
    tijden = pd.to_datetime(gevuld, format=formaat, utc=True, errors="coerce")
    return gevuld.index[tijden.isna()]


def lees_herindelingen(pad: Path, bestand: str, boek: Boekhouding) -> pd.DataFrame:
    tabel = lees_tabel(pad, bestand, ["datum", "oude_code", "nieuwe_code"])
    _hoofdletters(tabel, ["oude_code", "nieuwe_code"], GM_CODE, boek)
    redenen = controleer(
        tabel.df,
        [
            regex("datum", r"^\d{4}-\d{2}-\d{2}$", lambda w: f"datum '{_kort(w)}' is geen datum (JJJJ-MM-DD)"),
            regex("oude_code", GM_CODE, lambda w: f"oude_code '{_kort(w)}' is geen CBS-code"),
            regex("nieuwe_code", GM_CODE, lambda w: f"nieuwe_code '{_kort(w)}' is geen CBS-code"),
        ],
    )
    vorm_goed = tabel.df.loc[[r for r in tabel.df.index if r not in redenen]]
    _voeg(
        redenen,
        {
            r: [f"datum '{vorm_goed.at[r, 'datum']}' bestaat niet"]
            for r in _bestaat_niet(vorm_goed["datum"], "%Y-%m-%d")
        },
    )
    zelf = tabel.df.index[tabel.df["oude_code"] == tabel.df["nieuwe_code"]]
    _voeg(redenen, {r: ["oude_code en nieuwe_code zijn gelijk"] for r in zelf})
    geteld = boek.sluit(tabel, redenen, {r: c for r, c in tabel.df["oude_code"].items()})
    controleer_kringen(geteld, bestand)
    return geteld


def controleer_kringen(herindelingen: pd.DataFrame, bestand: str) -> None:
    """Een herindeling die via andere herindelingen in zichzelf uitkomt, heeft geen huidige gemeente."""
    opvolgers: dict[str, list[tuple[str, int]]] = {}
    for regel, oud, nieuw in zip(herindelingen.index, herindelingen["oude_code"], herindelingen["nieuwe_code"]):
        opvolgers.setdefault(oud, []).append((nieuw, int(regel)))
    klaar: set[str] = set()

    def bezoek(code: str, pad: list[tuple[str, int]]) -> None:
        if code in klaar:
            return
        codes = [c for c, _ in pad]
        if code in codes:
            kring = pad[codes.index(code) :]
            stappen = " → ".join([c for c, _ in kring] + [code])
            raise InvoerFout(
                bestand,
                f"herindelingen vormen een kring: {stappen}; een gemeente kan niet via herindelingen in "
                "zichzelf opgaan. Verwijder of herstel een van deze regels",
                regel=min(r for _, r in kring),
            )
        for nieuw, regel in opvolgers.get(code, []):
            bezoek(nieuw, pad + [(code, regel)])
        klaar.add(code)

    for code in sorted(opvolgers):
        bezoek(code, [])


def controleer_onbekende_opvolgers(herindelingen: pd.DataFrame, bekend: set[str], bestand: str) -> None:
    """Een nieuwe_code moet een gemeente uit een gemeententabel zijn, of zelf weer heringedeeld."""
    oude = set(herindelingen["oude_code"])
    for regel, nieuw in herindelingen["nieuwe_code"].items():
        if nieuw not in bekend and nieuw not in oude:
            raise InvoerFout(
                bestand,
                f"nieuwe_code {nieuw} staat in geen enkele gemeententabel en wordt ook niet verder heringedeeld; "
                "controleer de code (tikfout?) of voeg de gemeente toe aan de gemeententabel",
                regel=int(regel),
                kolom="nieuwe_code",
            )


def lees_gemeenten(pad: Path, bestand: str, boek: Boekhouding) -> pd.DataFrame:
    tabel = lees_tabel(
        pad, bestand, ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners"], mag_leeg=False
    )
    _hoofdletters(tabel, ["gemeente_code"], GM_CODE, boek)
    _hoofdletters(tabel, ["provincie_code"], r"^PV\d{2}$", boek)
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
    _hoofdletters(tabel, ["gemeente_codes"], r"^GM\d{4}(\|GM\d{4})*$", boek)
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
    huidig = {
        c: naar_huidige_code(c, bekend, herindelingen) for c in set("|".join(tabel.df["gemeente_codes"]).split("|"))
    }
    for regel, codes in tabel.df["gemeente_codes"].items():
        for code in filter(None, codes.split("|")):
            if regel not in redenen and huidig[code] is None:
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
    tabel = lees_tabel(pad, bestand, list(VASTE_KOLOMMEN) + list(kolommen), mag_leeg=False)
    _hoofdletters(tabel, ["gemeente_code"], GM_CODE, boek)
    _hoofdletters(tabel, ["overige_gemeenten"], GM_LIJST, boek)
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
    vorm_goed = df["ingediend_op"][[r not in redenen for r in df.index]]
    _voeg(
        redenen,
        {
            r: [f"ingediend_op '{_kort(vorm_goed[r])}' bestaat niet (geen echte datum of tijd)"]
            for r in _bestaat_niet(vorm_goed, "ISO8601")
        },
    )
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
    # Per verschillende code één keer opzoeken: een grote export heeft veel rijen, weinig gemeenten.
    opzoeken: dict[str, str | None] = {}

    def huidige(code: str) -> str | None:
        if code not in opzoeken:
            opzoeken[code] = naar_huidige_code(code, bekend, herindelingen, inwoners)
        return opzoeken[code]

    huidig: dict[int, str] = {}
    overige: dict[int, str] = {}  # na herindeling, zonder de eerste gemeente zelf
    omgezet_per_code: dict[tuple[str, str], list[int]] = {}
    for regel, eigen, anderen in zip(df.index, df["gemeente_code"], df["overige_gemeenten"]):
        code = huidige(eigen)
        if code is None:
            if eigen:
                _voeg(
                    redenen,
                    {
                        regel: [
                            f"gemeente_code {_kort(eigen)} staat niet in de "
                            f"gemeententabel {jaar}, ook niet via een herindeling"
                        ]
                    },
                )
            continue
        if code != eigen:
            omgezet_per_code.setdefault((eigen, code), []).append(int(regel))
        huidig[regel] = code
        omgezet = []
        for ander in filter(None, anderen.split("|")):
            nieuw = huidige(ander)
            if nieuw is None:
                _voeg(redenen, {regel: [f"overige_gemeenten: {_kort(ander)} staat niet in de gemeententabel {jaar}"]})
            elif nieuw != code and nieuw not in omgezet:
                omgezet.append(nieuw)
        overige[regel] = "|".join(omgezet)
    for (oud, nieuw), regels in omgezet_per_code.items():
        waar = f"regel {regels[0]}" if len(regels) == 1 else f"{len(regels)} rijen vanaf regel {regels[0]}"
        boek.v.meldingen.append(f"{bestand}, {waar}: gemeente_code {oud} is via de herindeling omgezet naar {nieuw}")

    # Eén inzending per gemeente: de laatst ingediende telt (op tijdstip, niet op plek in het bestand).
    # Eerst alleen de kolommen om te kiezen; de hele rij pas voor de winnaars (scheelt bij een grote export).
    regels = [r for r in df.index if r not in redenen and r in huidig]
    kandidaten = pd.DataFrame(
        {
            "gemeente_code": [huidig[r] for r in regels],
            "_tijd": pd.to_datetime(df.loc[regels, "ingediend_op"], format="ISO8601", utc=True).to_numpy(),
            "_regel": regels,
        },
        index=pd.Index(regels, name="regel"),
    ).sort_values(["gemeente_code", "_tijd", "_regel"])
    kandidaten["respondent_id"] = df.loc[kandidaten.index, "respondent_id"]
    winnaars = kandidaten.groupby("gemeente_code").tail(1)
    winnaar = dict(zip(winnaars["gemeente_code"], zip(winnaars["_regel"], winnaars["respondent_id"])))
    vervangen = kandidaten.drop(index=winnaars.index)
    for regel, code in zip(vervangen.index, vervangen["gemeente_code"]):
        w_regel, w_id = winnaar[code]
        _voeg(
            redenen,
            {regel: [f"vervangen door een latere inzending voor {code} (regel {w_regel}, respondent {w_id})"]},
        )
    laatste = df.loc[winnaars.index].copy()
    laatste["gemeente_code_export"] = laatste["gemeente_code"]
    laatste["gemeente_code"] = winnaars["gemeente_code"]
    laatste["overige_gemeenten"] = [overige.get(r, "") for r in laatste.index]
    laatste["_regel"] = laatste.index
    boek.sluit(tabel, redenen)
    if laatste.empty:
        raise InvoerFout(
            bestand,
            f"geen enkele inzending telt: alle {tabel.gelezen} rijen staan in quarantaine "
            "(zie de redenen in validatie/quarantaine.csv na een run met een herstelde export)",
        )
    geteld = laatste.rename(columns={"_regel": "regel"})
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
    from .. import tussenopslag
    from . import expectations

    expectations.zet_opslag(tussenopslag.opslagmap(params.verwerkt_map / "tussenopslag"))
    namen = bestandsnamen(params)
    validatie = Validatie(params=params, jaren={}, herindelingen=pd.DataFrame())
    validatie.bestandsnamen = {str(k): v for k, v in namen.items()}
    boek = Boekhouding(validatie)
    validatie.herindelingen = lees_herindelingen(params.herindelingen, namen[params.herindelingen], boek)
    codeboeken, gemeententabellen = {}, {}
    for jaar in sorted(params.jaren):
        bron = params.bronnen[jaar]
        codeboek = lees_codeboek(bron.codeboek)
        if codeboek.jaar != jaar:
            raise InvoerFout(bron.codeboek, f"codeboek is van {codeboek.jaar}, verwacht {jaar}", kolom="jaar")
        codeboeken[jaar] = codeboek
        gemeententabellen[jaar] = lees_gemeenten(bron.gemeenten, namen[bron.gemeenten], boek)
    controleer_onbekende_opvolgers(
        validatie.herindelingen,
        {c for g in gemeententabellen.values() for c in g["gemeente_code"]},
        namen[params.herindelingen],
    )
    for jaar in sorted(params.jaren):
        bron, codeboek, gemeenten = params.bronnen[jaar], codeboeken[jaar], gemeententabellen[jaar]
        uitnodigingen = lees_uitnodigingen(
            bron.uitnodigingen, namen[bron.uitnodigingen], gemeenten, validatie.herindelingen, boek
        )
        antwoorden = lees_antwoorden(
            bron.antwoorden, namen[bron.antwoorden], codeboek, jaar, gemeenten, validatie.herindelingen, boek
        )
        validatie.jaren[jaar] = JaarInvoer(jaar, codeboek, gemeenten, uitnodigingen, antwoorden)
    if met_kaarten:
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
