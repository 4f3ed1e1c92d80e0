"""YAML-bestanden (codeboek, parameters, regels) lezen en met pydantic controleren.

Een fout noemt het bestand en de plek in het bestand (bijvoorbeeld ``vragen[3].opties[1].code``),
zodat een analist hem zonder Python te lezen kan herstellen.
"""

from __future__ import annotations

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


def valideer_model(model: type[M], gegevens: object, pad: Path, **context) -> M:
    if not isinstance(gegevens, dict):
        raise InvoerFout(pad, "verwacht een YAML-mapping (sleutel: waarde) bovenaan het bestand")
    try:
        return model.model_validate(gegevens, context=context or None)
    except ValidationError as fout:
        eerste = fout.errors()[0]
        meer = len(fout.errors()) - 1
        extra = f" (en nog {meer} andere fout{'en' if meer > 1 else ''})" if meer else ""
        raise InvoerFout(pad, f"{eerste['msg']}{extra}", kolom=plek(eerste["loc"])) from None


def lees_model(model: type[M], pad: Path, **context) -> M:
    return valideer_model(model, lees_yaml(pad), Path(pad), **context)
