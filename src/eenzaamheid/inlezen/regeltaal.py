"""De regeltaal van `rules/`: voorwaarden en zinnen als Jinja2-expressies in een sandbox.

Waarom Jinja2: het is al een afhankelijkheid (sjablonen), wordt goed onderhouden (Pallets),
heeft een sandbox die geen Python uitvoert en geen attributen als ``__class__`` toelaat, en de
schrijfwijze (``huisbezoeken in ['nee', 'plannen'] and not vorig.coalitie``) leest voor een
analist als gewone tekst. De parser geeft de boom van een expressie, zodat we bij het laden elke
naam en elke optiecode tegen het codeboek kunnen controleren, met bestand, regel-id en regelnummer.

Namen met een punt (``vorig.huisbezoeken``, ``fase.signaleren``) zijn namen in een deelruimte: de
context is dan een geneste dict (``{"vorig": {"huisbezoeken": "nee"}}``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..fouten import InvoerFout


def opsomming(items: Iterable) -> str:
    """Nederlandse opsomming: 'a, b en c'."""
    lijst = [str(i) for i in items]
    if len(lijst) <= 1:
        return "".join(lijst)
    return ", ".join(lijst[:-1]) + " en " + lijst[-1]


@lru_cache(maxsize=1)
def _omgeving() -> ImmutableSandboxedEnvironment:
    omgeving = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    omgeving.filters["opsomming"] = opsomming
    return omgeving


@dataclass(frozen=True)
class Plek:
    """Waar een regel staat, voor meldingen: bestand, id van de regel en regelnummer in het bestand."""

    bestand: Path
    regel_id: str
    regelnummer: int | None = None
    veld: str = "als"

    def fout(self, melding: str) -> InvoerFout:
        return InvoerFout(self.bestand, f"regel '{self.regel_id}' ({self.veld}): {melding}", regel=self.regelnummer)


def _naam(knoop: nodes.Node) -> str | None:
    """De naam met punten van een Name of een keten Getattr (``vorig.huisbezoeken``), anders None."""
    if isinstance(knoop, nodes.Name):
        return knoop.name
    if isinstance(knoop, nodes.Getattr):
        voor = _naam(knoop.node)
        return f"{voor}.{knoop.attr}" if voor else None
    return None


def _constanten(knoop: nodes.Node) -> set[str] | None:
    """Tekstconstanten van een constante of een lijst constanten; None als het iets anders is."""
    if isinstance(knoop, nodes.Const) and isinstance(knoop.value, str):
        return {knoop.value}
    if isinstance(knoop, nodes.List | nodes.Tuple):
        waarden = [_constanten(k) for k in knoop.items]
        if all(w is not None for w in waarden):
            return set().union(*waarden) if waarden else set()
    return None


def _namen(knoop: nodes.Node, uit: set[str]) -> None:
    """Namen met punten, van boven naar beneden: van een keten telt alleen de hele naam."""
    naam = _naam(knoop)
    if naam is not None:
        uit.add(naam)
        return
    for kind in knoop.iter_child_nodes():
        _namen(kind, uit)


def _analyseer(boom: nodes.Node) -> tuple[frozenset[str], dict[str, set[str]]]:
    namen: set[str] = set()
    _namen(boom, namen)
    teksten: dict[str, set[str]] = {}
    # find_all geeft alleen wat ónder de wortel staat; een voorwaarde is vaak zelf één vergelijking.
    vergelijkingen = ([boom] if isinstance(boom, nodes.Compare) else []) + list(boom.find_all(nodes.Compare))
    for vergelijking in vergelijkingen:
        delen = [vergelijking.expr] + [o.expr for o in vergelijking.ops]
        for links, rechts in zip(delen, delen[1:], strict=False):
            for a, b in ((links, rechts), (rechts, links)):
                naam, waarden = _naam(a), _constanten(b)
                if naam is not None and waarden:
                    teksten.setdefault(naam, set()).update(waarden)
    return frozenset(namen), teksten


def _syntaxfout(plek: Plek, bron: str, fout: TemplateSyntaxError) -> InvoerFout:
    return plek.fout(
        f"niet te lezen: {fout.message} in '{bron}'. Schrijf bijvoorbeeld "
        "\"huisbezoeken in ['nee', 'plannen'] and aantal_verder > 0\" (and, or, not, in, ==, !=, <, >)."
    )


@dataclass(frozen=True)
class Voorwaarde:
    """Een voorwaarde die waar of onwaar is; nooit Python, alleen de Jinja2-expressietaal."""

    bron: str
    plek: Plek
    namen: frozenset[str] = field(compare=False)
    teksten_per_naam: Mapping[str, set[str]] = field(compare=False, repr=False)
    _code: object = field(compare=False, repr=False)

    @classmethod
    def ontleed(cls, bron: str, plek: Plek) -> Voorwaarde:
        bron = str(bron).strip()
        if not bron:
            raise plek.fout("lege voorwaarde; laat 'als' weg als de regel altijd geldt")
        omgeving = _omgeving()
        try:
            parser = Parser(omgeving, bron, state="variable")
            boom = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError(f"onverwacht '{parser.stream.current.value}'", 1)
            code = omgeving.compile_expression(bron, undefined_to_none=False)
        except TemplateSyntaxError as fout:
            raise _syntaxfout(plek, bron, fout) from None
        namen, teksten = _analyseer(boom)
        return cls(bron, plek, namen, teksten, code)

    def geldt(self, context: Mapping) -> bool:
        try:
            return bool(self._code(**context))
        except (UndefinedError, SecurityError) as fout:
            raise self.plek.fout(f"kan niet worden uitgerekend: {fout}") from None
        except TypeError as fout:
            raise self.plek.fout(
                f"kan niet worden uitgerekend ({fout}); is een antwoord leeg? Gebruik bijvoorbeeld "
                "'x is not none and x > 3'"
            ) from None


# Welke zinnen (bestand, regel-id, veld) zijn ingevuld sinds het laatste leegmaken: een factsheet
# onthoudt zo welke teksten zij toont, zodat een gewijzigde tekst alleen háár factsheets opnieuw maakt.
INGEVULD: set[tuple[str, str, str]] = set()


@dataclass(frozen=True)
class Sjabloon:
    """Een zin met velden tussen {{ }}, in de Jinja2-sandbox ingevuld."""

    bron: str
    plek: Plek
    namen: frozenset[str] = field(compare=False)
    _sjabloon: object = field(compare=False, repr=False)

    @classmethod
    def ontleed(cls, bron: str, plek: Plek) -> Sjabloon:
        omgeving = _omgeving()
        try:
            boom = omgeving.parse(str(bron))
            sjabloon = omgeving.from_string(str(bron))
        except TemplateSyntaxError as fout:
            raise plek.fout(f"niet te lezen: {fout.message} in '{bron}'. Velden staan tussen {{{{ }}}}.") from None
        namen, _ = _analyseer(boom)
        return cls(str(bron), plek, namen, sjabloon)

    def vul_in(self, context: Mapping) -> str:
        INGEVULD.add((str(self.plek.bestand), self.plek.regel_id, self.plek.veld))
        try:
            return self._sjabloon.render(**context)
        except (UndefinedError, SecurityError, TypeError) as fout:
            raise self.plek.fout(f"kan niet worden ingevuld: {fout}") from None


def suggestie(woord: str, bekend: Iterable[str]) -> str:
    bekend = sorted(set(bekend))
    dichtbij = difflib.get_close_matches(woord, bekend, n=3, cutoff=0.6)
    if dichtbij:
        return f" (bedoelt u {' of '.join(dichtbij)}?)"
    return f" (bekend: {', '.join(bekend)})" if len(bekend) <= 30 else ""


def controleer(expressie: Voorwaarde | Sjabloon, bekend: Mapping[str, Iterable[str] | None]) -> None:
    """Elke naam moet bestaan; elke tekstconstante die met een naam vergeleken wordt, moet een van
    zijn opties zijn (als `bekend` voor die naam opties geeft)."""
    for naam in sorted(expressie.namen):
        if naam not in bekend:
            raise expressie.plek.fout(f"onbekende naam '{naam}'{suggestie(naam, bekend)}")
    for naam, waarden in sorted(getattr(expressie, "teksten_per_naam", {}).items()):
        opties = bekend.get(naam)
        if opties is None:
            continue
        opties = set(opties)
        for waarde in sorted(waarden - opties):
            raise expressie.plek.fout(f"'{waarde}' is geen optie van {naam}{suggestie(waarde, opties)}")


def regelnummers(pad: Path) -> dict[tuple, int]:
    """Per plek in een YAML-bestand (``("tips", 3, "als")``) het regelnummer (1 = eerste regel)."""
    try:
        wortel = yaml.compose(Path(pad).read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError):
        return {}
    uit: dict[tuple, int] = {}

    def loop(knoop, pad_: tuple) -> None:
        uit[pad_] = knoop.start_mark.line + 1
        if isinstance(knoop, yaml.MappingNode):
            for sleutel, waarde in knoop.value:
                loop(waarde, pad_ + (sleutel.value,))
        elif isinstance(knoop, yaml.SequenceNode):
            for i, waarde in enumerate(knoop.value):
                loop(waarde, pad_ + (i,))

    if wortel is not None:
        loop(wortel, ())
    return uit
