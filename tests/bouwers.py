"""Kleine, zelfgebouwde invoer voor tests: elk geval staat zichtbaar in de test zelf."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from eenzaamheid.inlezen.codeboek import VASTE_EXPORTKOLOMMEN

CODEBOEK = {
    "onderdelen": {
        "signaleren": "Actielijn 1: Signaleren",
        "netwerk": "Pijler 2: Sterk netwerk",
        "uitdagingen": "Uitdagingen",
    },
    "vragen": [
        {
            "id": "signaalpunt",
            "onderdeel": "signaleren",
            "type": "enkel",
            "tekst": "Signaalpunt?",
            "opties": [{"code": "ja", "label": "Ja"}, {"code": "nee", "label": "Nee"}],
        },
        {
            "id": "coalitie",
            "onderdeel": "netwerk",
            "type": "enkel",
            "fase": True,
            "tekst": "Coalitie?",
            "opties": [
                {"code": "geen", "label": "Geen", "rang": 0},
                {"code": "opstart", "label": "Opstart", "rang": 1},
                {"code": "actief", "label": "Actief", "rang": 2},
                {"code": "zeer_actief", "label": "Zeer actief", "rang": 3},
            ],
        },
        {
            "id": "partners",
            "onderdeel": "netwerk",
            "type": "meer",
            "tekst": "Partners?",
            "opties": [
                {"code": "zorg", "label": "Zorg"},
                {"code": "sport", "label": "Sport"},
                {"code": "geen", "label": "Geen", "exclusief": True},
            ],
        },
        {
            "id": "tools",
            "onderdeel": "signaleren",
            "type": "matrix",
            "tekst": "Tools?",
            "rijen": [{"code": "adviseurs", "label": "Adviseurs"}, {"code": "toolkit", "label": "Toolkit"}],
            "opties": [
                {"code": "onbekend", "label": "Niet bekend", "rang": 0},
                {"code": "gebruikt", "label": "Gebruikt", "rang": 1},
            ],
        },
        {"id": "toelichting", "onderdeel": "uitdagingen", "type": "open", "tekst": "Toelichting"},
    ],
}
KOLOMMEN = [
    *VASTE_EXPORTKOLOMMEN,
    "signaalpunt",
    "coalitie",
    "partners__zorg",
    "partners__sport",
    "partners__geen",
    "tools__adviseurs",
    "tools__toolkit",
    "toelichting",
]


# Regels die bij CODEBOEK passen: de projectregels noemen vragen die dit kleine codeboek niet kent.
FASEN = {
    "fasen": [
        {"sleutel": "niet_gestart", "naam": "Nog niet gestart", "tot": 0.01, "uitleg": "Nog niets."},
        {"sleutel": "startfase", "naam": "Startfase", "tot": 0.5, "uitleg": "Eerste stappen."},
        {"sleutel": "uitvoeringsfase", "naam": "Uitvoeringsfase", "tot": 0.99, "uitleg": "Loopt."},
        {"sleutel": "verankerd", "naam": "Verankerd", "tot": 1.01, "uitleg": "Staat."},
    ],
    "onderdelen": {
        "signaleren": {"meet": "de tools", "vragen": ["tools"]},
        "netwerk": {"meet": "de coalitie"},
    },
    "teksten": [{"id": "fase_uitleg", "als": "fase is not none", "tekst": "Fase: {{ fase_naam }}. {{ uitleg }}"}],
}
TIPS = {
    "tips": [
        {
            "id": "coalitie_opzetten",
            "onderdeel": "netwerk",
            "als": "coalitie == 'geen'",
            "prioriteit": 1,
            "tekst": "Zet een coalitie op.",
            "reden": "U gaf aan dat er geen coalitie is (‘{{ label.coalitie }}’).",
            "materiaal": "toolkit_lokale_coalitie",
        },
        {
            "id": "signaalpunt",
            "onderdeel": "signaleren",
            "als": "signaalpunt != 'ja'",
            "prioriteit": 2,
            "tekst": "Richt een signaalpunt in.",
            "reden": "U gaf aan dat er geen signaalpunt is (‘{{ label.signaalpunt }}’).",
            "materiaal": "routekaart",
        },
        {
            "id": "adviseur",
            "onderdeel": "signaleren",
            "als": "tools__adviseurs != 'gebruikt'",
            "prioriteit": 3,
            "tekst": "Neem contact op met een adviseur.",
            "reden": "U gaf aan dat u de adviseurs niet gebruikt (‘{{ label.tools__adviseurs }}’).",
            "materiaal": "adviseurs",
        },
    ]
}


def schrijf_regels(map_: Path) -> dict:
    """Fasen en tips voor CODEBOEK in `map_`; geeft de sleutels voor het parameterbestand."""
    map_.mkdir(parents=True, exist_ok=True)
    for naam, inhoud in (("fasen.yml", FASEN), ("tips.yml", TIPS)):
        (map_ / naam).write_text(yaml.safe_dump(inhoud, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"regels_fasen": str(map_ / "fasen.yml"), "regels_tips": str(map_ / "tips.yml")}


def schrijf_csv(pad: Path, kolommen: list[str], rijen: list[dict], scheiding=";", bom=False, codering="utf-8") -> Path:
    buffer = io.StringIO()
    w = csv.DictWriter(buffer, fieldnames=kolommen, delimiter=scheiding, lineterminator="\n")
    w.writeheader()
    for rij in rijen:
        w.writerow({k: rij.get(k, "") for k in kolommen})
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode(codering))
    return pad


def antwoord(rid: str, code: str, ingediend="2020-10-10T10:00:00", **antwoorden) -> dict:
    rij = {
        "respondent_id": rid,
        "gemeente_code": code,
        "contactpersoon": "Piet Geheim",
        "email": "piet.geheim@example.nl",
        "gestart_op": "2020-10-01T09:00:00",
        "ingediend_op": ingediend,
        "toelichting": "GEHEIME TOELICHTING",
    }
    rij.update(antwoorden)
    return rij


def gemeente(code: str, provincie: str, inwoners: int, naam: str | None = None) -> dict:
    return {
        "gemeente_code": code,
        "gemeente_naam": naam or f"Gemeente {code}",
        "provincie_code": provincie,
        "provincie_naam": f"Provincie {provincie}",
        "inwoners": inwoners,
    }


def maak_run(
    map_: Path, jaren: dict[int, dict], herindelingen: list[dict] | None = None, extra_params: dict | None = None
) -> Path:
    """jaren: {jaar: {"gemeenten": [...], "antwoorden": [...], "uitnodigingen": [...], "codeboek": {...}}}"""
    bronnen = {}
    for jaar, inhoud in jaren.items():
        boek = dict(inhoud.get("codeboek", CODEBOEK), jaar=jaar)
        (map_ / str(jaar)).mkdir(parents=True, exist_ok=True)
        (map_ / str(jaar) / "codeboek.yml").write_text(yaml.safe_dump(boek, allow_unicode=True), encoding="utf-8")
        schrijf_csv(
            map_ / str(jaar) / "gemeenten.csv",
            ["gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "inwoners"],
            inhoud["gemeenten"],
        )
        uitnodigingen = inhoud.get("uitnodigingen") or [
            {"contact_id": f"C{i}", "gemeente_codes": g["gemeente_code"]} for i, g in enumerate(inhoud["gemeenten"])
        ]
        schrijf_csv(map_ / str(jaar) / "uitnodigingen.csv", ["contact_id", "gemeente_codes"], uitnodigingen)
        kolommen = inhoud.get("kolommen", KOLOMMEN)
        schrijf_csv(
            map_ / str(jaar) / "antwoorden.csv",
            kolommen,
            inhoud["antwoorden"],
            scheiding=inhoud.get("scheiding", ";"),
            bom=True,
        )
        bronnen[jaar] = {
            "antwoorden": f"{jaar}/antwoorden.csv",
            "codeboek": f"{jaar}/codeboek.yml",
            "uitnodigingen": f"{jaar}/uitnodigingen.csv",
            "gemeenten": f"{jaar}/gemeenten.csv",
        }
    schrijf_csv(map_ / "herindelingen.csv", ["datum", "oude_code", "nieuwe_code"], herindelingen or [])
    params = {
        "jaar": max(jaren),
        "bronnen": bronnen,
        "herindelingen": "herindelingen.csv",
        "uitvoer": "uitvoer",
        "fictief": True,
    }
    if len(jaren) > 1:
        params["vorig_jaar"] = min(jaren)
    params.update(schrijf_regels(map_ / "regels"))
    params.update(extra_params or {})
    pad = map_ / "params.yml"
    pad.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    return pad


def demo_params(map_: Path) -> Path:
    """Schrijf params/demo.yml naar `map_` (een tijdelijke map) met uitvoer en nette tabellen daarin.

    De bronpaden worden absoluut, zodat het bestand buiten params/ staat en de run niets in de
    checkout schrijft, ook niet even. Een bron die de demo niet kent, valt meteen op.
    """
    from eenzaamheid.config import PARAMS

    demo = yaml.safe_load((PARAMS / "demo.yml").read_text(encoding="utf-8"))

    def absoluut(pad: str) -> str:
        return str((PARAMS / pad).resolve())

    for jaar, bronnen in demo["bronnen"].items():
        demo["bronnen"][jaar] = {soort: absoluut(pad) for soort, pad in bronnen.items()}
    for sleutel in ("herindelingen", "gezondheid", "buurtgrenzen", "gemeentegrenzen"):
        if demo.get(sleutel):
            demo[sleutel] = absoluut(demo[sleutel])
    map_.mkdir(parents=True, exist_ok=True)
    demo["uitvoer"] = str(map_)
    demo["verwerkt"] = str(map_ / "verwerkt")
    pad = map_ / "demo.yml"
    pad.write_text(yaml.safe_dump(demo, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


def draai_demo(opdracht: str, uit: Path) -> Path:
    """Draai `opdracht` op de demogegevens met alle uitvoer in `uit` (een tijdelijke map)."""
    from eenzaamheid.cli import main

    assert main([opdracht, "--params", str(demo_params(uit))]) == 0
    return uit
