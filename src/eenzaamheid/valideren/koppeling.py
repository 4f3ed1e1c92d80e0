"""Koppelen de RIVM-buurtcijfers en de buurtkaart? Per gemeente, in beide richtingen.

Tabel en kaart komen vaak uit verschillende jaren van de CBS-indeling (RIVM 50090NED: indeling
2020; een landelijke kaart van 2019): een hercodeerde buurt heeft dan cijfers zonder vlak of een
vlak zonder cijfers. Dat staat per gemeente in het validatierapport, en niets valt stil weg.
"""

from __future__ import annotations

import pandas as pd

from .boekhouding import Validatie

KOPPELING_KOLOMMEN = [
    "gemeente_code",
    "gemeente_naam",
    "buurten_in_tabel",
    "buurten_zonder_vlak",
    "vlakken_zonder_cijfers",
    "zonder_vlak",
    "zonder_cijfers",
]


def koppeling(gezondheid: pd.DataFrame, buurtgrenzen) -> pd.DataFrame:
    """Eén rij per gemeente met minstens één buurt in tabel of kaart (codes gescheiden door |)."""
    tabel = gezondheid.loc[gezondheid["soort"] == "Buurt", ["regio_code", "gemeente_code"]].drop_duplicates()
    namen = (
        gezondheid.loc[gezondheid["soort"] == "Gemeente", ["gemeente_code", "gemeente_naam"]]
        .drop_duplicates("gemeente_code")
        .set_index("gemeente_code")["gemeente_naam"]
    )
    in_tabel = set(tabel["regio_code"])
    op_kaart = set(buurtgrenzen["code"])
    rijen = []
    kaart_per_gemeente = buurtgrenzen.groupby("gemeente_code")["code"].apply(set).to_dict()
    tabel_per_gemeente = tabel.groupby("gemeente_code")["regio_code"].apply(set).to_dict()
    for code in sorted(set(kaart_per_gemeente) | set(tabel_per_gemeente)):
        eigen_tabel = tabel_per_gemeente.get(code, set())
        zonder_vlak = sorted(eigen_tabel - op_kaart)
        zonder_cijfers = sorted(kaart_per_gemeente.get(code, set()) - in_tabel)
        rijen.append(
            {
                "gemeente_code": code,
                "gemeente_naam": namen.get(code, ""),
                "buurten_in_tabel": len(eigen_tabel),
                "buurten_zonder_vlak": len(zonder_vlak),
                "vlakken_zonder_cijfers": len(zonder_cijfers),
                "zonder_vlak": "|".join(zonder_vlak),
                "zonder_cijfers": "|".join(zonder_cijfers),
            }
        )
    return pd.DataFrame(rijen, columns=KOPPELING_KOLOMMEN)


def _voorbeelden(codes: str, hoeveel: int = 5) -> str:
    lijst = codes.split("|")
    return ", ".join(lijst[:hoeveel]) + (" …" if len(lijst) > hoeveel else "")


def meld_koppeling(validatie: Validatie, kaartbestand: str) -> pd.DataFrame:
    tabel = koppeling(validatie.gezondheid, validatie.buurtgrenzen)
    mis = tabel[(tabel["buurten_zonder_vlak"] > 0) | (tabel["vlakken_zonder_cijfers"] > 0)]
    if len(mis):
        validatie.meldingen.append(
            f"{kaartbestand}: buurtcodes van kaart en RIVM-tabel koppelen niet in {len(mis)} gemeenten "
            f"({int(mis['buurten_zonder_vlak'].sum())} buurten met cijfers zonder vlak, "
            f"{int(mis['vlakken_zonder_cijfers'].sum())} vlakken zonder cijfers); vaak een ander jaar van de "
            "buurtindeling. Zulke buurten staan als 'geen gegevens' of ontbreken op de kaart; hun cijfers staan "
            "wel in buurten.csv."
        )
    for r in mis.itertuples():
        delen = []
        if r.buurten_zonder_vlak:
            delen.append(
                f"{r.buurten_zonder_vlak} van de {r.buurten_in_tabel} buurten uit de tabel hebben geen vlak "
                f"({_voorbeelden(r.zonder_vlak)})"
            )
        if r.vlakken_zonder_cijfers:
            delen.append(f"{r.vlakken_zonder_cijfers} vlakken hebben geen cijfers ({_voorbeelden(r.zonder_cijfers)})")
        naam = f" {r.gemeente_naam}" if r.gemeente_naam else ""
        validatie.meldingen.append(f"{kaartbestand}, {r.gemeente_code}{naam}: " + "; ".join(delen))
    return tabel
