"""Schrijf environment.yml (conda, met Quarto) met precies de pins van requirements.lock.

conda's pip kan de lock niet zelf lezen: met hashes weigert pip de regel `-e .` in dezelfde
installatie. Daarom staan de pins hier zonder hashes; tests/test_afhankelijkheden.py controleert
dat ze gelijk blijven. Draai dit na elke `uv pip compile`:

    python scripts/schrijf_environment.py
"""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

KOP = """\
# Conda-omgeving met Quarto (conda-forge). Gemaakt door scripts/schrijf_environment.py uit
# requirements.lock: niet met de hand bijwerken. CI installeert de lock zelf (met hashes) met pip.
#   conda env create -f environment.yml && conda activate eenzaamheid
name: eenzaamheid
channels:
  - conda-forge
dependencies:
  - python=3.11
  - quarto>=1.6
  - pip
  - pip:
"""


def pins(lock: str) -> list[str]:
    return [
        f"{m[1]}=={m[2]}" + (f" ; {m[3].strip()}" if m[3] else "")
        for m in re.finditer(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\\n]*?))?\s*\\?$", lock, re.M)
    ]


def main() -> None:
    lock = (PROJECT / "requirements.lock").read_text(encoding="utf-8")
    regels = [f'      - "{pin}"' for pin in pins(lock)] + ["      - -e ."]
    (PROJECT / "environment.yml").write_text(KOP + "\n".join(regels) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
