"""CSV-bestanden lezen met regelnummers, zodat elke melding naar een regel in het bestand wijst.

Structurele problemen (bestand ontbreekt, onleesbare codering, scheidingsteken niet te bepalen,
verplichte kolom ontbreekt) stoppen de run met een `InvoerFout`. Een rij met het verkeerde aantal
velden gaat in quarantaine; verder leest deze module niets weg.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout


@dataclass(frozen=True)
class Quarantaine:
    bestand: str
    regel: int
    reden: str
    respondent_id: str = ""
    gemeente_code: str = ""


@dataclass
class Tabel:
    bestand: str
    pad: Path
    df: pd.DataFrame  # alle waarden als tekst, gestript; index = regelnummer in het bestand
    gelezen: int
    quarantaine: list[Quarantaine] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)


def decodeer(pad: Path, bestand: str) -> tuple[str, list[str]]:
    if not pad.is_file():
        raise InvoerFout(bestand, "bestand ontbreekt" if not pad.exists() else "is geen bestand")
    try:
        ruw = pad.read_bytes()
    except OSError as fout:
        raise InvoerFout(bestand, f"niet te lezen: {fout.strerror}") from None
    try:
        return ruw.decode("utf-8-sig"), []
    except UnicodeDecodeError as fout:
        # Excel bewaart 'CSV' soms als Windows-1252; dat is eenduidig te herstellen.
        try:
            tekst = ruw.decode("cp1252")
        except UnicodeDecodeError:
            raise InvoerFout(bestand, f"codering niet te bepalen (geen UTF-8: byte {fout.start})") from None
        return tekst, [f"{bestand}: geen UTF-8; gelezen als Windows-1252 (controleer tekens als é en ë)"]


def scheidingsteken(kopregel: str, eerste_kolom: str, bestand: str) -> str:
    for teken in (";", ","):
        if [k.strip().strip('"') for k in kopregel.split(teken)][0] == eerste_kolom:
            return teken
    raise InvoerFout(
        bestand,
        f"scheidingsteken niet te bepalen: de kopregel begint niet met '{eerste_kolom}' gevolgd door ';' of ','",
        regel=1,
        kolom=eerste_kolom,
    )


def lees_tabel(pad: Path, bestand: str, verplicht: list[str]) -> Tabel:
    """Lees een CSV met `;` of `,`; de eerste verplichte kolom moet vooraan staan."""
    tekst, meldingen = decodeer(Path(pad), bestand)
    if not tekst.strip():
        raise InvoerFout(bestand, "bestand is leeg")
    teken = scheidingsteken(tekst.splitlines()[0], verplicht[0], bestand)
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=teken)
    kop = [k.strip() for k in next(lezer)]
    dubbel = sorted({k for k in kop if kop.count(k) > 1})
    if dubbel:
        raise InvoerFout(bestand, "kolom staat twee keer in de kopregel", regel=1, kolom=dubbel[0])
    ontbreekt = [k for k in verplicht if k not in kop]
    if ontbreekt:
        raise InvoerFout(
            bestand,
            f"verplichte kolom ontbreekt (gevonden: {', '.join(kop[:8])}{', ...' if len(kop) > 8 else ''})",
            regel=1,
            kolom=ontbreekt[0],
        )
    rijen, regels, quarantaine = [], [], []
    vorige = lezer.line_num
    gelezen = 0
    for velden in lezer:
        regel = vorige + 1  # een rij met een regeleinde in een veld beslaat meer regels
        vorige = lezer.line_num
        if not velden or all(not v.strip() for v in velden):
            continue
        gelezen += 1
        if len(velden) != len(kop):
            quarantaine.append(
                Quarantaine(
                    bestand,
                    regel,
                    f"rij heeft {len(velden)} velden, de kopregel {len(kop)}",
                    respondent_id=velden[0].strip() if "respondent_id" in kop[:1] else "",
                )
            )
            continue
        rijen.append([v.strip() for v in velden])
        regels.append(regel)
    df = pd.DataFrame(rijen, columns=kop, index=pd.Index(regels, name="regel"), dtype="str")
    return Tabel(bestand=bestand, pad=Path(pad), df=df, gelezen=gelezen, quarantaine=quarantaine, meldingen=meldingen)
