"""nbval voert de notebooks uit op de demogegevens, met de nette tabellen in een tijdelijke map.

De notebooks lezen standaard `../params/demo.yml`, dat naar `data/processed` in de checkout wijst.
Voor de test krijgt de parametercel (tag `parameters`, zoals bij papermill) een eigen
parameterbestand onder de tijdelijke map van pytest; daar schrijft `validate` ook de nette
tabellen. Zo schrijft geen test in de checkout en zien parallelle werkers elkaars bestanden niet.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

# Geen __pycache__ in de checkout, ook niet in kernels en werkers die de tests starten.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
# hypothesis schrijft voorbeelden en caches in .hypothesis/ in de werkmap; hier in een tijdelijke map.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", tempfile.mkdtemp(prefix="hypothesis-"))
# Eén tussenopslag voor alle demoruns van de tests (ook over xdist-werkers): de onderdrukking en de
# exacte controle hangen alleen af van de inhoud, dus elke run op dezelfde demogegevens deelt ze.
os.environ.setdefault(
    "EENZAAMHEID_TUSSENOPSLAG", os.path.join(tempfile.gettempdir(), f"eenzaamheid-tussenopslag-{os.getuid()}")
)

_PARAMETER = re.compile(r"^params_bestand = .*$", re.MULTILINE)
_demo_params: Path | None = None


def _gevalideerde_demo(config) -> Path:
    """Eén keer per (xdist-)werker: demo-parameterbestand en nette tabellen in een eigen tijdelijke map."""
    global _demo_params
    if _demo_params is None:
        sys.path.insert(0, str(Path(__file__).parent / "tests"))
        from bouwers import demo_params

        from eenzaamheid.cli import main

        pad = demo_params(config._tmp_path_factory.mktemp("notebooks"))
        if main(["validate", "--params", str(pad)]) != 0:
            raise RuntimeError(f"validatie van de demogegevens voor de notebooks mislukt ({pad})")
        _demo_params = pad
    return _demo_params


def pytest_runtest_setup(item):
    cel = getattr(item, "cell", None)  # alleen nbval-cellen hebben er een
    if cel is None or "parameters" not in cel.get("metadata", {}).get("tags", []):
        return
    bron, aantal = _PARAMETER.subn(f"params_bestand = {str(_gevalideerde_demo(item.config))!r}", cel.source)
    if aantal != 1:
        raise RuntimeError(f"{item.nodeid}: de parametercel heeft geen regel 'params_bestand = ...'")
    cel.source = bron
