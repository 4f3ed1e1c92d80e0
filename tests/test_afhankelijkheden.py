"""Elk geïmporteerd pakket is gedeclareerd, en pyproject, requirements.lock en environment.yml kloppen samen."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def normaal(naam: str) -> str:
    """Distributienaam zoals PyPI die vergelijkt (PEP 503): Jinja2 = jinja2, ruamel.yaml = ruamel-yaml."""
    return re.sub(r"[-_.]+", "-", naam).lower()


def namen(vereisten: list[str]) -> set[str]:
    return {normaal(re.match(r"[A-Za-z0-9._-]+", v).group()) for v in vereisten}


def modules(bestanden: list[Path]) -> dict[str, Path]:
    """Topniveau-modules die deze bestanden importeren (ook `find_spec("...")`), met een bestand als voorbeeld."""
    gevonden: dict[str, Path] = {}
    for pad in bestanden:
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"), filename=str(pad))):
            if isinstance(knoop, ast.Import):
                nieuw = [a.name for a in knoop.names]
            elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
                nieuw = [knoop.module]
            elif (
                isinstance(knoop, ast.Call)
                and getattr(knoop.func, "attr", getattr(knoop.func, "id", None)) in ("find_spec", "import_module")
                and knoop.args
                and isinstance(knoop.args[0], ast.Constant)
            ):
                nieuw = [knoop.args[0].value]
            else:
                continue
            for naam in nieuw:
                gevonden.setdefault(naam.split(".")[0], pad)
    # Het pakket zelf, en de tests die elkaars hulpfuncties importeren, zijn geen afhankelijkheid.
    eigen = {"eenzaamheid"} | {p.stem for p in bestanden}
    return {m: p for m, p in gevonden.items() if m not in sys.stdlib_module_names and m not in eigen}


def ongedeclareerd(bestanden: list[Path], gedeclareerd: set[str]) -> list[str]:
    distributies = packages_distributions()
    fouten = []
    for module, pad in sorted(modules(bestanden).items()):
        pad = pad.relative_to(PROJECT) if pad.is_relative_to(PROJECT) else pad
        kandidaten = {normaal(d) for d in distributies.get(module, [])}
        if not kandidaten:
            fouten.append(f"{module} (in {pad}): niet geïnstalleerd, dus ook niet gedeclareerd")
        elif not kandidaten & gedeclareerd:
            fouten.append(f"{module} (in {pad}): voeg {' of '.join(sorted(kandidaten))} toe")
    return fouten


def test_scanner_vindt_imports_en_find_spec(tmp_path):
    pad = tmp_path / "m.py"
    pad.write_text(
        "import os, numpy.linalg\nfrom jinja2 import Template\nfrom . import buur\n"
        "import importlib.util\nimportlib.util.find_spec('font_source_sans_pro')\nimport eenzaamheid\n",
        encoding="utf-8",
    )
    assert set(modules([pad])) == {"numpy", "jinja2", "font_source_sans_pro"}
    assert ongedeclareerd([pad], {"numpy", "jinja2", "font-source-sans-pro"}) == []
    assert [f.split(" ")[0] for f in ongedeclareerd([pad], {"numpy"})] == ["font_source_sans_pro", "jinja2"]


def test_elk_import_van_het_pakket_is_een_afhankelijkheid():
    bestanden = sorted((PROJECT / "src").rglob("*.py"))
    assert bestanden
    assert ongedeclareerd(bestanden, namen(PYPROJECT["dependencies"])) == []


def test_elk_import_van_tests_en_scripts_is_gedeclareerd():
    bestanden = [PROJECT / "conftest.py"] + sorted(
        p for map_ in ("tests", "benchmarks", "scripts") for p in (PROJECT / map_).rglob("*.py")
    )
    gedeclareerd = namen(PYPROJECT["dependencies"]) | namen(PYPROJECT["optional-dependencies"]["test"])
    assert ongedeclareerd(bestanden, gedeclareerd) == []


def lock_pins() -> dict[str, tuple[str, str]]:
    """naam -> (versie, omgevingsmarker) uit requirements.lock (uv pip compile --generate-hashes)."""
    pins = {}
    for regel in (PROJECT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]*?))?\s*\\?$", regel):
            pins[normaal(m[1])] = (m[2], (m[3] or "").strip())
    return pins


def test_lock_heeft_hashes_en_alle_gedeclareerde_pakketten():
    tekst = (PROJECT / "requirements.lock").read_text(encoding="utf-8")
    pins = lock_pins()
    assert len(pins) > 50
    # Elke pin heeft minstens één hash: pip installeert dan alleen in de hash-controlerende modus.
    assert len(re.findall(r"^\S+==", tekst, re.M)) == len(pins)
    assert all(blok.count("--hash=sha256:") for blok in re.split(r"\n(?=\S)", tekst) if "==" in blok.split("\n")[0])
    gedeclareerd = namen(PYPROJECT["dependencies"]) | namen(PYPROJECT["optional-dependencies"]["test"])
    assert sorted(gedeclareerd - set(pins)) == [], "draai opnieuw uv pip compile (zie de kop van requirements.lock)"


def test_environment_yml_noemt_dezelfde_pins_als_de_lock():
    omgeving = yaml.safe_load((PROJECT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in omgeving["dependencies"] if isinstance(d, dict) and "pip" in d)
    pins = {}
    for regel in pip:
        if m := re.match(r"([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*(.*))?$", regel):
            pins[normaal(m[1])] = (m[2], (m[3] or "").strip())
    assert pins == lock_pins(), "schrijf environment.yml opnieuw: python scripts/schrijf_environment.py"
    assert "-e ." in pip


def test_pre_commit_gebruikt_de_ruff_van_de_lock():
    """Anders formatteert de commit-hook anders dan CI controleert."""
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"] if h["id"].startswith("ruff")]
    assert len(hooks) == 2
    for hook in hooks:
        assert hook["additional_dependencies"] == [f"ruff=={lock_pins()['ruff'][0]}"]
