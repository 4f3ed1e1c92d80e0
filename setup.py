"""Zet de projectbestanden die een run nodig heeft in het pakket (`eenzaamheid/_project/`).

`rules/`, `notebooks/` en `_brand.yml` staan bovenin de kloon, waar een analist ze vindt en
aanpast; een gewone installatie (`pip install .`) krijgt er bij het bouwen een kopie van, zodat
het pakket vanuit elke map werkt. Een bewerkbare installatie (`-e`) gebruikt de kloon zelf.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HIER = Path(__file__).resolve().parent
PROJECTBESTANDEN = [
    "rules",
    "notebooks/factsheet.ipynb",
    "notebooks/overzicht.ipynb",
    "notebooks/validatie.ipynb",
    "_brand.yml",
]


class MetProjectbestanden(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        doel = Path(self.build_lib) / "eenzaamheid" / "_project"
        for naam in PROJECTBESTANDEN:
            bron, naar = HIER / naam, doel / naam
            naar.parent.mkdir(parents=True, exist_ok=True)
            if bron.is_dir():
                shutil.copytree(bron, naar, dirs_exist_ok=True)
            else:
                shutil.copyfile(bron, naar)


setup(cmdclass={"build_py": MetProjectbestanden})
