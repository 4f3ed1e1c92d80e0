"""De lagen van het pakket: imports gaan alleen omlaag en vormen geen kring.

    cli ─► orkestratie ─► rapporteren ─► verwerken ─► valideren ─► regels ─► inlezen ─► basis

Basis (fouten, config, huisstijl, het pakket zelf) mag elke laag gebruiken. Ook imports binnen
een functie of onder TYPE_CHECKING tellen: het zijn afhankelijkheden.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BRON = Path(__file__).resolve().parents[1] / "src"

# (laag, voorvoegsels van modulenamen); een hogere laag mag een lagere importeren, nooit andersom.
LAGEN = [
    (
        "basis",
        [
            "eenzaamheid",
            "eenzaamheid.fouten",
            "eenzaamheid.config",
            "eenzaamheid.huisstijl",
            "eenzaamheid.veilig",
            "eenzaamheid.herkomst",
            "eenzaamheid.tussenopslag",
        ],
    ),
    ("inlezen", ["eenzaamheid.inlezen"]),
    # De regeltaal (rules/): bestanden lezen en bij het laden controleren; elke hogere laag mag hem gebruiken.
    ("regels", ["eenzaamheid.regels", "eenzaamheid.tipregels", "eenzaamheid.regeltaal"]),
    ("valideren", ["eenzaamheid.valideren"]),
    ("verwerken", ["eenzaamheid.verwerken"]),
    ("rapporteren", ["eenzaamheid.rapporteren"]),
    # Leest alleen wat gepubliceerd is (de uitvoer van rapporteren) en rekent het exact na.
    ("controleren", ["eenzaamheid.controleren"]),
    ("orkestratie", ["eenzaamheid.orkestratie"]),
    ("cli", ["eenzaamheid.cli", "eenzaamheid.demo", "eenzaamheid.__main__"]),
]


def modules(bron: Path, pakket: str) -> dict[str, Path]:
    uit = {}
    for pad in sorted((bron / pakket).rglob("*.py")):
        delen = list(pad.relative_to(bron).with_suffix("").parts)
        if delen[-1] == "__init__":
            delen.pop()
        uit[".".join(delen)] = pad
    return uit


def imports(naam: str, pad: Path, bekend: set[str]) -> set[str]:
    """Modules van het eigen pakket die `naam` importeert (alle imports, ook in functies)."""
    is_pakket = pad.name == "__init__.py"
    gevonden: set[str] = set()
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if isinstance(knoop, ast.Import):
            doelen = [a.name for a in knoop.names]
        elif isinstance(knoop, ast.ImportFrom):
            if knoop.level:
                basis = naam.split(".") if is_pakket else naam.split(".")[:-1]
                basis = basis[: len(basis) - (knoop.level - 1)]
                module = ".".join(basis + ([knoop.module] if knoop.module else []))
            else:
                module = knoop.module or ""
            # `from . import grafieken` importeert een module, `from .x import y` een naam uit x.
            doelen = [f"{module}.{a.name}" if f"{module}.{a.name}" in bekend else module for a in knoop.names]
        else:
            continue
        for doel in doelen:
            while doel and doel not in bekend:
                doel = doel.rpartition(".")[0]
            if doel and doel != naam:
                gevonden.add(doel)
    return gevonden


def laag(module: str, lagen=LAGEN) -> int:
    beste = None
    for nummer, (_, voorvoegsels) in enumerate(lagen):
        for v in voorvoegsels:
            # Het pakket zelf ("eenzaamheid") telt alleen voor zijn __init__, niet voor alles eronder.
            if (module == v or ("." in v and module.startswith(v + "."))) and (beste is None or len(v) > beste[1]):
                beste = (nummer, len(v))
    if beste is None:
        raise AssertionError(f"module {module} hoort bij geen laag: zet hem in LAGEN in {Path(__file__).name}")
    return beste[0]


def graaf(bron: Path, pakket: str) -> dict[str, set[str]]:
    alle = modules(bron, pakket)
    return {naam: imports(naam, pad, set(alle)) for naam, pad in alle.items()}


def omhoog(g: dict[str, set[str]], lagen=LAGEN) -> list[str]:
    for module in g:
        laag(module, lagen)
    return sorted(
        f"{a} ({lagen[laag(a, lagen)][0]}) importeert {b} ({lagen[laag(b, lagen)][0]})"
        for a, doelen in g.items()
        for b in doelen
        if laag(b, lagen) > laag(a, lagen)
    )


def kringen(g: dict[str, set[str]]) -> list[list[str]]:
    """Alle sterk samenhangende groepen van meer dan één module (Tarjan)."""
    index: dict[str, int] = {}
    laagste: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laagste[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                bezoek(w)
                laagste[v] = min(laagste[v], laagste[w])
            elif w in op_stapel:
                laagste[v] = min(laagste[v], index[w])
        if laagste[v] == index[v]:
            groep = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                groep.append(w)
                if w == v:
                    break
            if len(groep) > 1:
                uit.append(sorted(groep))

    for v in sorted(g):
        if v not in index:
            bezoek(v)
    return sorted(uit)


def test_pakket_heeft_geen_kring_en_geen_import_omhoog():
    g = graaf(BRON, "eenzaamheid")
    assert len(g) > 20  # de analyse vond de modules echt
    assert any("eenzaamheid.verwerken.netjes" in doelen for doelen in g.values())
    assert kringen(g) == []
    assert omhoog(g) == []


def _maak(map_: Path, bestanden: dict[str, str]) -> Path:
    for naam, tekst in bestanden.items():
        pad = map_ / "eenzaamheid" / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_text(tekst, encoding="utf-8")
    return map_


GEZOND = {
    "__init__.py": "",
    "fouten.py": "",
    "inlezen/__init__.py": "",
    "inlezen/lezer.py": "from ..fouten import *\n",
    "valideren/__init__.py": "",
    "valideren/controle.py": "from ..inlezen.lezer import x\n",
    "rapporteren/__init__.py": "",
    "rapporteren/a.py": "from . import b\n",
    "rapporteren/b.py": "import eenzaamheid.valideren.controle\n",
}


def test_analyse_ziet_een_gezonde_boom_als_gezond(tmp_path):
    g = graaf(_maak(tmp_path, GEZOND), "eenzaamheid")
    assert g["eenzaamheid.rapporteren.a"] == {"eenzaamheid.rapporteren.b"}
    assert g["eenzaamheid.rapporteren.b"] == {"eenzaamheid.valideren.controle"}
    assert kringen(g) == [] and omhoog(g) == []


def test_analyse_vindt_een_import_omhoog(tmp_path):
    # Net als vroeger inlezen/gebieden.py: een import van valideren, verstopt in een functie.
    bestanden = dict(GEZOND, **{"inlezen/lezer.py": "def f():\n    from ..valideren.controle import y\n"})
    g = graaf(_maak(tmp_path, bestanden), "eenzaamheid")
    assert omhoog(g) == ["eenzaamheid.inlezen.lezer (inlezen) importeert eenzaamheid.valideren.controle (valideren)"]
    assert kringen(g) == [["eenzaamheid.inlezen.lezer", "eenzaamheid.valideren.controle"]]


def test_analyse_vindt_een_kring_binnen_een_laag(tmp_path):
    bestanden = dict(
        GEZOND,
        **{"rapporteren/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import iets\n"},
    )
    g = graaf(_maak(tmp_path, bestanden), "eenzaamheid")
    assert omhoog(g) == []
    assert kringen(g) == [["eenzaamheid.rapporteren.a", "eenzaamheid.rapporteren.b"]]


def test_module_zonder_laag_valt_op(tmp_path):
    g = graaf(_maak(tmp_path, dict(GEZOND, **{"los.py": "from .fouten import *\n"})), "eenzaamheid")
    with pytest.raises(AssertionError, match="eenzaamheid.los hoort bij geen laag"):
        omhoog(g)
