"""Tekstdelen die factsheet en overzicht allebei gebruiken: typografie, opsommingen, noten, korte namen."""

from __future__ import annotations

from functools import lru_cache

from .. import veilig
from ..config import REGELS
from ..inlezen.codeboek import Vraag
from ..inlezen.yamlbestand import lees_yaml


def typografie_tekst(tekst: str) -> str:
    """Een apostrof vooraan ('s-Hertogenbosch) wordt anders een openingsaanhalingsteken."""
    return str(tekst).replace("'", "’")


def typografie(tekst: str) -> str:
    """Een naam uit de invoer voor de Markdown-tekst: typografie en letterlijk (geen HTML, link of opmaak)."""
    return veilig.markdown(typografie_tekst(tekst))


def cel(tekst: str) -> str:
    return veilig.markdown(tekst)


def noot(tekst: str) -> str:
    """Een noot als blok. Geen [..]{.noot}: pandoc leest zulke spans traag (~10 ms per noot)."""
    return f"::: {{.noot}}\n{tekst}\n:::\n"


def opsomming(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


@lru_cache(maxsize=1)
def korte_namen() -> dict[str, str]:
    return {str(k): str(v) for k, v in (lees_yaml(REGELS / "korte_namen.yml") or {}).items()}


def korte_naam(vraag: Vraag) -> str:
    return korte_namen().get(vraag.id) or " ".join(vraag.tekst.split()[:6]).rstrip("?.,") + "…"


MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def datum(t) -> str:
    """Een datum als '1 december 2020' (een pandas- of datetime-tijdstip)."""
    return f"{t.day} {MAANDEN[t.month - 1]} {t.year}"
