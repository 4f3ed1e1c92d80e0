"""Alle vaste paden van het project op één plek (cookiecutter-data-science).

Wat een run nodig heeft naast de code (`rules/`, `notebooks/`, `_brand.yml`, `templates/`) komt
uit het geïnstalleerde pakket: `pip install .` kopieert de projectbestanden naar
`eenzaamheid/_project/` (zie `setup.py`). Is het pakket niet zo geïnstalleerd (een kloon met
`pip install -e .` of `PYTHONPATH=src`), dan gelden de bestanden in de kloon zelf, zodat een
wijziging in `rules/` meteen telt. `controleer_mappen` meldt in één regel wat ontbreekt.
"""

from pathlib import Path

from .fouten import InvoerFout

PAKKET = Path(__file__).resolve().parent
MEEGELEVERD = PAKKET / "_project"
KLOON = PAKKET.parents[1]
# Meegeleverde bestanden gaan voor: die horen bij precies deze versie van de code.
PROJECT = MEEGELEVERD if MEEGELEVERD.is_dir() else KLOON

NOTEBOOKS = PROJECT / "notebooks"
REGELS = PROJECT / "rules"
BRAND = PROJECT / "_brand.yml"
TEMPLATES = PAKKET / "templates"
# De vaste codeboeken van de demo (`eenzaamheid demo MAP` schrijft de rest van de invoer zelf).
DEMO_CODEBOEKEN = PROJECT / "data" / "raw"

# Alleen in een kloon: de demo-invoer en het demoparameterbestand (tests, scripts, benchmark).
PARAMS = KLOON / "params"
DATA_RAW = KLOON / "data" / "raw"
DATA_PROCESSED = KLOON / "data" / "processed"

FACTSHEET_NOTEBOOK = NOTEBOOKS / "factsheet.ipynb"
OVERZICHT_NOTEBOOK = NOTEBOOKS / "overzicht.ipynb"
VALIDATIE_NOTEBOOK = NOTEBOOKS / "validatie.ipynb"

# Uitvoermappen onder `uitvoer` (contract, sectie 8).
MAP_VALIDATIE = "validatie"
MAP_VERWERKT = "verwerkt"
MAP_FACTSHEETS = "factsheets"
MAP_OVERZICHT = "overzicht"


class OntbrekendeMap(InvoerFout):
    """Een map of bestand dat bij het pakket hoort ontbreekt: één regel met wat en hoe het op te lossen."""

    def __str__(self) -> str:
        return f"{self.melding} ({self.bestand})"


# naam zoals de melding hem noemt -> (pad, is een map)
NODIG = {
    "rules/": (REGELS, True),
    "notebooks/": (NOTEBOOKS, True),
    "_brand.yml": (BRAND, False),
    "templates/": (TEMPLATES, True),
}


def controleer_mappen(nodig: dict[str, tuple[Path, bool]] = NODIG) -> None:
    """Stop met één regel als een map of bestand dat een run nodig heeft ontbreekt."""
    for naam, (pad, is_map) in nodig.items():
        if not (pad.is_dir() if is_map else pad.is_file()):
            raise OntbrekendeMap(
                pad,
                f"{'map' if is_map else 'bestand'} {naam} van het pakket niet gevonden; installeer het pakket "
                "opnieuw vanuit een kloon van het project (pip install .) of gebruik de kloon zelf (pip install -e .)",
            )
