"""Herkomst van een run: welke invoer, welk parameterbestand, welke regels en welke code.

Eén keer per run berekend (bij het valideren) en als `validatie/herkomst.json` en
`validatie/herkomst.csv` geschreven; elke factsheet en het overzicht zetten dezelfde gegevens in
hun colofon. Wie een rapport krijgt, kan zo met `sha256sum` nagaan of het uit deze bestanden komt.
Alles is uit de inhoud af te leiden (geen tijd, geen machinenaam): dezelfde invoer geeft dezelfde bytes.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import __version__, veilig
from .config import MAP_VALIDATIE, PROJECT, REGELS

BESTAND = "herkomst.json"


def sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with Path(pad).open("rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def regels_versie(map_: Path = REGELS) -> str:
    """Eén hash over alle regelbestanden (naam en inhoud), zodat elke wijziging zichtbaar is."""
    h = hashlib.sha256()
    for pad in sorted(Path(map_).glob("*.yml")):
        h.update(pad.name.encode() + b"\0" + pad.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_versie() -> str:
    """`git describe --always --dirty` als de code uit een git-checkout komt, anders de pakketversie."""
    try:
        uit = subprocess.run(
            ["git", "-C", str(PROJECT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return f"git {uit.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        return f"eenzaamheid {__version__}"


def per_gemeente_bestanden(params) -> list[Path]:
    """Invoer waarvan een factsheet alleen de rijen van de eigen gemeente toont: RIVM-cijfers en buurtgrenzen."""
    return [*params.gezondheid_bestanden, *([params.buurtgrenzen] if params.buurtgrenzen is not None else [])]


def bereken(params, bestandsnamen: dict[str, str]) -> dict:
    """bestandsnamen: absoluut pad -> korte naam (zoals in het validatierapport)."""
    per_gemeente = {str(Path(p).resolve()) for p in per_gemeente_bestanden(params)}
    invoer = [
        {"bestand": naam, "sha256": sha256(Path(pad))}
        | ({"per_gemeente": True} if str(Path(pad).resolve()) in per_gemeente else {})
        for pad, naam in sorted(bestandsnamen.items(), key=lambda x: x[1])
        if Path(pad).is_file()
    ]
    codeboeken = sorted({(str(b.codeboek), b.codeboek.name) for b in params.bronnen.values()}, key=lambda x: x[1])
    invoer += [{"bestand": f"codeboek {naam}", "sha256": sha256(Path(pad))} for pad, naam in codeboeken]
    return {
        "invoer": invoer,
        "parameterbestand": {"bestand": params.bestand.name, "sha256": sha256(params.bestand)}
        if params.bestand
        else None,
        "regels": regels_versie(),
        "code": code_versie(),
    }


def schrijf(herkomst: dict, map_: Path) -> None:
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / BESTAND).write_text(json.dumps(herkomst, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    rijen = [{"soort": "invoer", "naam": i["bestand"], "waarde": i["sha256"]} for i in herkomst["invoer"]]
    if herkomst["parameterbestand"]:
        p = herkomst["parameterbestand"]
        rijen.append({"soort": "parameterbestand", "naam": p["bestand"], "waarde": p["sha256"]})
    rijen.append({"soort": "regels", "naam": "rules/*.yml", "waarde": herkomst["regels"]})
    rijen.append({"soort": "code", "naam": "versie", "waarde": herkomst["code"]})
    veilig.schrijf_csv(pd.DataFrame(rijen, columns=["soort", "naam", "waarde"]), map_ / "herkomst.csv")


def schrijf_als_anders(herkomst: dict, map_: Path) -> None:
    """Alleen schrijven als de inhoud anders is: een ongewijzigd bestand houdt zijn tijdstempel."""
    pad = map_ / BESTAND
    if not pad.is_file() or json.loads(pad.read_text(encoding="utf-8")) != herkomst:
        schrijf(herkomst, map_)


def lees(uitvoer: Path) -> dict | None:
    pad = Path(uitvoer) / MAP_VALIDATIE / BESTAND
    return json.loads(pad.read_text(encoding="utf-8")) if pad.is_file() else None


def colofon(herkomst: dict | None, soort: str = "overzicht") -> str:
    """Een kort Markdown-blok voor het colofon van een rapport.

    Een factsheet noemt van de buurtbestanden (RIVM, CBS) alleen de naam: hun controlegetal verandert
    bij elke correctie voor één gemeente, en zou dan elke factsheet veranderen (en opnieuw laten maken)
    terwijl alleen die ene iets anders toont; haar eigen buurtcijfers staan in `buurten.csv`. Om
    dezelfde reden staat daar niet de hash van alle regels: welke regels haar zinnen kozen, staat in
    `teksten.csv` en `tips.csv`. Het overzicht toont geen buurtcijfers en noemt die bestanden dus niet.
    De volledige herkomst van de run staat in `herkomst.json` en `herkomst.csv`."""
    if not herkomst:
        return ""
    factsheet = soort == "factsheet"
    regels = [
        f"- {veilig.markdown(i['bestand'])}: de cijfers van deze gemeente staan in buurten.csv"
        if factsheet and i.get("per_gemeente")
        else f"- {veilig.markdown(i['bestand'])}: `{i['sha256']}`"
        for i in herkomst["invoer"]
        if soort != "overzicht" or not i.get("per_gemeente")  # het overzicht toont geen buurtcijfers
    ]
    if herkomst["parameterbestand"]:
        p = herkomst["parameterbestand"]
        regels.append(f"- parameterbestand {veilig.markdown(p['bestand'])}: `{p['sha256']}`")
    if soort == "validatie":
        # Het validatierapport leest alleen de meldingregels; met de hash van alle regels zou het na elke
        # gewijzigde tiptekst een verouderd getal tonen (de validatie loopt dan niet opnieuw).
        meldingen = REGELS / "validatie_meldingen.yml"
        regels.append(f"- regels (rules/validatie_meldingen.yml): `{sha256(meldingen)}`")
    elif not factsheet:
        regels.append(f"- regels (rules/\\*.yml): `{herkomst['regels']}`")
    regels.append(f"- code: {veilig.markdown(herkomst['code'])}")
    return (
        "## Herkomst\n\n::: {.noot}\nGemaakt uit deze bestanden (SHA-256; na te gaan met `sha256sum`); "
        "dezelfde bestanden geven hetzelfde rapport.\n:::\n\n" + "\n".join(regels) + "\n"
    )
