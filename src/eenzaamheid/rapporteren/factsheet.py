"""De inhoud van één factsheet: kop, samenvatting, per actielijn en pijler de benchmark.

Elk getal in de tekst komt uit `Benchmark.cijfers`, dezelfde tabel die als `cijfers.csv` naast
de factsheet staat. Het notebook `notebooks/factsheet.ipynb` roept alleen deze functies aan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ..config import REGELS
from ..inlezen.codeboek import Vraag
from ..inlezen.params import lees_params
from ..inlezen.yamlbestand import lees_yaml
from ..regels import controleer_velden, laad_fasen, laad_teksten, vul_in
from ..verwerken.cijfers import Benchmark
from ..verwerken.openbaarmaking import REDENEN, reden_zin
from ..verwerken.opslag import lees_verwerkt, stempel
from . import grafieken
from .getallen import getal, procent
from .weergave import Grafiek, Tabel, Tekst

GEKOZEN = "●"
GETALLEN = {
    "aantal_vragen",
    "aantal_beantwoord",
    "aantal_fasevragen",
    "aantal_verder",
    "aantal_vergelijkbaar",
    "aantal_minder_ver",
    "aantal_namens",
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


def cel(tekst: str) -> str:
    return str(tekst).replace("|", "\\|")


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


@lru_cache(maxsize=2)
def _benchmark(params_bestand: str, stempel: tuple) -> Benchmark:
    params = lees_params(Path(params_bestand))
    controleer_velden(laad_teksten(TEKSTEN), GETALLEN, WOORDEN, TEKSTEN)
    return Benchmark(lees_verwerkt(params))


def benchmark(params_bestand) -> Benchmark:
    """Eén keer per kernel geladen; opnieuw als de nette tabellen intussen veranderd zijn."""
    pad = Path(params_bestand).resolve()
    return _benchmark(str(pad), stempel(lees_params(pad)))


@dataclass
class Vergelijking:
    vraag: Vraag
    rang: int
    fase: str
    oordeel: str  # verder | vergelijkbaar | minder ver


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
        self._teller = 0

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

    groepskoppen = {"landelijk": "Landelijk", "provincie": "Provincie", "grootteklasse": "Grootteklasse"}

    # -- fasen en vergelijking --------------------------------------------------------------
    @cached_property
    def vergelijkingen(self) -> list[Vergelijking]:
        fasen = laad_fasen()
        uit = []
        for vraag in self.b.codeboek.gesloten_vragen:
            if not vraag.fase or vraag.type != "enkel" or not self.beantwoord(vraag):
                continue
            rang = vraag.optie(self.eigen_opties(vraag)[0]).rang
            landelijk = {o.code: self.cijfer("landelijk", vraag, "", o.code) for o in vraag.opties}
            n = landelijk[vraag.opties[0].code]["n"]
            if pd.isna(n):
                continue  # landelijk verborgen (te weinig antwoorden): geen vergelijking
            lager = sum(landelijk[o.code]["aantal"] for o in vraag.opties if o.rang < rang) / n
            hoger = sum(landelijk[o.code]["aantal"] for o in vraag.opties if o.rang > rang) / n
            drempel = fasen.vergelijking_drempel
            oordeel = "verder" if lager >= drempel else "minder ver" if hoger >= drempel else "vergelijkbaar"
            uit.append(Vergelijking(vraag, rang, fasen.fase(rang, vraag.max_rang), oordeel))
        return uit

    @cached_property
    def ontwikkeling(self) -> dict[str, list[str]]:
        """Fasevragen die in beide jaren vergelijkbaar zijn: vooruit, achteruit of gelijk."""
        uit = {"vooruit": [], "achteruit": [], "gelijk": []}
        if not self.deed_vorig_jaar_mee:
            return uit
        for v in self.vergelijkingen:
            vorig = self.eigen_opties(v.vraag, groep="vorig_jaar")
            if (v.vraag.id, "") not in self.b.vergelijkbaar or not vorig:
                continue
            rang_toen = v.vraag.optie(vorig[0]).rang
            uit["vooruit" if v.rang > rang_toen else "achteruit" if v.rang < rang_toen else "gelijk"].append(
                korte_naam(v.vraag)
            )
        return uit

    def velden(self) -> dict:
        vragen = [(v, r) for v in self.b.codeboek.gesloten_vragen for r in v.rij_codes]
        per_oordeel = {
            o: [korte_naam(v.vraag) for v in self.vergelijkingen if v.oordeel == o]
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
            "namens": opsomming(namens),
            "vorig_jaar_deelgenomen": int(self.deed_vorig_jaar_mee),
            "aantal_vooruit": len(self.ontwikkeling["vooruit"]),
            "aantal_achteruit": len(self.ontwikkeling["achteruit"]),
            "aantal_gelijk_gebleven": len(self.ontwikkeling["gelijk"]),
            "vooruit_lijst": opsomming(self.ontwikkeling["vooruit"]),
            "achteruit_lijst": opsomming(self.ontwikkeling["achteruit"]),
        }

    # -- blokken ----------------------------------------------------------------------------
    def kop(self) -> list:
        fictief = (
            (
                "\n\n::: {.fictief}\n**Fictieve gegevens.** Deze factsheet is gemaakt op verzonnen "
                "demogegevens; de gemeente en haar antwoorden bestaan niet.\n:::\n"
            )
            if self.fictief
            else ""
        )
        return [
            Tekst(
                f"::: {{.kop}}\n**Benchmark Eén tegen eenzaamheid {self.jaar}**\n\n"
                f"# Factsheet {self.naam}\n\n"
                f"Provincie {typografie(self.info['provincie_naam'])} · {getal(self.info['inwoners'])} inwoners · "
                f"grootteklasse {self.info['grootteklasse']} · gemeentecode {self.code}\n\n"
                f"Vragenlijst ingevuld namens {self.namens_tekst}\n:::\n{fictief}"
            )
        ]

    @cached_property
    def namens(self) -> list[str]:
        """De andere gemeenten waarvoor de respondent de vragenlijst invulde."""
        namen = self.b.verwerkt.gemeenten[self.jaar].set_index("gemeente_code")["gemeente_naam"]
        return [typografie(namen[c]) for c in filter(None, str(self.info["overige_gemeenten"]).split("|"))]

    @property
    def namens_tekst(self) -> str:
        return opsomming([self.naam] + self.namens)

    def samenvatting(self) -> list:
        zinnen = vul_in(laad_teksten(TEKSTEN).samenvatting, self.velden())
        fasen = self.fasen_per_onderdeel()
        tabel = ["| Onderdeel | Fase | Op basis van |", "|---|---|---|"]
        for onderdeel, (fase, vragen) in fasen.items():
            tabel.append(f"| {cel(self.b.codeboek.onderdelen[onderdeel])} | {fase} | {cel(opsomming(vragen))} |")
        return [
            Tekst(
                "## In het kort\n\n::: {.samenvatting}\n" + "\n\n".join(zinnen) + "\n:::\n\n"
                "### Fase per actielijn en pijler\n\n"
                + "\n".join(tabel)
                + "\n\n"
                + noot(
                    "De fase volgt uit de antwoorden op de fasevragen (oplopende antwoordschalen); "
                    "bij meer vragen het gemiddelde."
                )
            )
        ]

    def fasen_per_onderdeel(self) -> dict[str, tuple[str, list[str]]]:
        fasen = laad_fasen()
        uit = {}
        for onderdeel in self.b.codeboek.onderdelen:
            deel = [v for v in self.vergelijkingen if v.vraag.onderdeel == onderdeel]
            if deel:
                gemiddeld = sum(v.rang / v.vraag.max_rang for v in deel) / len(deel)
                uit[onderdeel] = (fasen.fase(gemiddeld, 1), [korte_naam(v.vraag) for v in deel])
        return uit

    def kaart(self) -> list:
        return [
            Tekst(
                "## 1. Hoe groot is eenzaamheid?\n\n"
                + noot(
                    "Op deze plek komt de buurtkaart met de RIVM-cijfers over eenzaamheid en de tekst die daarbij hoort."
                )
            )
        ]

    def inleiding_aanpak(self) -> list:
        return [
            Tekst(
                f"## 2. Wat doet {self.naam}?\n\n"
                f"Per actielijn en pijler staan hieronder de antwoorden van {self.naam} naast die van alle "
                f"deelnemende gemeenten (landelijk), de gemeenten in de provincie en de gemeenten van "
                f"dezelfde grootte. Percentages zijn van het aantal gemeenten dat de vraag beantwoordde (n). "
                f"{GEKOZEN} = het antwoord van {self.naam}.\n\n"
                f"- **Landelijk**: alle {getal(len(self.b.deelnemers))} deelnemende gemeenten\n"
                f"- **Provincie**: de {getal(self.groepsgrootte('provincie_code'))} deelnemende gemeenten in "
                f"{typografie(self.info['provincie_naam'])}\n"
                f"- **Grootteklasse**: de {getal(self.groepsgrootte('grootteklasse'))} deelnemende gemeenten met "
                f"{self.info['grootteklasse']}\n"
            )
        ]

    def groepsgrootte(self, kolom: str) -> int:
        return int((self.b.deelnemers[kolom] == self.info[kolom]).sum())

    def onderdeel(self, sleutel: str) -> list:
        codeboek = self.b.codeboek
        vragen = [v for v in codeboek.gesloten_vragen if v.onderdeel == sleutel]
        if not vragen:
            return []
        blokken: list = [Tekst(f"### {codeboek.onderdelen[sleutel]}\n")]
        eigen_fasen = [v for v in self.vergelijkingen if v.vraag.onderdeel == sleutel]
        if eigen_fasen:
            regels = [
                f"- **{korte_naam(v.vraag).capitalize()}**: {v.fase.lower()}; {self.oordeel_tekst(v)}."
                for v in eigen_fasen
            ]
            blokken.append(Tekst("\n".join(regels) + "\n"))
        grafiek = self.grafiek_onderdeel(sleutel, [v for v in vragen if v.type != "matrix"])
        if grafiek is not None:
            blokken.append(grafiek)
        for vraag in vragen:
            if vraag.type == "matrix" and (grafiek := self.grafiek_matrix(vraag)) is not None:
                blokken.append(grafiek)
            blokken += self.tabel(vraag)
        return blokken

    def oordeel_tekst(self, v: Vergelijking) -> str:
        return {
            "verder": "verder dan de meeste gemeenten",
            "minder ver": "minder ver dan de meeste gemeenten",
            "vergelijkbaar": "vergelijkbaar met de meeste gemeenten",
        }[v.oordeel]

    def _onderschrift(self, extra: str = "") -> list[str]:
        bron = f"Bron: Benchmark Eén tegen eenzaamheid {self.jaar}" + (" (fictieve gegevens)" if self.fictief else "")
        n = max((c["n"] for c in self._per_groep["landelijk"].values() if not pd.isna(c["n"])), default=0)
        regels = [
            f"% van de gemeenten die de vraag beantwoordden (landelijk n ≤ {n}; n per vraag in de tabellen).",
            f"Niet getoond: cijfers die een andere gemeente herkenbaar maken. {extra}".strip(),
            bron,
        ]
        return regels

    def grafiek_onderdeel(self, sleutel: str, vragen: list[Vraag]) -> Grafiek | None:
        """Per beantwoorde vraag: het aandeel van elke groep met hetzelfde antwoord als de gemeente."""
        rijen = []
        for vraag in vragen:
            for code in self.eigen_opties(vraag):
                label = f"{korte_naam(vraag).capitalize()}: {vraag.optie(code).label.lower()}"
                for groep in ("landelijk", "provincie", "grootteklasse"):
                    r = self.cijfer(groep, vraag, "", code)
                    if r["onderdrukt"] == 1:
                        continue
                    rijen.append(
                        {
                            "label": label if len(label) <= 64 else label[:62] + "…",
                            "reeks": grafieken.GROEPLABELS[groep],
                            "percentage": float(r["percentage"]),
                            "aantal": int(r["aantal"]),
                            "n": int(r["n"]),
                        }
                    )
        if not rijen:
            return None
        df = pd.DataFrame(rijen)
        titel = f"{self.b.codeboek.onderdelen[sleutel]}: hoeveel gemeenten antwoordden als {self.naam}?"
        reeksen = grafieken.groepsreeksen()
        grafiek = grafieken.staven(
            df, titel, self._onderschrift(), reeksen, "% van de gemeenten met hetzelfde antwoord"
        )
        return Grafiek(
            naam=sleutel,
            grafiek=grafiek,
            typst=grafieken.typst_staven(df, titel, self._onderschrift(), reeksen),
            cijfers=df.rename(columns={"label": "vraag en antwoord", "reeks": "groep"}),
            beschrijving=f"Staafdiagram: per vraag uit {self.b.codeboek.onderdelen[sleutel]} het percentage "
            f"gemeenten (landelijk, provincie, grootteklasse) met hetzelfde antwoord als {self.naam}.",
        )

    def grafiek_matrix(self, vraag: Vraag) -> Grafiek | None:
        rijen = []
        for r in vraag.rijen:
            eigen = [vraag.optie(c).label for c in self.eigen_opties(vraag, r.code)]
            label = r.label + (f" (uw antwoord: {eigen[0].lower()})" if eigen else " (niet beantwoord)")
            for i, o in enumerate(vraag.opties):
                x = self.cijfer("landelijk", vraag, r.code, o.code)
                if x["onderdrukt"] == 1:
                    continue
                rijen.append(
                    {
                        "rij_label": label,
                        "optie_label": o.label,
                        "volgorde": i,
                        "percentage": float(x["percentage"]),
                        "aantal": int(x["aantal"]),
                        "n": int(x["n"]),
                    }
                )
        if not rijen:
            return None
        df = pd.DataFrame(rijen)
        titel, onderschrift = korte_naam(vraag).capitalize() + " (landelijk)", self._onderschrift()[::2]
        opties = [o.label for o in vraag.opties]
        grafiek = grafieken.matrixbalken(df, titel, onderschrift, opties)
        return Grafiek(
            naam=vraag.id,
            grafiek=grafiek,
            cijfers=df.drop(columns=["volgorde"]),
            typst=grafieken.typst_stapelstaven(df, titel, onderschrift, opties),
            beschrijving=f"Gestapeld staafdiagram: {vraag.tekst} Landelijke verdeling per onderdeel.",
        )

    def _groepcel(self, groep: str, vraag: Vraag, rij: str, optie: str) -> str:
        r = self.cijfer(groep, vraag, rij, optie)
        if r["onderdrukt"] == 1:
            return "–*"
        return procent(r["percentage"])

    def _n(self, groep: str, vraag: Vraag, rij: str) -> int | None:
        """n van een groep bij een vraag(rij), of None als de hele rij verborgen is (geen n naast verborgen cellen)."""
        for o in vraag.opties:
            n = self.cijfer(groep, vraag, rij, o.code)["n"]
            if not pd.isna(n):
                return int(n)
        return None

    def _n_cel(self, groep: str, vraag: Vraag, rij: str) -> str:
        n = self._n(groep, vraag, rij)
        return "" if n is None else getal(n)

    def redenen_verborgen(self, vraag: Vraag) -> list[str]:
        """Per groep met verborgen cijfers bij deze vraag: één zin waarom (`openbaarmaking.reden_zin`)."""
        zinnen = []
        for groep, kolom in (("provincie", "provincie_code"), ("grootteklasse", "grootteklasse")):
            redenen = self.b.onderdrukking(groep, self.info[kolom]).loc[vraag.id, "reden"]
            gevonden = [r for r in REDENEN if (redenen == r).any()]
            if gevonden:
                naam = self.info["provincie_naam"] if groep == "provincie" else self.info["grootteklasse"]
                zinnen.append(reden_zin(groep, typografie(naam), gevonden[0], self.b.params.onderdrukking_minimum))
        return zinnen

    def tabel(self, vraag: Vraag) -> list:
        """Kop, tabel en noten van één vraag: eigen antwoord, vorig jaar en de drie groepen."""
        groepen = ["landelijk", "provincie", "grootteklasse"]
        vorig = self.deed_vorig_jaar_mee
        matrix = vraag.type == "matrix"
        kop = (
            (["Onderdeel"] if matrix else [])
            + ["Antwoord", self.naam]
            + ([str(self.vorig_jaar)] if vorig else [])
            + [self.groepskoppen[g] for g in groepen]
        )
        breedtes = ([18] if matrix else []) + [22 if matrix else 30, 14] + ([8] if vorig else []) + [10] * len(groepen)
        rijen: list[list[str]] = []
        voet: list[int] = []
        onderdrukt = False
        for r in vraag.rijen or [None]:
            rij = r.code if r else ""
            eigen = self.eigen_opties(vraag, rij)
            vorige = self.eigen_opties(vraag, rij, "vorig_jaar") if vorig else []
            vergelijkbaar = (vraag.id, rij) in self.b.vergelijkbaar
            for i, o in enumerate(vraag.opties):
                cellen = ([r.label if i == 0 else ""] if r else []) + [o.label, GEKOZEN if o.code in eigen else ""]
                if vorig:
                    cellen.append(GEKOZEN if o.code in vorige else ("" if vergelijkbaar else "·"))
                for g in groepen:
                    waarde = self._groepcel(g, vraag, rij, o.code)
                    onderdrukt |= waarde.startswith("–")
                    cellen.append(waarde)
                rijen.append(cellen)
            if not matrix:
                n_rij = ["Aantal gemeenten (n)", "beantwoord" if self.beantwoord(vraag, rij) else "niet beantwoord"]
                if vorig:
                    n_rij.append("" if vergelijkbaar else "niet vergelijkbaar")
                voet.append(len(rijen))
                rijen.append(n_rij + [self._n_cel(g, vraag, rij) for g in groepen])
        if matrix:
            voet.append(len(rijen))
            rijen.append(
                ["", "Aantal gemeenten (n), per onderdeel ten hoogste", ""]
                + ([""] if vorig else [])
                + [getal(max((self._n(g, vraag, r.code) or 0) for r in vraag.rijen)) for g in groepen]
            )
        noten = []
        if vraag.type == "meer":
            noten.append("Meer antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        if onderdrukt:
            noten += [f"\\* {zin}" for zin in self.redenen_verborgen(vraag)]
        if vorig and not all((vraag.id, r) in self.b.vergelijkbaar for r in vraag.rij_codes):
            noten.append(f"· De vraag was in {self.vorig_jaar} anders gesteld: geen vergelijking.")
        blokken: list = [
            Tekst(f"#### {vraag.tekst}\n"),
            Tabel(kop, rijen, breedtes, rechts=len(groepen), voetrijen=tuple(voet)),
        ]
        if noten:
            blokken.append(Tekst("\n".join(noot(n) for n in noten)))
        return blokken

    def tips(self) -> list:
        return [
            Tekst(
                "## 3. Wat kan de gemeente nog meer doen?\n\n"
                + noot(
                    "Op deze plek komen de tips die uit de antwoorden volgen, met verwijzingen naar de toolkits van het "
                    "actieprogramma."
                )
            )
        ]

    def verantwoording(self) -> list:
        p = self.b.params
        n = len(self.b.deelnemers)
        return [
            Tekst(
                "## Verantwoording\n\n"
                f"- **Bron**: de vragenlijst van de Benchmark Eén tegen eenzaamheid {self.jaar}, ingevuld door {getal(n)} "
                f"gemeenten{' (fictieve gegevens)' if self.fictief else ''}. Bij meer inzendingen van één gemeente telt de laatste.\n"
                "- **Vergelijkingsgroepen**: landelijk = alle deelnemende gemeenten; provincie = de deelnemende gemeenten "
                "in dezelfde provincie; grootteklasse = de deelnemende gemeenten met een vergelijkbaar aantal inwoners. "
                f"{self.naam} telt in elke groep mee.\n"
                "- **Percentages** zijn van het aantal gemeenten dat de vraag beantwoordde (n), afgerond op hele procenten.\n"
                f"- **Niet getoond** wordt een groepscijfer als minder dan {p.onderdrukking_minimum} andere gemeenten de "
                f"vraag in die groep beantwoordden, als 1 tot {p.onderdrukking_klein} gemeenten (of op zo veel na allemaal) "
                "een antwoord gaven, en als het samen met andere cijfers in deze factsheet of het landelijke overzicht het "
                "antwoord van een andere gemeente zou verraden. Dat is per groep beslist, in elke factsheet hetzelfde, en "
                "voor de publicatie exact nagerekend. Het landelijke cijfer is altijd compleet.\n"
                "- **Fase en vergelijking**: bij fasevragen vormen de antwoorden een oplopende schaal. 'Verder dan de meeste "
                "gemeenten' betekent dat minstens de helft van alle gemeenten die de vraag beantwoordden een lagere fase "
                "opgaf; 'minder ver' dat minstens de helft een hogere fase opgaf; anders 'vergelijkbaar'.\n"
                + (
                    f"- **Vorig jaar**: het eigen antwoord uit {self.vorig_jaar}, alleen bij vragen die in beide jaren "
                    "hetzelfde gesteld zijn; bij een herindeling het antwoord van de voorganger.\n"
                    if self.vorig_jaar
                    else ""
                )
                + "- **Alle cijfers** van deze factsheet staan in `cijfers.csv` naast dit bestand.\n"
            )
        ]

    def blokken(self) -> list:
        blokken = self.kop() + self.samenvatting() + self.kaart() + self.inleiding_aanpak()
        for sleutel in self.b.codeboek.onderdelen:
            blokken += self.onderdeel(sleutel)
        return blokken + self.tips() + self.verantwoording()
