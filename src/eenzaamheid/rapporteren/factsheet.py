"""Eén factsheet: eerst de inhoud uitrekenen (`Factsheet.inhoud`, een `FactsheetInhoud`), dan tonen.

Elk getal in de tekst komt uit `Benchmark.cijfers`, dezelfde tabel die als `cijfers.csv` naast
de factsheet staat. De blokken (`kop()`, `samenvatting()`, `kaart()`, ...) laten de opmaak in
`opmaak_factsheet.py` de inhoud omzetten; het notebook `notebooks/factsheet.ipynb` roept alleen
die methoden aan.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from .. import __version__
from ..config import REGELS
from ..inlezen.codeboek import Vraag
from ..inlezen.params import lees_params
from ..regels import controleer_velden, kies, laad_teksten
from ..verwerken.cijfers import Benchmark
from ..verwerken.fasen import fasevraag
from ..verwerken.openbaarmaking import REDENEN, reden_zin
from ..verwerken.opslag import lees_verwerkt, stempel
from . import opmaak_factsheet as opmaak
from . import tipsdeel
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
from .tekstdelen import korte_naam, opsomming, typografie, typografie_tekst
from .weergave import Tekst

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


@lru_cache(maxsize=2)
def _benchmark(params_bestand: str, stempel: tuple) -> Benchmark:
    params = lees_params(Path(params_bestand))
    controleer_velden(laad_teksten(TEKSTEN), GETALLEN, WOORDEN, TEKSTEN)
    return Benchmark(lees_verwerkt(params))


def benchmark(params_bestand) -> Benchmark:
    """Eén keer per kernel geladen; opnieuw als de nette tabellen intussen veranderd zijn."""
    pad = Path(params_bestand).resolve()
    return _benchmark(str(pad), stempel(lees_params(pad)))


def _is_onderdrukt(waarde) -> bool:
    return str(waarde).strip() not in ("", "0", "False", "nan", "<NA>")


class Factsheet:
    def __init__(self, bench: Benchmark, gemeente_code: str):
        self.b = bench
        self.code = gemeente_code
        # Met de fasecijfers (`fase_<onderdeel>`): elk groepscijfer dat de factsheet toont, staat in cijfers.csv.
        self.cijfers = tipsdeel.factsheetcijfers(bench, gemeente_code)
        self.info = bench.deelnemers.loc[gemeente_code]
        # `naam` gaat in Markdown en in de zinnen van de regels (letterlijk gemaakt); `naam_tekst` in de
        # inhoud, die de opmaak zelf escapet voor HTML en Typst.
        self.naam = typografie(self.info["gemeente_naam"])
        self.naam_tekst = typografie_tekst(self.info["gemeente_naam"])
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
        return [typografie_tekst(namen[c]) for c in filter(None, str(self.info["overige_gemeenten"]).split("|"))]

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
            "provincie": f"Provincie {typografie_tekst(self.info['provincie_naam'])}",
            "grootteklasse": f"Gemeenten met {self.info['grootteklasse']}",
        }
        return tuple(Groep(g, namen[g], len(self.groepsleden(g))) for g in GROEPEN)

    # -- fasen en vergelijking --------------------------------------------------------------
    @cached_property
    def _fasevragen(self) -> list[tuple[Vraag, int, Vergelijking]]:
        fasen = tipsdeel.regels(self.b).fasen
        uit = []
        for vraag in self.b.codeboek.gesloten_vragen:
            if not vraag.fase or vraag.type != "enkel" or not self.beantwoord(vraag):
                continue
            if vraag.id in fasen.buiten_fase:  # geen groeischaal (afhankelijkheid van tijdelijk geld)
                continue
            optie = vraag.optie(self.eigen_opties(vraag)[0])
            rang = optie.rang
            landelijk = {o.code: self.cijfer("landelijk", vraag, "", o.code) for o in vraag.opties}
            n = landelijk[vraag.opties[0].code]["n"]
            if pd.isna(n):
                continue  # landelijk verborgen (te weinig antwoorden): geen vergelijking
            n = int(n)
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
        namens = [typografie(n) for n in self.namens]
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

    @cached_property
    def tipsinhoud(self) -> tipsdeel.Tipsinhoud:
        return tipsdeel.inhoud(self.b, self.code, self.cijfers, self.kaartbevindingen())

    def fasen_per_onderdeel(self) -> tuple[FaseOnderdeel, ...]:
        """De fase per pijler en actielijn (`verwerken/fasen.py`, regels in `rules/fasen.yml`), naast hoe de
        groepen over de fasen verdeeld zijn: uit de rijen `fase_<onderdeel>` van cijfers.csv, met dezelfde
        onderdrukking als elk ander groepscijfer."""
        fasen = tipsdeel.regels(self.b).fasen
        sleutels = fasen.sleutels
        uit = []
        for onderdeel, titel in self.b.codeboek.onderdelen.items():
            eigen = self.tipsinhoud.fasen.get(onderdeel)
            if eigen is None:
                continue
            fase = fasen.per_sleutel(eigen.sleutel).naam if eigen.sleutel else None
            vragen = tuple(v.korte_naam for v in self.vergelijkingen if v.onderdeel == onderdeel)
            groepen = {}
            for groep in GROEPEN:
                rijen = [self._per_groep.get(groep, {}).get((fasevraag(onderdeel), "", k)) for k in sleutels]
                if any(r is None for r in rijen):
                    continue
                n = int(rijen[0]["n"]) if not _is_onderdrukt(rijen[0]["onderdrukt"]) else 0
                if any(_is_onderdrukt(r["onderdrukt"]) for r in rijen):
                    groepen[groep] = GroepFase(None, 0, n, 0, "te weinig gemeenten om te tonen")
                    continue
                tellingen = [int(r["aantal"]) for r in rijen]
                meest = max(range(len(sleutels)), key=lambda i: (tellingen[i], i))
                eigen_index = sleutels.index(eigen.sleutel) if eigen.sleutel else 0
                groepen[groep] = GroepFase(
                    fasen.per_sleutel(sleutels[meest]).naam,
                    tellingen[meest],
                    n,
                    sum(tellingen[eigen_index:]),
                )
            zinnen = tuple(z.tekst for z in self.tipsinhoud.fasezinnen.get(onderdeel, []))
            uit.append(FaseOnderdeel(onderdeel, titel, fase, vragen, groepen, zinnen))
        return tuple(uit)

    # -- verdelingen per vraag --------------------------------------------------------------
    def verdeling(self, vraag: Vraag, rij: str, rij_label: str) -> Verdeling:
        vorig = self.deed_vorig_jaar_mee
        vergelijkbaar = vorig and (vraag.id, rij) in self.b.vergelijkbaar
        eigen = set(self.eigen_opties(vraag, rij))
        vorige = set(self.eigen_opties(vraag, rij, "vorig_jaar")) if vergelijkbaar else set()
        eigen_n = int(self.beantwoord(vraag, rij))
        opties = []
        n: dict[str, int] = {}
        weg: dict[str, str] = {}
        for groep in GROEPEN:
            rijen = [self.cijfer(groep, vraag, rij, o.code) for o in vraag.opties]
            # Geen n naast verborgen cellen: een groep met alleen verborgen cellen heeft geen n.
            getoond = [r["n"] for r in rijen if not pd.isna(r["n"])]
            n[groep] = int(getoond[0]) if getoond else 0
            if all(_is_onderdrukt(r["onderdrukt"]) for r in rijen):
                weg[groep] = self.reden_verborgen(groep, vraag.id, rij)
        for o in vraag.opties:
            cellen = {}
            for groep in GROEPEN:
                r = self.cijfer(groep, vraag, rij, o.code)
                onderdrukt = _is_onderdrukt(r["onderdrukt"])
                cellen[groep] = Cel(
                    None if onderdrukt else int(r["aantal"]),
                    n[groep],
                    None if onderdrukt else float(r["percentage"]),
                    onderdrukt,
                )
            opties.append(
                Optieverdeling(o.code, o.label, o.code in eigen, (o.code in vorige) if vergelijkbaar else None, cellen)
            )
        return Verdeling(rij, rij_label, bool(eigen_n), vergelijkbaar, tuple(opties), n, weg)

    def reden_verborgen(self, groep: str, vraag_id: str, rij: str) -> str:
        """Waarom een groep bij een vraag ontbreekt, in één zin (`verwerken/openbaarmaking.reden_zin`)."""
        minimum = self.b.params.onderdrukking_minimum
        if groep == "landelijk":
            return f"Landelijk: niet getoond, want minder dan {minimum + 1} gemeenten beantwoordden deze vraag."
        kolom, naam = {
            "provincie": ("provincie_code", typografie_tekst(self.info["provincie_naam"])),
            "grootteklasse": ("grootteklasse", str(self.info["grootteklasse"])),
        }[groep]
        # Fasecijfers staan niet bij de vragen: hun beslissing staat bij de fasen.
        deze = self.b.redenen(groep, self.info[kolom]).get((vraag_id, rij), {"klein"})
        reden = next((r for r in REDENEN if r in deze), "klein")
        return reden_zin(groep, naam, reden, minimum)

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
    @cached_property
    def kaartinhoud(self):
        """Buurtkaart en haar zinnen (`verwerken/kaart.py`); `.bevindingen` is er voor de tips."""
        from ..verwerken.gebieden import laad_gebieden
        from ..verwerken.kaart import kaart_inhoud

        return kaart_inhoud(laad_gebieden(self.b.params), self.code, self.naam)

    def kaartbevindingen(self) -> dict:
        """Wat de buurtkaart opvalt, voor tips (`kaart.opvallende_buurten`, `kaart.heeft_cijfers`, ...)."""
        return dict(self.kaartinhoud.bevindingen)

    def kaart_inhoud(self):
        return self.kaartinhoud

    def tips_inhoud(self) -> tuple[Tip, ...]:
        """De getoonde tips (`verwerken/tips.py`, catalogus in `rules/tips.yml`), hoogste prioriteit eerst."""
        return tuple(Tip(t.tekst, t.reden, t.adres, t.materiaal) for t in self.tipsinhoud.getoond)

    def zinnen(self) -> list[tuple[str, str, str]]:
        """Elke gekozen zin van de factsheet met het deel en de id van zijn regel (teksten.csv)."""
        return (
            [("samenvatting", z.regel, z.tekst) for z in self.inhoud.kernboodschap]
            + [("kaart", z.regel, z.tekst) for z in self.kaartinhoud.zinnen]
            + tipsdeel.fasezinnen(self.tipsinhoud)
            + tipsdeel.tipzinnen(self.tipsinhoud)
        )

    @cached_property
    def inhoud(self) -> FactsheetInhoud:
        info = self.info
        kop = Kop(
            self.code,
            self.naam_tekst,
            self.jaar,
            self.vorig_jaar,
            typografie_tekst(info["provincie_naam"]),
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
        zinnen = kies(laad_teksten(TEKSTEN).samenvatting, self.velden())[:MAX_KERNZINNEN]
        vragen = tuple(self.vraaginhoud(v) for v in self.b.codeboek.gesloten_vragen)
        verder = sorted((v for v in self.vergelijkingen if v.oordeel == "verder"), key=lambda v: -v.sterkte)
        achter = sorted((v for v in self.vergelijkingen if v.oordeel == "minder ver"), key=lambda v: -v.sterkte)
        return FactsheetInhoud(
            kop=kop,
            kernboodschap=tuple(Zin(z.tekst, z.regel) for z in zinnen),
            groepen=self.groepen,
            fasen=self.fasen_per_onderdeel(),
            fase_uitleg=tuple((f.naam, f.uitleg) for f in tipsdeel.regels(self.b).fasen.fasen),
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
        from ..verwerken.gebieden import laad_gebieden
        from .kaart import kaartblokken

        bekend = laad_gebieden(self.b.params).heeft_tabel
        return [Tekst("## Hoe groot is eenzaamheid in de buurten?\n")] + kaartblokken(
            self.kaartinhoud, self.fictief, bekend
        )

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
