"""Eén factsheet: eerst de inhoud uitrekenen (`Factsheet.inhoud`, een `FactsheetInhoud`), dan tonen.

Elk getal in de tekst komt uit `Benchmark.cijfers`, dezelfde tabel die als `cijfers.csv` naast
de factsheet staat. De blokken (`kop()`, `samenvatting()`, `kaart()`, ...) laten de opmaak in
`opmaak_factsheet.py` de inhoud omzetten; het notebook `notebooks/factsheet.ipynb` roept alleen
die methoden aan.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

from .. import __version__
from ..config import REGELS
from ..inlezen.codeboek import Vraag
from ..inlezen.params import lees_params
from ..inlezen.yamlbestand import lees_yaml
from ..regels import controleer_velden, kies, laad_fasen, laad_teksten
from ..verwerken.cijfers import Benchmark
from ..verwerken.opslag import lees_verwerkt, stempel
from . import opmaak_factsheet as opmaak
from .getallen import getal
from .inhoud import (
    GROEPEN,
    Cel,
    FactsheetInhoud,
    FaseOnderdeel,
    Groep,
    GroepFase,
    Kop,
    Optieverdeling,
    Tip,
    Verdeling,
    Vergelijking,
    Vraaginhoud,
    Zin,
)

MAX_KERNZINNEN = 5
STERKSTE = 3  # zoveel vergelijkingen 'verder' en 'minder ver' in de factsheet
GETALLEN = {
    "aantal_vragen",
    "aantal_beantwoord",
    "aantal_fasevragen",
    "aantal_verder",
    "aantal_vergelijkbaar",
    "aantal_minder_ver",
    "aantal_namens",
    "aantal_gemeenten_samen",
    "vorig_jaar_deelgenomen",
    "aantal_vooruit",
    "aantal_achteruit",
    "aantal_gelijk_gebleven",
}
WOORDEN = {
    "gemeente_naam",
    "jaar",
    "vorig_jaar",
    "namens",
    "verder_lijst",
    "minder_ver_lijst",
    "vooruit_lijst",
    "achteruit_lijst",
}
TEKSTEN = REGELS / "factsheet_teksten.yml"


def typografie(tekst: str) -> str:
    """Een apostrof vooraan ('s-Hertogenbosch) wordt anders een openingsaanhalingsteken."""
    return str(tekst).replace("'", "’")


def opsomming(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


@lru_cache(maxsize=1)
def korte_namen() -> dict[str, str]:
    return {str(k): str(v) for k, v in (lees_yaml(REGELS / "korte_namen.yml") or {}).items()}


def korte_naam(vraag: Vraag) -> str:
    return korte_namen().get(vraag.id) or " ".join(vraag.tekst.split()[:6]).rstrip("?.,") + "…"


@lru_cache(maxsize=2)
def _benchmark(params_bestand: str, stempel: tuple) -> Benchmark:
    params = lees_params(Path(params_bestand))
    controleer_velden(laad_teksten(TEKSTEN), GETALLEN, WOORDEN, TEKSTEN)
    return Benchmark(lees_verwerkt(params))


def benchmark(params_bestand) -> Benchmark:
    """Eén keer per kernel geladen; opnieuw als de nette tabellen intussen veranderd zijn."""
    pad = Path(params_bestand).resolve()
    return _benchmark(str(pad), stempel(lees_params(pad)))


def cel(tekst: str) -> str:
    return str(tekst).replace("|", "\\|")


def noot(tekst: str) -> str:
    """Een noot als blok. Geen [..]{.noot}: pandoc leest zulke spans traag (~10 ms per noot)."""
    return f"::: {{.noot}}\n{tekst}\n:::\n"


def onderdrukt_zin(groep: str, reden: object, n_anderen: int, minimum: int) -> str:
    """Waarom een groep bij een vraag ontbreekt, in één zin.

    `reden` is de waarde uit de kolom `onderdrukt` van cijfers.csv: nu 1, straks een redencode
    (verwerken/cijfers.py); een onbekende code valt terug op wat uit de aantallen volgt.
    """
    code = str(reden).strip().lower()
    if code in ("te_weinig", "minimum") or (code in ("1", "true") and n_anderen < minimum):
        return (
            f"{groep}: niet getoond, want maar {n_anderen} andere gemeente{'n' if n_anderen != 1 else ''} in deze "
            f"groep beantwoordde{'n' if n_anderen != 1 else ''} de vraag (minimaal {minimum} nodig)."
        )
    return (
        f"{groep}: niet getoond, want de andere gemeenten in deze groep gaven allemaal hetzelfde antwoord; "
        "het cijfer zou hun antwoorden prijsgeven."
    )


def _is_onderdrukt(waarde) -> bool:
    return str(waarde).strip() not in ("", "0", "False", "nan", "<NA>")


_FASEN_ALLE: dict[int, tuple[Benchmark, dict]] = {}


def fasen_alle_gemeenten(bench: Benchmark) -> dict[str, dict[str, float]]:
    """Per gemeente per onderdeel het gemiddelde van rang / hoogste rang over de fasevragen.

    Eén keer per benchmark (dus per kernel) berekend: de fase-vergelijking met de groepen zoekt
    het voor elke factsheet op.
    """
    if id(bench) in _FASEN_ALLE and _FASEN_ALLE[id(bench)][0] is bench:
        return _FASEN_ALLE[id(bench)][1]
    vragen = [v for v in bench.codeboek.gesloten_vragen if v.fase and v.type == "enkel"]
    uit: dict[str, dict[str, float]] = {}
    for code in bench.deelnemers.index:
        eigen = bench.eigen(code)
        gekozen = eigen[eigen["aantal"] == 1].reset_index()
        per_vraag = dict(zip(gekozen["vraag"], gekozen["optie"]))
        delen: dict[str, list[float]] = {}
        for v in vragen:
            if v.id in per_vraag:
                delen.setdefault(v.onderdeel, []).append(v.optie(per_vraag[v.id]).rang / v.max_rang)
        uit[code] = {o: sum(w) / len(w) for o, w in delen.items()}
    _FASEN_ALLE.clear()
    _FASEN_ALLE[id(bench)] = (bench, uit)
    return uit


class Factsheet:
    def __init__(self, bench: Benchmark, gemeente_code: str):
        self.b = bench
        self.code = gemeente_code
        self.cijfers = bench.cijfers(gemeente_code)
        self.info = bench.deelnemers.loc[gemeente_code]
        self.naam = typografie(self.info["gemeente_naam"])
        self.jaar = bench.jaar
        self.vorig_jaar = bench.params.vorig_jaar
        self.fictief = bench.params.fictief

    @classmethod
    def laad(cls, params_bestand, gemeente_code: str) -> Factsheet:
        return cls(benchmark(params_bestand), gemeente_code)

    # -- cijfers opzoeken -------------------------------------------------------------------
    @cached_property
    def _per_groep(self) -> dict[str, dict[tuple, dict]]:
        # Woordenboeken i.p.v. .loc: een factsheet zoekt duizenden cijfers op.
        uit: dict[str, dict[tuple, dict]] = {}
        for r in self.cijfers.to_dict("records"):
            uit.setdefault(r["groep"], {})[(r["vraag"], r["rij"], r["optie"])] = r
        return uit

    def cijfer(self, groep: str, vraag: Vraag, rij: str, optie: str) -> dict | None:
        return self._per_groep.get(groep, {}).get((vraag.id, rij, optie))

    def beantwoord(self, vraag: Vraag, rij: str = "") -> bool:
        return bool(self.cijfer("gemeente", vraag, rij, vraag.opties[0].code)["n"])

    def eigen_opties(self, vraag: Vraag, rij: str = "", groep: str = "gemeente") -> list[str]:
        return [
            o.code
            for o in vraag.opties
            if (c := self.cijfer(groep, vraag, rij, o.code)) is not None and c["aantal"] == 1
        ]

    @property
    def deed_vorig_jaar_mee(self) -> bool:
        return "vorig_jaar" in self._per_groep

    @cached_property
    def namens(self) -> list[str]:
        """De andere gemeenten waarvoor de respondent de vragenlijst invulde."""
        namen = self.b.verwerkt.gemeenten[self.jaar].set_index("gemeente_code")["gemeente_naam"]
        return [typografie(namen[c]) for c in filter(None, str(self.info["overige_gemeenten"]).split("|"))]

    def groepsleden(self, groep: str) -> list[str]:
        d = self.b.deelnemers
        if groep == "landelijk":
            return list(d.index)
        kolom = {"provincie": "provincie_code", "grootteklasse": "grootteklasse"}[groep]
        return list(d.index[d[kolom] == self.info[kolom]])

    @cached_property
    def groepen(self) -> tuple[Groep, ...]:
        namen = {
            "landelijk": "Landelijk",
            "provincie": f"Provincie {typografie(self.info['provincie_naam'])}",
            "grootteklasse": f"Gemeenten met {self.info['grootteklasse']}",
        }
        return tuple(Groep(g, namen[g], len(self.groepsleden(g))) for g in GROEPEN)

    # -- fasen en vergelijking --------------------------------------------------------------
    @cached_property
    def _fasevragen(self) -> list[tuple[Vraag, int, Vergelijking]]:
        fasen = laad_fasen()
        uit = []
        for vraag in self.b.codeboek.gesloten_vragen:
            if not vraag.fase or vraag.type != "enkel" or not self.beantwoord(vraag):
                continue
            optie = vraag.optie(self.eigen_opties(vraag)[0])
            rang = optie.rang
            landelijk = {o.code: self.cijfer("landelijk", vraag, "", o.code) for o in vraag.opties}
            n = int(landelijk[vraag.opties[0].code]["n"])
            lager = int(sum(landelijk[o.code]["aantal"] for o in vraag.opties if o.rang < rang))
            hoger = int(sum(landelijk[o.code]["aantal"] for o in vraag.opties if o.rang > rang))
            drempel = fasen.vergelijking_drempel
            oordeel = "verder" if lager >= drempel * n else "minder ver" if hoger >= drempel * n else "vergelijkbaar"
            uit.append(
                (
                    vraag,
                    rang,
                    Vergelijking(
                        vraag.id,
                        korte_naam(vraag),
                        vraag.onderdeel,
                        optie.label,
                        fasen.fase(rang, vraag.max_rang),
                        oordeel,
                        lager,
                        hoger,
                        n,
                    ),
                )
            )
        return uit

    @property
    def vergelijkingen(self) -> list[Vergelijking]:
        return [v for _, _, v in self._fasevragen]

    @cached_property
    def ontwikkeling(self) -> dict[str, list[str]]:
        """Fasevragen die in beide jaren vergelijkbaar zijn: vooruit, achteruit of gelijk."""
        uit = {"vooruit": [], "achteruit": [], "gelijk": []}
        if not self.deed_vorig_jaar_mee:
            return uit
        for vraag, rang, _ in self._fasevragen:
            vorig = self.eigen_opties(vraag, groep="vorig_jaar")
            if (vraag.id, "") not in self.b.vergelijkbaar or not vorig:
                continue
            rang_toen = vraag.optie(vorig[0]).rang
            uit["vooruit" if rang > rang_toen else "achteruit" if rang < rang_toen else "gelijk"].append(
                korte_naam(vraag)
            )
        return uit

    def velden(self) -> dict:
        vragen = [(v, r) for v in self.b.codeboek.gesloten_vragen for r in v.rij_codes]
        per_oordeel = {
            o: [v.korte_naam for v in self.vergelijkingen if v.oordeel == o]
            for o in ("verder", "vergelijkbaar", "minder ver")
        }
        namens = self.namens
        return {
            "gemeente_naam": self.naam,
            "jaar": self.jaar,
            "vorig_jaar": self.vorig_jaar or "",
            "aantal_vragen": len(vragen),
            "aantal_beantwoord": sum(self.beantwoord(v, r) for v, r in vragen),
            "aantal_fasevragen": len(self.vergelijkingen),
            "aantal_verder": len(per_oordeel["verder"]),
            "aantal_vergelijkbaar": len(per_oordeel["vergelijkbaar"]),
            "aantal_minder_ver": len(per_oordeel["minder ver"]),
            "verder_lijst": opsomming(per_oordeel["verder"]),
            "minder_ver_lijst": opsomming(per_oordeel["minder ver"]),
            "aantal_namens": len(namens),
            "aantal_gemeenten_samen": len(namens) + 1,
            "namens": opsomming(namens),
            "vorig_jaar_deelgenomen": int(self.deed_vorig_jaar_mee),
            "aantal_vooruit": len(self.ontwikkeling["vooruit"]),
            "aantal_achteruit": len(self.ontwikkeling["achteruit"]),
            "aantal_gelijk_gebleven": len(self.ontwikkeling["gelijk"]),
            "vooruit_lijst": opsomming(self.ontwikkeling["vooruit"]),
            "achteruit_lijst": opsomming(self.ontwikkeling["achteruit"]),
        }

    def fasen_per_onderdeel(self) -> tuple[FaseOnderdeel, ...]:
        """Standaard fase per pijler en actielijn: het gemiddelde van de fasevragen, naast de groepen.

        Aansluitpunt: een eigen fasemodule (deel 3) mag deze methode vervangen; de opmaak leest
        alleen de `FaseOnderdeel`-objecten.
        """
        fasen = laad_fasen()
        namen = [f.naam for f in fasen.fasen]
        alle = fasen_alle_gemeenten(self.b)
        minimum = self.b.params.onderdrukking_minimum
        uit = []
        for onderdeel, titel in self.b.codeboek.onderdelen.items():
            deel = [v for v in self.vergelijkingen if v.onderdeel == onderdeel]
            if not any(v.fase and v.onderdeel == onderdeel for v in self.b.codeboek.gesloten_vragen):
                continue
            eigen = alle.get(self.code, {}).get(onderdeel)
            fase = fasen.fase(eigen, 1) if eigen is not None else None
            groepen = {}
            for groep in GROEPEN:
                leden = [alle[c][onderdeel] for c in self.groepsleden(groep) if onderdeel in alle.get(c, {})]
                per_fase = [namen.index(fasen.fase(w, 1)) for w in leden]
                n_anderen = len(leden) - (eigen is not None)
                anderen = list(per_fase)
                if eigen is not None:
                    anderen.remove(namen.index(fase))
                reden = ""
                if n_anderen < minimum:
                    reden = f"minder dan {minimum} andere gemeenten met een fase"
                elif groep != "landelijk" and len(set(anderen)) == 1:
                    reden = "de andere gemeenten staan allemaal in dezelfde fase"
                if reden or not per_fase:
                    groepen[groep] = GroepFase(None, 0, len(leden), 0, reden or "geen fase")
                    continue
                tellingen = [per_fase.count(i) for i in range(len(namen))]
                meest = max(range(len(namen)), key=lambda i: (tellingen[i], i))
                eigen_index = namen.index(fase) if fase else 0
                groepen[groep] = GroepFase(
                    namen[meest], tellingen[meest], len(leden), sum(1 for i in per_fase if i >= eigen_index)
                )
            uit.append(FaseOnderdeel(onderdeel, titel, fase, tuple(v.korte_naam for v in deel), groepen))
        return tuple(uit)

    # -- verdelingen per vraag --------------------------------------------------------------
    def verdeling(self, vraag: Vraag, rij: str, rij_label: str) -> Verdeling:
        vorig = self.deed_vorig_jaar_mee
        vergelijkbaar = vorig and (vraag.id, rij) in self.b.vergelijkbaar
        eigen = set(self.eigen_opties(vraag, rij))
        vorige = set(self.eigen_opties(vraag, rij, "vorig_jaar")) if vergelijkbaar else set()
        eigen_n = int(self.beantwoord(vraag, rij))
        minimum = self.b.params.onderdrukking_minimum
        opties = []
        n: dict[str, int] = {}
        weg: dict[str, str] = {}
        namen = {g.sleutel: g.naam for g in self.groepen}
        for groep in GROEPEN:
            rijen = [self.cijfer(groep, vraag, rij, o.code) for o in vraag.opties]
            n[groep] = int(rijen[0]["n"])
            if all(_is_onderdrukt(r["onderdrukt"]) for r in rijen):
                weg[groep] = onderdrukt_zin(namen[groep], rijen[0]["onderdrukt"], n[groep] - eigen_n, minimum)
        for o in vraag.opties:
            cellen = {}
            for groep in GROEPEN:
                r = self.cijfer(groep, vraag, rij, o.code)
                onderdrukt = _is_onderdrukt(r["onderdrukt"])
                cellen[groep] = Cel(
                    None if onderdrukt else int(r["aantal"]),
                    int(r["n"]),
                    None if onderdrukt else float(r["percentage"]),
                    onderdrukt,
                )
            opties.append(
                Optieverdeling(o.code, o.label, o.code in eigen, (o.code in vorige) if vergelijkbaar else None, cellen)
            )
        return Verdeling(rij, rij_label, bool(eigen_n), vergelijkbaar, tuple(opties), n, weg)

    def vraaginhoud(self, vraag: Vraag) -> Vraaginhoud:
        rijen = [(r.code, r.label) for r in vraag.rijen] or [("", "")]
        verdelingen = tuple(self.verdeling(vraag, code, label) for code, label in rijen)
        noten = []
        if vraag.type == "meer":
            noten.append("Meer antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        if any(
            c.onderdrukt
            for d in verdelingen
            for o in d.opties
            for g, c in o.groepen.items()
            if g not in d.onderdrukte_groepen
        ):
            noten.append(
                "Niet getoond bij een antwoord: het cijfer zou laten zien wat de andere gemeenten in die groep kozen."
            )
        if self.deed_vorig_jaar_mee and not all(d.vergelijkbaar for d in verdelingen):
            noten.append(f"De vraag was in {self.vorig_jaar} anders gesteld: geen vergelijking met vorig jaar.")
        return Vraaginhoud(
            vraag.id, vraag.tekst, korte_naam(vraag), vraag.type, vraag.onderdeel, vraag.fase, verdelingen, tuple(noten)
        )

    # -- de hele inhoud ---------------------------------------------------------------------
    def kaart_inhoud(self) -> object | None:
        """Aansluitpunt deel 1 (buurtkaart): geeft de kaartinhoud, of None zolang die er niet is."""
        return None

    def tips_inhoud(self) -> tuple[Tip, ...]:
        """Aansluitpunt deel 3 (tips): de tips met reden en verwijzing; leeg zolang die er niet zijn."""
        return ()

    @cached_property
    def inhoud(self) -> FactsheetInhoud:
        info = self.info
        kop = Kop(
            self.code,
            self.naam,
            self.jaar,
            self.vorig_jaar,
            typografie(info["provincie_naam"]),
            int(info["inwoners"]),
            str(info["grootteklasse"]),
            tuple(self.namens),
            bool(self.fictief),
            len(self.b.deelnemers),
            str(info["ingediend_op"])[:10],
            str(self.b.deelnemers["ingediend_op"].max())[:10],
            __version__,
            self.deed_vorig_jaar_mee,
        )
        zinnen = kies(laad_teksten(TEKSTEN).samenvatting, self.velden(), MAX_KERNZINNEN)
        vragen = tuple(self.vraaginhoud(v) for v in self.b.codeboek.gesloten_vragen)
        verder = sorted((v for v in self.vergelijkingen if v.oordeel == "verder"), key=lambda v: -v.sterkte)
        achter = sorted((v for v in self.vergelijkingen if v.oordeel == "minder ver"), key=lambda v: -v.sterkte)
        return FactsheetInhoud(
            kop=kop,
            kernboodschap=tuple(Zin(t, i) for i, t in zinnen),
            groepen=self.groepen,
            fasen=self.fasen_per_onderdeel(),
            fase_uitleg=tuple((f.naam, f.uitleg) for f in laad_fasen().fasen),
            vooruit=tuple(verder[:STERKSTE]),
            achter=tuple(achter[:STERKSTE]),
            onderdelen=tuple(self.b.codeboek.onderdelen.items()),
            vragen=vragen,
            noten=self.noten(vragen),
            onderdrukking_minimum=self.b.params.onderdrukking_minimum,
            ontbrekende_groepen=self.ontbrekende_groepen(vragen),
            kaart=self.kaart_inhoud(),
            tips=self.tips_inhoud(),
        )

    def ontbrekende_groepen(self, vragen: tuple[Vraaginhoud, ...]) -> tuple[str, ...]:
        verdelingen = [d for v in vragen for d in v.verdelingen]
        return tuple(g for g in GROEPEN if all(g in d.onderdrukte_groepen for d in verdelingen))

    def noten(self, vragen: tuple[Vraaginhoud, ...]) -> tuple[str, ...]:
        """Kanttekeningen bij de hele factsheet: een groep die bij (bijna) elke vraag ontbreekt."""
        uit = []
        verdelingen = [d for v in vragen for d in v.verdelingen]
        for g in self.groepen:
            weg = sum(g.sleutel in d.onderdrukte_groepen for d in verdelingen)
            if weg == len(verdelingen):
                anderen = g.aantal_gemeenten - 1
                uit.append(
                    f"{g.naam}: bij geen enkele vraag getoond. In deze groep deed{'en' if anderen != 1 else ''} "
                    f"{getal(anderen)} andere gemeente{'n' if anderen != 1 else ''} mee; er zijn er minimaal "
                    f"{self.b.params.onderdrukking_minimum} nodig om een groepscijfer te tonen zonder dat het iets "
                    "over één gemeente verraadt."
                )
            elif weg > len(verdelingen) / 2:
                uit.append(f"{g.naam}: bij {weg} van de {len(verdelingen)} vragen niet getoond (te weinig gemeenten).")
        return tuple(uit)

    # -- blokken (opmaak in opmaak_factsheet.py) --------------------------------------------
    def kop(self) -> list:
        return opmaak.kop(self.inhoud)

    def samenvatting(self) -> list:
        return opmaak.kernboodschap(self.inhoud)

    def kaart(self) -> list:
        kaart = self.inhoud.kaart
        if kaart is not None and hasattr(kaart, "blokken"):
            return kaart.blokken()
        return opmaak.kaart(self.inhoud)

    def fasen(self) -> list:
        return opmaak.fasen(self.inhoud)

    def vergelijking(self) -> list:
        return opmaak.vergelijking(self.inhoud)

    def tips(self) -> list:
        return opmaak.tips(self.inhoud)

    def onderdeel(self, sleutel: str) -> list:
        return opmaak.onderdeel(self.inhoud, sleutel)

    def alle_vragen(self) -> list:
        blokken = opmaak.inleiding_vragen(self.inhoud)
        for sleutel, _ in self.inhoud.onderdelen:
            blokken += self.onderdeel(sleutel)
        return blokken

    def verantwoording(self) -> list:
        return opmaak.verantwoording(self.inhoud)

    def blokken(self) -> list:
        return (
            self.kop()
            + self.samenvatting()
            + self.kaart()
            + self.fasen()
            + self.vergelijking()
            + self.tips()
            + self.alle_vragen()
            + self.verantwoording()
        )
