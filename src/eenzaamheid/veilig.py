"""Tekst uit de invoer veilig maken voor de plek waar hij terechtkomt, op één plek in de code.

Namen van gemeenten, provincies en buurten, respondent-id's en codes komen van buiten en kunnen
alles bevatten: HTML (`<script>`), Markdown (`[x](javascript:…)`), Typst (`#`, `$`) of een formule
voor Excel (`=HYPERLINK(…)`). Elke uitvoer gaat langs een functie hier:

- `markdown`: voor tekst die pandoc als Markdown leest (en daarna zelf naar HTML en Typst schrijft);
- `html`: voor tekst die rechtstreeks in HTML gaat;
- `typst_tekst`: een Typst-tekenreeks (`"…"`), `typst_opmaak`: los in Typst-opmaak;
- `json_in_html`: JSON binnen een `<script>`;
- `cel` en `veilige_tabel`: een cel in CSV of Excel die anders een formule zou zijn.

Dit module staat onder alle pakketten: elke laag mag het gebruiken.
"""

from __future__ import annotations

import html as _html
import json
import re

import pandas as pd

# Tekens waarmee een spreadsheet een cel als formule leest (OWASP 'CSV injection').
FORMULE_BEGIN = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# De ASCII-leestekens die pandoc-Markdown midden in een regel iets laten doen (opmaak, link, HTML,
# entiteit, citaat, wiskunde, tabelcel). Een backslash ervoor maakt ze letterlijk. Leestekens die
# alleen vooraan iets doen (lijst, definitie), krijgen daar een backslash; de rest van een gewone
# naam ('s-Hertogenbosch, Bergen (NH.), Actielijn 1: Signaleren) blijft zo onveranderd.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~^$@&])")
_VOORAAN = re.compile(r"^([-+:=%!\"']|\d+[.)])")
_REGELEINDE = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
_STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TYPST_OPMAAK = re.compile(r"([\\#$*_`<>@=\-+/~\[\]{}\"'])")


def platte_tekst(tekst: object) -> str:
    """Eén regel zonder stuurtekens: een naam kan geen nieuw blok of nieuwe regel beginnen."""
    return _STUURTEKENS.sub("", _REGELEINDE.sub(" ", str(tekst)))


def markdown(tekst: object) -> str:
    r"""Letterlijke tekst in pandoc-Markdown: `<script>` wordt `\<script\>`, geen link, geen kop."""
    tekst = _MARKDOWN.sub(r"\\\1", platte_tekst(tekst))
    if (vooraan := _VOORAAN.match(tekst)) is not None:
        # '- x', '12. x' of ': x' vooraan zou een lijst of definitie beginnen.
        tekst = tekst[: vooraan.end() - 1] + "\\" + tekst[vooraan.end() - 1 :]
    return tekst


def html(tekst: object) -> str:
    return _html.escape(platte_tekst(tekst), quote=True)


def typst_tekst(tekst: object) -> str:
    """Een Typst-tekenreeks tussen aanhalingstekens; daarbinnen doen `#` en `$` niets."""
    return '"' + platte_tekst(tekst).replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_opmaak(tekst: object) -> str:
    """Tekst los in Typst-opmaak (buiten een tekenreeks): elk teken met betekenis krijgt een backslash."""
    return _TYPST_OPMAAK.sub(r"\\\1", platte_tekst(tekst))


def json_in_html(waarde: object, **opties) -> str:
    """JSON binnen `<script>`: `</script>` of `<!--` in een naam kan het script niet afbreken."""
    tekst = json.dumps(waarde, ensure_ascii=False, **opties)
    return (
        tekst.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def cel(waarde: object) -> object:
    """Een CSV- of Excel-cel die met een formuleteken begint, krijgt een apostrof ervoor (geen formule).

    Getallen blijven getallen; alleen tekst wordt aangepast.
    """
    if isinstance(waarde, str) and waarde.startswith(FORMULE_BEGIN):
        return "'" + waarde
    return waarde


def veilige_tabel(df: pd.DataFrame) -> pd.DataFrame:
    """Dezelfde tabel met elke tekstcel en kolomnaam door `cel`; getalkolommen blijven ongemoeid."""
    uit = df.copy()
    for kolom in uit.columns:
        reeks = uit[kolom]
        if pd.api.types.is_numeric_dtype(reeks) or pd.api.types.is_bool_dtype(reeks):
            continue
        try:
            # Per kolom in één keer (een factsheet schrijft duizenden cellen); gelijk aan `cel` per cel.
            formule = reeks.str.startswith(FORMULE_BEGIN, na=False).astype(bool)
        except AttributeError:  # een kolom zonder tekst
            continue
        if formule.any():
            if isinstance(reeks.dtype, pd.CategoricalDtype):
                reeks = reeks.astype(object)
            uit[kolom] = reeks.where(~formule, "'" + reeks[formule].astype(str))
    uit.columns = [cel(k) for k in uit.columns]
    return uit


def schrijf_csv(df: pd.DataFrame, pad, **opties) -> None:
    """Elke CSV van het project: formules onschadelijk, `\\n` als regeleinde."""
    opties.setdefault("index", False)
    opties.setdefault("lineterminator", "\n")
    veilige_tabel(df).to_csv(pad, **opties)


def csv_tekst(df: pd.DataFrame, **opties) -> str:
    opties.setdefault("index", False)
    opties.setdefault("lineterminator", "\n")
    return veilige_tabel(df).to_csv(**opties)
