"""Alle vaste paden van het project op één plek (cookiecutter-data-science)."""

from pathlib import Path

PAKKET = Path(__file__).resolve().parent
PROJECT = PAKKET.parents[1]

NOTEBOOKS = PROJECT / "notebooks"
REGELS = PROJECT / "rules"
PARAMS = PROJECT / "params"
DATA_RAW = PROJECT / "data" / "raw"
DATA_PROCESSED = PROJECT / "data" / "processed"
BRAND = PROJECT / "_brand.yml"
TEMPLATES = PAKKET / "templates"

FACTSHEET_NOTEBOOK = NOTEBOOKS / "factsheet.ipynb"
OVERZICHT_NOTEBOOK = NOTEBOOKS / "overzicht.ipynb"
VALIDATIE_NOTEBOOK = NOTEBOOKS / "validatie.ipynb"

# Uitvoermappen onder `uitvoer` (contract, sectie 8).
MAP_VALIDATIE = "validatie"
MAP_VERWERKT = "verwerkt"
MAP_FACTSHEETS = "factsheets"
MAP_OVERZICHT = "overzicht"
