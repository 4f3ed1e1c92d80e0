"""Getallen in Nederlandse notatie: 1.234 en 12,5%."""

from __future__ import annotations

import math

import pandas as pd


def getal(waarde, decimalen: int = 0) -> str:
    if waarde is None or waarde is pd.NA or (isinstance(waarde, float) and math.isnan(waarde)):
        return "–"
    tekst = f"{float(waarde):,.{decimalen}f}"
    return tekst.replace(",", " ").replace(".", ",").replace(" ", ".")


def procent(waarde, decimalen: int = 0) -> str:
    """Percentage (0-100) als tekst; afgerond met half-naar-boven, zoals lezers verwachten."""
    if waarde is None or waarde is pd.NA or (isinstance(waarde, float) and math.isnan(waarde)):
        return "–"
    factor = 10**decimalen
    afgerond = math.floor(float(waarde) * factor + 0.5) / factor
    return getal(afgerond, decimalen) + "%"
