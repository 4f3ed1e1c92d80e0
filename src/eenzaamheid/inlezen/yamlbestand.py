"""YAML-bestanden (codeboek, parameters, regels) lezen en met pydantic controleren.

Een fout noemt het bestand en de plek in het bestand (bijvoorbeeld ``vragen[3].opties[1].code``),
zodat een analist hem zonder Python te lezen kan herstellen.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..fouten import InvoerFout
from .tabellen import controleer_bestand

M = TypeVar("M", bound=BaseModel)


def lees_yaml(pad: Path) -> object:
    pad = Path(pad)
    controleer_bestand(pad, str(pad))
    try:
        tekst = pad.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as fout:
        raise InvoerFout(pad, f"geen UTF-8 ({fout.reason} op byte {fout.start})") from None
    try:
        return yaml.safe_load(tekst)
    except yaml.YAMLError as fout:
        regel = getattr(getattr(fout, "problem_mark", None), "line", None)
        raise InvoerFout(
            pad, f"geen geldige YAML: {getattr(fout, 'problem', fout)}", regel=None if regel is None else regel + 1
        ) from None


def plek(loc: tuple) -> str:
    tekst = ""
    for deel in loc:
        if isinstance(deel, int):
            tekst += f"[{deel}]"
        else:
            tekst += ("." if tekst else "") + str(deel)
    return tekst or "(hele bestand)"


def _binnenmodel(annotatie) -> type[BaseModel] | None:
    """Het model binnen een annotatie als `dict[int, Bronnen]`, `list[Optie]` of `Path | None`."""
    if isinstance(annotatie, type) and issubclass(annotatie, BaseModel):
        return annotatie
    for arg in typing.get_args(annotatie):
        if (gevonden := _binnenmodel(arg)) is not None:
            return gevonden
    return None


def _sleutels_op(model: type[BaseModel], loc: tuple) -> list[str]:
    """De toegestane sleutels op de plek `loc` (zonder het laatste deel, de sleutel zelf)."""
    huidig: type[BaseModel] | None = model
    for deel in loc:
        if huidig is None:
            return []
        if isinstance(deel, str) and deel in huidig.model_fields:
            huidig = _binnenmodel(huidig.model_fields[deel].annotation)
    return list(huidig.model_fields) if huidig is not None else []


def _waarde(waarde: object) -> str:
    tekst = repr(waarde) if not isinstance(waarde, str) else f"'{waarde}'"
    return tekst if len(tekst) <= 40 else tekst[:37] + "..."


def vertaal(fout: dict, model: type[BaseModel]) -> str:
    """Eén pydantic-fout in het Nederlands: wat er mis is en wat er verwacht wordt."""
    soort, ctx, invoer = fout["type"], fout.get("ctx") or {}, fout.get("input")
    gevonden = f", gevonden {_waarde(invoer)}"
    if soort == "missing":
        return "verplichte sleutel ontbreekt"
    if soort == "extra_forbidden":
        sleutel = str(fout["loc"][-1])
        toegestaan = _sleutels_op(model, tuple(fout["loc"][:-1]))
        bijna = difflib.get_close_matches(sleutel, toegestaan, n=1, cutoff=0.6)
        tip = f"; bedoelt u '{bijna[0]}'?" if bijna else ""
        return f"onbekende sleutel '{sleutel}'{tip} (toegestaan: {', '.join(toegestaan)})"
    if soort.startswith("int_"):
        return f"verwacht een geheel getal{gevonden}"
    if soort.startswith("float_"):
        return f"verwacht een getal{gevonden}"
    if soort.startswith("bool_"):
        return f"verwacht true of false{gevonden}"
    if soort.startswith("string_"):
        return f"verwacht tekst{gevonden}"
    if soort.startswith("path_"):
        return f"verwacht een pad naar een bestand of map{gevonden}"
    grenzen = {"greater_than_equal": "minstens", "greater_than": "groter dan", "less_than_equal": "hoogstens"}
    grenzen["less_than"] = "kleiner dan"
    if soort in grenzen:
        grens = next(iter(ctx.values()), "?")
        return f"moet {grenzen[soort]} {grens} zijn{gevonden}"
    if soort == "literal_error":
        return f"verwacht een van {ctx.get('expected', '?')}{gevonden}"
    if soort in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"verwacht een blok met sleutels en waarden{gevonden}"
    if soort in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return f"verwacht een lijst{gevonden}"
    if soort == "too_short":
        return f"verwacht minstens {ctx.get('min_length', '?')} element(en){gevonden}"
    if soort == "too_long":
        return f"verwacht hoogstens {ctx.get('max_length', '?')} element(en){gevonden}"
    if soort in ("value_error", "assertion_error"):
        # Onze eigen controles zijn al Nederlands; pydantic zet er 'Value error, ' voor.
        return str(ctx.get("error", fout["msg"]))
    return f"ongeldige waarde{gevonden}"


def _regel_in_yaml(tekst: str | None, loc: tuple) -> int | None:
    """Het regelnummer van de sleutel op plek `loc` (of van het dichtstbijzijnde blok erboven)."""
    if tekst is None:
        return None
    try:
        knoop = yaml.compose(tekst)
    except yaml.YAMLError:
        return None
    if knoop is None:
        return None
    regel = knoop.start_mark.line + 1
    for deel in loc:
        if isinstance(knoop, yaml.MappingNode):
            paar = next(((k, v) for k, v in knoop.value if str(k.value) == str(deel)), None)
            if paar is None:
                break
            regel, knoop = paar[0].start_mark.line + 1, paar[1]
        elif isinstance(knoop, yaml.SequenceNode) and isinstance(deel, int) and deel < len(knoop.value):
            knoop = knoop.value[deel]
            regel = knoop.start_mark.line + 1
        else:
            break
    return regel


def valideer_model(model: type[M], gegevens: object, pad: Path, tekst: str | None = None, **context) -> M:
    if not isinstance(gegevens, dict):
        raise InvoerFout(pad, "verwacht een YAML-mapping (sleutel: waarde) bovenaan het bestand")
    try:
        return model.model_validate(gegevens, context=context or None)
    except ValidationError as fout:
        # Een tikfout in een sleutel geeft twee fouten (onbekend en ontbrekend): de onbekende zegt het meest.
        fouten = sorted(fout.errors(), key=lambda f: f["type"] != "extra_forbidden")
        eerste = fouten[0]
        meer = len(fouten) - 1
        extra = f" (en nog {meer} andere fout{'en' if meer > 1 else ''})" if meer else ""
        raise InvoerFout(
            pad,
            f"{vertaal(eerste, model)}{extra}",
            kolom=plek(eerste["loc"]),
            regel=_regel_in_yaml(tekst, tuple(eerste["loc"])),
        ) from None


def lees_model(model: type[M], pad: Path, **context) -> M:
    pad = Path(pad)
    gegevens = lees_yaml(pad)
    return valideer_model(model, gegevens, pad, tekst=pad.read_text(encoding="utf-8-sig"), **context)
