"""De huisstijl uit `_brand.yml`: kleuren en lettertype voor HTML, Typst en de SVG-grafieken."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .config import BRAND


@dataclass(frozen=True)
class Huisstijl:
    kleuren: dict[str, str]
    lettertype: str
    voorgrond: str
    primair: str
    accent: str

    def kleur(self, naam: str) -> str:
        return self.kleuren.get(naam, naam)

    @property
    def groepskleuren(self) -> dict[str, str]:
        """Vaste kleur per vergelijkingsgroep, in elke grafiek dezelfde."""
        return {
            "gemeente": self.kleur("lintblauw"),
            "vorig_jaar": self.kleur("schaal-1"),
            "landelijk": self.kleur("hemelblauw"),
            "provincie": self.kleur("groen"),
            "grootteklasse": self.kleur("violet"),
        }

    @property
    def schaal(self) -> list[str]:
        return [self.kleuren[k] for k in sorted(self.kleuren) if k.startswith("schaal-")]


@lru_cache(maxsize=1)
def laad_huisstijl(pad: Path = BRAND) -> Huisstijl:
    data = yaml.safe_load(Path(pad).read_text(encoding="utf-8"))
    palet = data["color"]["palette"]
    kleuren = dict(palet)

    def los(naam: str) -> str:
        return palet.get(naam, naam)

    return Huisstijl(
        kleuren=kleuren,
        lettertype=data["typography"]["base"]["family"],
        voorgrond=los(data["color"]["foreground"]),
        primair=los(data["color"]["primary"]),
        accent=los(data["color"]["secondary"]),
    )


def lettertype_map() -> Path:
    """Map met de lettertypebestanden (pip-pakket font-source-sans-pro), voor Typst."""
    import importlib.util

    spec = importlib.util.find_spec("font_source_sans_pro")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("lettertype ontbreekt: installeer het pakket font-source-sans-pro")
    return Path(list(spec.submodule_search_locations)[0]) / "files"
