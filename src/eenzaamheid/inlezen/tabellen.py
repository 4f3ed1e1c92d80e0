"""CSV-bestanden lezen met regelnummers, zodat elke melding naar een regel in het bestand wijst.

Structurele problemen (bestand ontbreekt of is een map, onleesbare codering, scheidingsteken niet
te bepalen, verplichte kolom ontbreekt) stoppen de run met een `InvoerFout`. Wat Excel er
onschuldig aan toevoegt (een regel `sep=;`, lege kolommen aan het eind, UTF-16) wordt gelezen en
gemeld. Een rij met het verkeerde aantal velden gaat in quarantaine.

De rijen worden ook buiten de CSV-lezer om geteld: een rij die over meer regels loopt (een
regeleinde in een veld) wordt regel voor regel bekeken. Staat er een regel in die op zichzelf een
hele rij is, dan heeft een niet gesloten aanhalingsteken die rij opgeslokt; zij telt dan apart
mee en gaat met reden in quarantaine, zodat gelezen = geteld + quarantaine niet kan kloppen
terwijl er rijen verdwenen zijn.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..fouten import InvoerFout

# Een veld dat langer is wekt geen vertrouwen (ook Python's csv stopt standaard bij 131.072).
MAX_VELD = 100_000
BLOK = 10_000
# Alleen een waarde die er zo uitziet komt als respondent-id in quarantaine.csv: geen vrije tekst.
_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")
SCHEIDINGSTEKENS = (";", ",", "\t")
_SCHEIDING_NAAM = {";": "';'", ",": "','", "\t": "tab"}


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


def veilige_id(waarde: str) -> str:
    waarde = waarde.strip()
    return waarde if _ID.fullmatch(waarde) else ""


def controleer_bestand(pad: Path, bestand: str) -> None:
    pad = Path(pad)
    if pad.is_dir():
        raise InvoerFout(bestand, f"is een map, geen bestand; geef het pad naar het bestand zelf (nu: {pad})")
    if not pad.exists():
        raise InvoerFout(bestand, "bestand ontbreekt")
    if not pad.is_file():
        raise InvoerFout(bestand, "is geen gewoon bestand")


def decodeer(pad: Path, bestand: str) -> tuple[str, list[str]]:
    controleer_bestand(pad, bestand)
    try:
        ruw = pad.read_bytes()
    except OSError as fout:
        raise InvoerFout(bestand, f"niet te lezen: {fout.strerror}") from None
    utf16 = None
    if ruw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        utf16 = "utf-16"
    elif len(ruw) >= 4 and ruw[1:4:2] == b"\x00\x00" and ruw[0:4:2] != b"\x00\x00":
        utf16 = "utf-16-le"  # zonder BOM: elke tweede byte nul
    elif len(ruw) >= 4 and ruw[0:4:2] == b"\x00\x00" and ruw[1:4:2] != b"\x00\x00":
        utf16 = "utf-16-be"
    if utf16:
        try:
            tekst = ruw.decode(utf16)
        except UnicodeDecodeError as fout:
            raise InvoerFout(
                bestand,
                f"lijkt UTF-16 (Excel 'Unicode-tekst') maar is niet te lezen (byte {fout.start}); "
                "sla het bestand op als 'CSV UTF-8'",
            ) from None
        return tekst.lstrip("\ufeff"), [
            f"{bestand}: gecodeerd als UTF-16 (Excel 'Unicode-tekst'); gelezen en omgezet. "
            "Sla het voortaan op als 'CSV UTF-8'"
        ]
    if b"\x00" in ruw[:4096]:
        raise InvoerFout(bestand, "bevat nul-bytes: geen tekstbestand in UTF-8 of Windows-1252; sla op als 'CSV UTF-8'")
    try:
        return ruw.decode("utf-8-sig"), []
    except UnicodeDecodeError as fout:
        # Excel bewaart 'CSV' soms als Windows-1252; dat is eenduidig te herstellen.
        try:
            tekst = ruw.decode("cp1252")
        except UnicodeDecodeError:
            raise InvoerFout(
                bestand,
                f"codering niet te bepalen (geen UTF-8: byte {fout.start}); sla het bestand op als 'CSV UTF-8'",
            ) from None
        return tekst, [f"{bestand}: geen UTF-8; gelezen als Windows-1252 (controleer tekens als é en ë)"]


def scheidingsteken(kopregel: str, eerste_kolom: str, bestand: str, regel: int = 1) -> str:
    for teken in SCHEIDINGSTEKENS:
        if [k.strip().strip('"') for k in kopregel.split(teken)][0] == eerste_kolom:
            return teken
    raise InvoerFout(
        bestand,
        f"scheidingsteken niet te bepalen: de kopregel begint niet met '{eerste_kolom}' gevolgd door ';', ',' of tab",
        regel=regel,
        kolom=eerste_kolom,
    )


def _losse_rij(regel: str, teken: str, breedte: int) -> list[str] | None:
    """De regel als rij, als hij op zichzelf een hele rij is (zoveel velden als de kopregel)."""
    velden = next(csv.reader([regel], delimiter=teken), [])
    while len(velden) > breedte and not velden[-1].strip():
        velden.pop()
    return velden if len(velden) == breedte and velden[0].strip() else None


def lees_tabel(pad: Path, bestand: str, verplicht: list[str], mag_leeg: bool = True) -> Tabel:
    """Lees een CSV met `;`, `,` of tab; de eerste verplichte kolom moet vooraan staan."""
    tekst, meldingen = decodeer(Path(pad), bestand)
    if not tekst.strip():
        raise InvoerFout(bestand, "bestand is leeg")
    # Regels zoals de CSV-lezer ze ziet (alleen \n, \r en \r\n); str.splitlines zou ook op \u2028 en \x85 splitsen.
    regels = list(io.StringIO(tekst, newline=""))
    del tekst
    begin = 0
    if regels and re.fullmatch(r"\s*\"?sep=(.)\"?\s*", regels[0], flags=re.IGNORECASE):
        # Excel schrijft `sep=;` als eerste regel; de kopregel staat daaronder.
        begin = 1
        meldingen.append(f"{bestand}: eerste regel '{regels[0].strip()}' (van Excel) overgeslagen")
    if begin >= len(regels) or not regels[begin].strip():
        raise InvoerFout(bestand, "geen kopregel gevonden", regel=begin + 1)
    teken = scheidingsteken(regels[begin], verplicht[0], bestand, regel=begin + 1)
    csv.field_size_limit(max(csv.field_size_limit(), sum(map(len, regels)) + 1))
    lezer = csv.reader(regels[begin:], delimiter=teken)
    kop = [k.strip() for k in next(lezer)]
    leeg_aan_eind = 0
    while kop and not kop[-1]:
        kop.pop()
        leeg_aan_eind += 1
    if leeg_aan_eind:
        meldingen.append(f"{bestand}: {leeg_aan_eind} lege kolom(men) aan het eind van de kopregel (Excel) genegeerd")
    breedte = len(kop)
    leeg = [i + 1 for i, k in enumerate(kop) if not k]
    if leeg:
        raise InvoerFout(bestand, f"kolom {leeg[0]} van de kopregel heeft geen naam", regel=begin + 1)
    dubbel = sorted({k for k in kop if kop.count(k) > 1})
    if dubbel:
        raise InvoerFout(bestand, "kolom staat twee keer in de kopregel", regel=begin + 1, kolom=dubbel[0])
    ontbreekt = [k for k in verplicht if k not in kop]
    if ontbreekt:
        raise InvoerFout(
            bestand,
            f"verplichte kolom ontbreekt (gevonden: {', '.join(kop[:8])}{', ...' if len(kop) > 8 else ''}); "
            f"scheidingsteken {_SCHEIDING_NAAM[teken]}",
            regel=begin + 1,
            kolom=ontbreekt[0],
        )
    heeft_id = kop[0] == "respondent_id"
    rijen, regelnummers, quarantaine = [], [], []
    # Per blok van rijen naar kolommen in pyarrow: een lijst van lijsten van Python-tekst kost bij een
    # grote export het tienvoudige aan geheugen.
    blokken: list[list[pa.Array]] = [[] for _ in kop]

    def naar_kolommen() -> None:
        for i, waarden in enumerate(zip(*rijen)):
            blokken[i].append(pc.utf8_trim_whitespace(pa.array(waarden, type=pa.string())))
        rijen.clear()

    vorige = lezer.line_num + begin
    gelezen = 0
    for velden in lezer:
        regel = vorige + 1  # een rij met een regeleinde in een veld beslaat meer regels
        vorige = lezer.line_num + begin
        if len(velden) > breedte and not any(v.strip() for v in velden[breedte:]):
            del velden[breedte:]  # lege kolommen aan het eind (Excel)
        if not velden or (len(velden) <= 1 and not velden[0].strip()):
            continue
        gelezen += 1
        if vorige > regel:
            opgeslokt = [
                (r, losse)
                for r in range(regel + 1, vorige + 1)
                if (losse := _losse_rij(regels[r - 1], teken, breedte)) is not None
            ]
            if opgeslokt:
                gelezen += len(opgeslokt)
                waar = f"regels {regel}–{vorige}"
                quarantaine.append(
                    Quarantaine(
                        bestand,
                        regel,
                        f"aanhalingsteken niet gesloten: deze rij loopt door over {waar} en slokt "
                        f"{len(opgeslokt)} andere rij(en) op; sluit het aanhalingsteken",
                        respondent_id=veilige_id(velden[0]) if heeft_id else "",
                    )
                )
                quarantaine.extend(
                    Quarantaine(
                        bestand,
                        r,
                        f"opgeslokt door een niet gesloten aanhalingsteken op regel {regel}; niet geteld",
                        respondent_id=veilige_id(losse[0]) if heeft_id else "",
                    )
                    for r, losse in opgeslokt
                )
                meldingen.append(
                    f"{bestand}, regel {regel}: aanhalingsteken niet gesloten; {len(opgeslokt)} rij(en) "
                    f"tot regel {vorige} zijn erin opgegaan en staan in quarantaine"
                )
                continue
        if len(velden) != breedte:
            quarantaine.append(
                Quarantaine(
                    bestand,
                    regel,
                    f"rij heeft {len(velden)} velden, de kopregel {breedte}",
                    respondent_id=veilige_id(velden[0]) if heeft_id else "",
                )
            )
            continue
        if max(map(len, velden)) > MAX_VELD:
            lang = next(i for i, v in enumerate(velden) if len(v) > MAX_VELD)
            quarantaine.append(
                Quarantaine(
                    bestand,
                    regel,
                    f"kolom {kop[lang]}: veld van {len(velden[lang])} tekens, meer dan {MAX_VELD}; "
                    "waarschijnlijk een aanhalingsteken dat niet gesloten is",
                    respondent_id=veilige_id(velden[0]) if heeft_id else "",
                )
            )
            continue
        rijen.append(velden)
        regelnummers.append(regel)
        if len(rijen) >= BLOK:
            naar_kolommen()
    naar_kolommen()
    if not mag_leeg and gelezen == 0:
        raise InvoerFout(bestand, "bevat alleen een kopregel en geen rijen; is de export volledig?", regel=begin + 2)
    index = pd.Index(regelnummers, name="regel", dtype="int64")
    kolommen = {
        k: pd.Series(
            pd.array(pa.chunked_array(blokken[i], type=pa.string()), dtype="str"),
            index=index,
        )
        for i, k in enumerate(kop)
    }
    df = pd.DataFrame(kolommen, columns=kop, index=index)
    return Tabel(bestand=bestand, pad=Path(pad), df=df, gelezen=gelezen, quarantaine=quarantaine, meldingen=meldingen)
