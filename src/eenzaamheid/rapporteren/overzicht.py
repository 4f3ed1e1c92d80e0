"""De overzichtsrapportage voor het ministerie: alleen geaggregeerde cijfers.

Secties als in de overzichtsrapportage 2020 (seed 003): inleiding, aanpak en methode, respons,
samenvatting, per actielijn en pijler elke indicator (meetjaar, vorig jaar, panel), corona,
uitdagingen en ondersteuningsbehoeften. Elk getal komt uit `Overzichtscijfers`; dezelfde tabel
staat in `overzicht_cijfers.csv` en in het Excel-bestand.
"""

from __future__ import annotations

import re
import time
from functools import cached_property, lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from ..config import MAP_OVERZICHT, OVERZICHT_NOTEBOOK, REGELS
from ..fouten import InvoerFout
from ..huisstijl import laad_huisstijl
from ..inlezen.codeboek import Codeboek, Vraag
from ..inlezen.params import Params, lees_params
from ..regels import Tekstregel, laad_teksten, suggestie, vul_in
from ..verwerken.opslag import lees_verwerkt, stempel
from ..verwerken.overzicht import Overzichtscijfers, vertegenwoordigd
from . import grafieken
from .factsheet import cel, korte_naam, noot, opsomming, typografie
from .getallen import getal, procent
from .weergave import Grafiek, Tabel, Tekst

TEKSTEN = REGELS / "overzicht_teksten.yml"
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


def datum(t: pd.Timestamp) -> str:
    return f"{t.day} {MAANDEN[t.month - 1]} {t.year}"


def _sleutel(vraag: str, rij: str, optie: str) -> str:
    return "__".join(x for x in (vraag, rij, optie) if x)


@lru_cache(maxsize=2)
def _cijfers(params_bestand: str, stempel: tuple) -> Overzichtscijfers:
    return Overzichtscijfers(lees_verwerkt(lees_params(Path(params_bestand))))


class Overzicht:
    def __init__(self, cijfers: Overzichtscijfers):
        self.c = cijfers
        self.params = cijfers.params
        self.jaar = cijfers.jaar
        self.vorig_jaar = cijfers.vorig_jaar
        self.codeboek: Codeboek = cijfers.codeboek(self.jaar)
        self.fictief = self.params.fictief
        s = laad_huisstijl()
        self.reeksen = (
            {
                str(self.vorig_jaar): s.kleur("schaal-1"),
                str(self.jaar): s.kleur("lintblauw"),
                f"{self.vorig_jaar} panel": s.kleur("donkergeel"),
                f"{self.jaar} panel": s.kleur("oranje"),
            }
            if self.vorig_jaar
            else {str(self.jaar): s.kleur("lintblauw")}
        )

    @classmethod
    def laad(cls, params_bestand) -> Overzicht:
        pad = Path(params_bestand).resolve()
        params = lees_params(pad)
        return cls(_cijfers(str(pad), stempel(params)))

    # -- velden voor de tekstregels ---------------------------------------------------------
    @cached_property
    def velden(self) -> tuple[dict, dict]:
        """(getallen voor de voorwaarden, tekstvorm voor de zinnen)."""
        getallen: dict = {"jaar": self.jaar, "vorig_jaar": self.vorig_jaar or ""}
        tekst: dict = {}
        respons = self.c.respons.set_index("jaar")
        for jaar, voorvoegsel in ((self.jaar, ""), (self.vorig_jaar, "vorig_")):
            if jaar is None:
                continue
            r = respons.loc[jaar]
            for veld in ("uitgenodigd", "ingevuld"):
                getallen[voorvoegsel + veld] = int(r[veld])
            getallen[voorvoegsel + "responspercentage"] = float(r["responspercentage"])
            tekst[voorvoegsel + "responspercentage"] = procent(r["responspercentage"])
        nu = respons.loc[self.jaar]
        getallen["vertegenwoordigd"] = int(nu["vertegenwoordigde_gemeenten"])
        getallen["panel"] = int(nu["panel"]) if pd.notna(nu["panel"]) else 0
        getallen["nieuw"] = int(nu["nieuw"]) if pd.notna(nu["nieuw"]) else 0
        for r in self.c.cijfers.to_dict("records"):
            voorvoegsel = {
                ("totaal", self.jaar): "",
                ("totaal", self.vorig_jaar): "vorig_",
                ("panel", self.jaar): "panel_",
                ("panel", self.vorig_jaar): "panel_vorig_",
            }[(r["groep"], r["jaar"])]
            naam = _sleutel(r["vraag"], r["rij"], r["optie"])
            if pd.notna(r["percentage"]):
                getallen[f"{voorvoegsel}pct_{naam}"] = float(r["percentage"])
                tekst[f"{voorvoegsel}pct_{naam}"] = procent(r["percentage"])
                getallen[f"{voorvoegsel}aantal_{naam}"] = int(r["aantal"])
            if voorvoegsel == "":
                getallen[f"n_{_sleutel(r['vraag'], r['rij'], '')}"] = int(r["n"])
        for vraag in self.codeboek.gesloten_vragen:
            if vraag.type != "meer":
                continue
            opties = [(o, self.c.cijfer(self.jaar, "totaal", vraag.id, "", o.code)) for o in vraag.opties]
            opties = [(o, c) for o, c in opties if c and pd.notna(c["percentage"])]
            if opties:
                o, c = max(opties, key=lambda x: (x[1]["percentage"], -vraag.opties.index(x[0])))
                tekst[f"meest_{vraag.id}"] = o.label[0].lower() + o.label[1:]
                getallen[f"pct_meest_{vraag.id}"] = float(c["percentage"])
                tekst[f"pct_meest_{vraag.id}"] = procent(c["percentage"])
        return getallen, tekst

    @cached_property
    def mogelijke_velden(self) -> set[str]:
        """Alle veldnamen die het codeboek toelaat, ook als er (nog) geen cijfer voor is."""
        namen = {
            "jaar",
            "vorig_jaar",
            "uitgenodigd",
            "ingevuld",
            "responspercentage",
            "vertegenwoordigd",
            "panel",
            "nieuw",
            "vorig_uitgenodigd",
            "vorig_ingevuld",
            "vorig_responspercentage",
        }
        for jaar in self.params.jaren:
            for v in self.c.codeboek(jaar).gesloten_vragen:
                namen.add(f"n_{v.id}")
                if v.type == "meer":
                    namen |= {f"meest_{v.id}", f"pct_meest_{v.id}"}
                for rij in v.rij_codes:
                    namen.add(f"n_{_sleutel(v.id, rij, '')}")
                    for o in v.opties:
                        for voor in ("", "vorig_", "panel_", "panel_vorig_"):
                            for soort in ("pct_", "aantal_"):
                                namen.add(f"{voor}{soort}{_sleutel(v.id, rij, o.code)}")
        return namen

    def _vraag_van(self, veld: str) -> str:
        kern = re.sub(r"^(panel_vorig_|panel_|vorig_)?(pct_meest_|meest_|pct_|aantal_|n_)", "", veld)
        return kern.split("__")[0]

    def zinnen(self, regels: list[Tekstregel], lijst: str) -> list[str]:
        """Regels waarvan alle velden een waarde hebben; een tikfout in een veld is een fout.

        Een regel over een vraag die niet in het codeboek staat, of over een cijfer dat er niet is
        (onderdrukt, of geen vorig jaar), vervalt.
        """
        getallen, tekst = self.velden
        bekend = set(self.codeboek.per_id) | (
            set(self.c.codeboek(self.vorig_jaar).per_id) if self.vorig_jaar else set()
        )
        bruikbaar = []
        for i, regel in enumerate(regels):
            velden = regel.velden_in_tekst() | {x for vw in regel.voorwaarden() for x in vw.velden}
            onbekend = sorted(
                v
                for v in velden - self.mogelijke_velden
                if self._vraag_van(v) in bekend
                or not re.match(r"^(panel_vorig_|panel_|vorig_)?(pct_|aantal_|n_|meest_)", v)
            )
            if onbekend:
                raise InvoerFout(
                    TEKSTEN,
                    f"onbekend veld '{onbekend[0]}'{suggestie(onbekend[0], self.mogelijke_velden)}",
                    kolom=f"{lijst}[{i}]",
                )
            if all(v in getallen or v in tekst for v in velden):
                bruikbaar.append(regel)
        return vul_in(bruikbaar, getallen, tekst)

    # -- blokken ----------------------------------------------------------------------------
    def kop(self) -> list:
        fictief = (
            (
                "\n\n::: {.fictief}\n**Fictieve gegevens.** Deze rapportage is gemaakt op verzonnen demogegevens; "
                "gemeenten en cijfers bestaan niet.\n:::\n"
            )
            if self.fictief
            else ""
        )
        return [
            Tekst(
                f"::: {{.kop}}\n**Benchmark Eén tegen eenzaamheid**\n\n# Overzichtsrapportage {self.jaar}\n\n"
                f"Landelijk beeld van de lokale aanpak van eenzaamheid onder ouderen, in opdracht van het "
                f"ministerie van Volksgezondheid, Welzijn en Sport\n:::\n{fictief}"
            )
        ]

    def samenvatting(self) -> list:
        zinnen = self.zinnen(laad_teksten(TEKSTEN).samenvatting, "samenvatting")
        return [
            Tekst(
                "## Samenvatting van de belangrijkste resultaten\n\n::: {.samenvatting}\n"
                + "\n".join(f"- {z}" for z in zinnen)
                + "\n:::\n"
            )
        ]

    def inleiding(self) -> list:
        onderdelen = "\n".join(
            f"- {t}" for k, t in self.codeboek.onderdelen.items() if k not in ("corona", "uitdagingen")
        )
        return [
            Tekst(
                "## 1. Inleiding\n\n"
                "Het actieprogramma *Eén tegen eenzaamheid* van het ministerie van VWS wil de trend van stijgende "
                "eenzaamheid onder ouderen doorbreken. Gemeenten en lokale coalities werken daarvoor langs twee "
                "actielijnen en vijf pijlers. De benchmark brengt jaarlijks in beeld waar de aangesloten gemeenten "
                "staan in hun aanpak, zodat het actieprogramma de ondersteuning daarop kan afstemmen en gemeenten "
                "van elkaar kunnen leren. De benchmark is bedoeld voor inzicht, niet voor verantwoording.\n\n"
                f"Deze rapportage beschrijft de resultaten van {self.jaar}"
                + (f" en de ontwikkeling sinds {self.vorig_jaar}" if self.vorig_jaar else "")
                + ". Zij bevat alleen cijfers over groepen gemeenten: de antwoorden van één gemeente staan alleen in "
                "de eigen factsheet van die gemeente.\n\nDe benchmark gaat over:\n\n" + onderdelen + "\n"
            )
        ]

    def methode(self) -> list:
        regels = ["## 2. Aanpak en methode\n"]
        for jaar in self.params.jaren:
            begin, eind = self.c.periode[jaar]
            regels.append(
                f"- **Meting {jaar}**: ingevulde vragenlijsten ingediend van {datum(begin)} tot en met {datum(eind)}."
            )
        regels.append(
            "- **Wat telt**: alleen ingediende vragenlijsten. Vulde een gemeente de lijst vaker in, dan "
            "telt de laatst ingediende. Tussentijds opgeslagen en onjuiste inzendingen staan in het "
            "validatierapport, niet in de cijfers."
        )
        regels.append(
            "- **Percentages** zijn van het aantal gemeenten dat de vraag beantwoordde (n); n staat bij "
            "elke vraag. Bij vragen met meer antwoorden tellen de percentages op tot meer dan 100%."
        )
        if self.vorig_jaar:
            n_panel = len(self.c.panel_leden)
            regels.append(
                f"- **Twee niveaus**, zoals in eerdere rapportages: alle respondenten per jaar, en het "
                f"**panel**: de {n_panel} gemeenten die in {self.vorig_jaar} en {self.jaar} meededen. "
                f"In grafieken en tabellen heet die groep '{self.vorig_jaar} panel' en '{self.jaar} panel'."
            )
            niet = self.c.verwerkt.panel.niet_gebruikt
            regels.append(
                "- **Herindelingen**: het panel vergelijkt op de gemeentecodes van "
                f"{self.jaar}. Een "
                "antwoord van een gemeente die sindsdien is opgegaan in een nieuwe gemeente telt voor die "
                "nieuwe gemeente; hadden meer voorgangers geantwoord, dan telt de grootste (meeste "
                "inwoners)."
                + (
                    f" Dat gold voor {len(niet)} {'inzending' if len(niet) == 1 else 'inzendingen'} uit "
                    f"{self.vorig_jaar}, die daarom niet in het panel "
                    f"{'telt' if len(niet) == 1 else 'tellen'}."
                    if niet
                    else ""
                )
            )
            regels.append(
                "- **Vergelijking tussen jaren** alleen voor vragen die in beide jaren met dezelfde "
                "antwoordmogelijkheden gesteld zijn; bij andere vragen staat wat er veranderde."
            )
        regels.append(
            f"- **Niet gepubliceerd** wordt een cijfer waarop minder dan {self.params.onderdrukking_minimum} "
            "gemeenten antwoordden."
        )
        nonrespons = self.c.item_nonrespons(self.jaar)
        regels.append(f"\n### Aantal antwoorden per vraag ({self.jaar})\n")
        regels.append("Niet elke respondent beantwoordde elke vraag (item-non-respons):\n")
        regels.append("| Vraag | n | Niet beantwoord |\n|" + "-" * 40 + "|" + "-" * 8 + ":|" + "-" * 14 + ":|")
        for r in nonrespons.itertuples():
            vraag = self.codeboek.per_id[r.vraag]
            label = korte_naam(vraag).capitalize() + (f": {vraag.rij_label(r.rij)}" if r.rij else "")
            regels.append(f"| {cel(label)} | {r.n} | {r.niet_beantwoord} |")
        return [Tekst("\n".join(regels) + "\n")]

    def respons(self) -> list:
        tabel = [
            "| Meting | Uitgenodigd | Ingevuld | Respons | Vertegenwoordigde gemeenten | Panel | Nieuw |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for r in self.c.respons.itertuples():
            tabel.append(
                f"| {r.jaar} | {getal(r.uitgenodigd)} | {getal(r.ingevuld)} | {procent(r.responspercentage)} "
                f"| {getal(r.vertegenwoordigde_gemeenten)} | {'' if pd.isna(r.panel) else getal(r.panel)} "
                f"| {'' if pd.isna(r.nieuw) else getal(r.nieuw)} |"
            )
        blokken: list = [
            Tekst(
                "## 3. Respons\n\n"
                + " ".join(self.zinnen(laad_teksten(TEKSTEN).respons, "respons"))
                + "\n\n"
                + "\n".join(tabel)
                + "\n\n"
                + noot(
                    "Uitgenodigd = aangeschreven contactpersonen; respons = "
                    "ingevulde vragenlijsten / uitgenodigde contactpersonen."
                )
            )
        ]
        blokken.append(self.grafiek_provincies())
        prov = self.c.per_provincie
        kolommen = [c for c in prov.columns if c != "provincie"]
        tabel = ["| Provincie | " + " | ".join(str(k) for k in kolommen) + " |", "|---|" + "--:|" * len(kolommen)]
        for r in prov.itertuples(index=False):
            tabel.append(f"| {typografie(r[0])} | " + " | ".join(getal(x) for x in r[1:]) + " |")
        blokken.append(Tekst("### Ingevulde vragenlijsten per provincie\n\n" + "\n".join(tabel) + "\n"))
        kaart = self.grafiek_kaart()
        if kaart is not None:
            blokken.append(kaart)
        return blokken

    def _bron(self) -> str:
        return f"Bron: Benchmark Eén tegen eenzaamheid {self.jaar}" + (" (fictieve gegevens)" if self.fictief else "")

    def grafiek_provincies(self) -> Grafiek:
        prov = self.c.per_provincie.melt(id_vars="provincie", var_name="jaar", value_name="ingevuld")
        prov["jaar"] = prov["jaar"].astype(str)
        kleuren = {j: k for j, k in self.reeksen.items() if "panel" not in j}
        titel = "Aantal ingevulde vragenlijsten per provincie"
        onderschrift = [
            f"Aantal ingevulde vragenlijsten (provincie van de eerste genoemde gemeente); totaal n = "
            f"{getal(len(self.c.verwerkt.deelnemers[self.jaar]))} in {self.jaar}.",
            self._bron(),
        ]
        grafiek = (
            alt.Chart(prov, title=grafieken.titel(titel, onderschrift))
            .mark_bar()
            .encode(
                x=alt.X("ingevuld:Q", title="aantal ingevulde vragenlijsten", axis=alt.Axis(tickMinStep=1)),
                y=alt.Y("provincie:N", title=None, sort=list(self.c.per_provincie["provincie"])),
                yOffset=alt.YOffset("jaar:N", sort=list(kleuren)),
                color=alt.Color(
                    "jaar:N",
                    title=None,
                    sort=list(kleuren),
                    scale=alt.Scale(domain=list(kleuren), range=list(kleuren.values())),
                ),
                tooltip=["provincie:N", "jaar:N", alt.Tooltip("ingevuld:Q", title="Ingevuld")],
            )
            .properties(width=330, height=alt.Step(8))
        )
        return Grafiek(
            naam="provincies",
            grafiek=grafiek,
            cijfers=prov,
            beschrijving="Staafdiagram: aantal ingevulde vragenlijsten per provincie en jaar.",
        )

    def grafiek_kaart(self) -> Grafiek | None:
        grenzen = self.c.verwerkt.gemeentegrenzen
        if grenzen is None:
            return None
        s = laad_huisstijl()
        deel = set(self.c.verwerkt.deelnemers[self.jaar]["gemeente_code"])
        namens = vertegenwoordigd(self.c.verwerkt.deelnemers[self.jaar]) - deel
        kaart = grenzen[["code", "naam", "geometry"]].copy()
        kaart["naam"] = kaart["naam"].map(typografie)
        kaart["deelname"] = [
            "vulde de vragenlijst in"
            if c in deel
            else "vertegenwoordigd door een andere gemeente"
            if c in namens
            else "deed niet mee"
            for c in kaart["code"]
        ]
        kaart["geometry"] = kaart.geometry.simplify(0.002, preserve_topology=True)
        domein = ["vulde de vragenlijst in", "vertegenwoordigd door een andere gemeente", "deed niet mee"]
        titel = f"Deelnemende gemeenten {self.jaar}"
        onderschrift = [
            f"{getal(len(deel))} gemeenten vulden de vragenlijst in; kaart: gemeentegrenzen ({len(kaart)} gemeenten).",
            self._bron() + "; grenzen CBS/Kadaster" if not self.fictief else self._bron() + "; fictieve kaart",
        ]
        grafiek = (
            alt.Chart(alt.Data(values=kaart.__geo_interface__["features"]), title=grafieken.titel(titel, onderschrift))
            .mark_geoshape(stroke="white", strokeWidth=0.4)
            .encode(
                color=alt.Color(
                    "properties.deelname:N",
                    title=None,
                    sort=domein,
                    legend=alt.Legend(labelLimit=320, direction="vertical", orient="top"),
                    scale=alt.Scale(domain=domein, range=[s.primair, s.kleur("schaal-1"), s.kleur("grijs-midden")]),
                ),
                tooltip=[
                    alt.Tooltip("properties.naam:N", title="Gemeente"),
                    alt.Tooltip("properties.deelname:N", title="Deelname"),
                ],
            )
            .project(type="mercator")
            .properties(width=380, height=420)
        )
        return Grafiek(
            naam="kaart",
            grafiek=grafiek,
            cijfers=kaart[["code", "naam", "deelname"]],
            beschrijving=f"Kaart van Nederland met de gemeenten die in {self.jaar} deelnamen.",
        )

    # -- resultaten per onderdeel -------------------------------------------------------------
    def reeksen_voor(self, vraag: Vraag, rij: str = "") -> list[tuple[str, int, str]]:
        """(label, jaar, groep) van de kolommen die voor deze vraag(rij) bestaan."""
        uit = []
        vergelijkbaar = (vraag.id, rij) in self.c.vergelijkbaar
        if self.vorig_jaar and vergelijkbaar:
            uit.append((str(self.vorig_jaar), self.vorig_jaar, "totaal"))
        uit.append((str(self.jaar), self.jaar, "totaal"))
        if self.vorig_jaar and vergelijkbaar and self.c.panel_leden:
            uit += [(f"{self.vorig_jaar} panel", self.vorig_jaar, "panel"), (f"{self.jaar} panel", self.jaar, "panel")]
        return uit

    def wijziging(self, vraag: Vraag) -> str:
        if not self.vorig_jaar:
            return ""
        oud = self.c.codeboek(self.vorig_jaar).per_id.get(vraag.id)
        if oud is None:
            return f"Deze vraag is nieuw in {self.jaar}: er is geen vergelijking met {self.vorig_jaar}."
        if oud.type != vraag.type or [o.code for o in oud.opties] != [o.code for o in vraag.opties]:
            return (
                f"In {self.vorig_jaar} had deze vraag andere antwoordmogelijkheden; de cijfers van "
                f"{self.vorig_jaar} staan daarom niet naast die van {self.jaar}."
            )
        anders = [vraag.rij_label(r) for r in vraag.rij_codes if (vraag.id, r) not in self.c.vergelijkbaar]
        if anders:
            return (
                f"Nieuw of anders genoemd in {self.jaar}: {opsomming(anders)}; voor deze onderdelen is er geen "
                f"vergelijking met {self.vorig_jaar}."
            )
        return ""

    def tabel(self, vraag: Vraag, jaar: int | None = None) -> Tabel:
        jaar = jaar or self.jaar
        matrix = vraag.type == "matrix"
        # Dezelfde kolommen voor alle matrixrijen; een rij zonder vergelijking krijgt daar lege cellen.
        reeksen = (
            [(str(jaar), jaar, "totaal")]
            if jaar != self.jaar
            else max((self.reeksen_voor(vraag, r) for r in vraag.rij_codes), key=len)
        )
        kop = (["Onderdeel"] if matrix else []) + ["Antwoord"] + [x[0] for x in reeksen]
        rijen: list[list[str]] = []
        voet: list[int] = []
        for r in vraag.rijen or [None]:
            rij = r.code if r else ""
            for i, o in enumerate(vraag.opties + (None,)):
                cellen = ([r.label if i == 0 else ""] if matrix else []) + [o.label if o else "n"]
                for _, j, g in reeksen:
                    c = self.c.cijfer(j, g, vraag.id, rij, (o or vraag.opties[0]).code)
                    if c is None:
                        cellen.append("")
                    elif o is None:
                        cellen.append(getal(c["n"]))
                    else:
                        cellen.append(
                            "–" if pd.isna(c["percentage"]) else f"{getal(c['aantal'])} ({procent(c['percentage'])})"
                        )
                if o is None:
                    voet.append(len(rijen))
                rijen.append(cellen)
        breedtes = [22] * (len(kop) - len(reeksen)) + [12] * len(reeksen)
        return Tabel(kop, rijen, breedtes, rechts=len(reeksen), voetrijen=tuple(voet))

    def grafiek_vraag(self, vraag: Vraag, jaar: int | None = None) -> Grafiek | None:
        jaar = jaar or self.jaar
        if vraag.type == "matrix":
            return self.grafiek_matrix(vraag, jaar)
        reeksen = self.reeksen_voor(vraag) if jaar == self.jaar else [(str(jaar), jaar, "totaal")]
        rijen = []
        for o in vraag.opties:
            for label, j, g in reeksen:
                c = self.c.cijfer(j, g, vraag.id, "", o.code)
                if c is None or pd.isna(c["percentage"]):
                    continue
                rijen.append(
                    {
                        "label": o.label if len(o.label) <= 64 else o.label[:62] + "…",
                        "reeks": label,
                        "percentage": float(c["percentage"]),
                        "aantal": int(c["aantal"]),
                        "n": int(c["n"]),
                    }
                )
        if not rijen:
            return None
        df = pd.DataFrame(rijen)
        kleuren = {label: self.reeksen.get(label, laad_huisstijl().primair) for label, _, _ in reeksen}
        n_tekst = "; ".join(
            f"{label}: n = {getal(self.c.cijfer(j, g, vraag.id, '', vraag.opties[0].code)['n'])}"
            for label, j, g in reeksen
        )
        onderschrift = [f"% van de gemeenten die de vraag beantwoordden ({n_tekst})."]
        if vraag.type == "meer":
            onderschrift.append("Meer antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        onderschrift.append(self._bron())
        titel = korte_naam(vraag).capitalize()
        return Grafiek(
            naam=f"{vraag.id}_{jaar}",
            grafiek=grafieken.staven(df, titel, onderschrift, kleuren, "% van de gemeenten"),
            typst=grafieken.typst_staven(df, titel, onderschrift, kleuren),
            cijfers=df.rename(columns={"label": "antwoord", "reeks": "groep"}),
            beschrijving=f"Staafdiagram: {vraag.tekst}",
        )

    def grafiek_matrix(self, vraag: Vraag, jaar: int) -> Grafiek | None:
        rijen = []
        for r in vraag.rijen:
            for i, o in enumerate(vraag.opties):
                c = self.c.cijfer(jaar, "totaal", vraag.id, r.code, o.code)
                if c is None or pd.isna(c["percentage"]):
                    continue
                rijen.append(
                    {
                        "rij_label": r.label,
                        "optie_label": o.label,
                        "volgorde": i,
                        "percentage": float(c["percentage"]),
                        "aantal": int(c["aantal"]),
                        "n": int(c["n"]),
                    }
                )
        if not rijen:
            return None
        df = pd.DataFrame(rijen)
        titel = f"{korte_naam(vraag).capitalize()} ({jaar})"
        onderschrift = [
            f"% van de gemeenten die het onderdeel beantwoordden (n = {getal(df['n'].min())} tot "
            f"{getal(df['n'].max())}).",
            self._bron(),
        ]
        opties = [o.label for o in vraag.opties]
        return Grafiek(
            naam=f"{vraag.id}_{jaar}",
            grafiek=grafieken.matrixbalken(df, titel, onderschrift, opties),
            typst=grafieken.typst_stapelstaven(df, titel, onderschrift, opties),
            cijfers=df.drop(columns=["volgorde"]),
            beschrijving=f"Gestapeld staafdiagram: {vraag.tekst}",
        )

    def vraag_blokken(self, vraag: Vraag, jaar: int | None = None) -> list:
        blokken: list = [Tekst(f"#### {vraag.tekst}\n")]
        noten = []
        if jaar is None and (w := self.wijziging(vraag)):
            noten.append(w)
        if vraag.type == "meer":
            noten.append("Meer antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        if noten:
            blokken.append(Tekst("\n".join(noot(n) for n in noten)))
        grafiek = self.grafiek_vraag(vraag, jaar)
        if grafiek is not None:
            blokken.append(grafiek)
        blokken += [self.tabel(vraag, jaar), Tekst(noot("Aantal gemeenten (percentage van n)."))]
        return blokken

    def resultaten(self) -> list:
        blokken: list = [
            Tekst(
                "## 4. Resultaten per actielijn en pijler\n\n"
                "Per vraag de antwoorden van alle respondenten"
                + (
                    f" in {self.vorig_jaar} en {self.jaar}, en van het panel (gemeenten die beide jaren meededen)"
                    if self.vorig_jaar
                    else f" in {self.jaar}"
                )
                + ".\n"
            )
        ]
        nummer = 0
        vorig_boek = self.c.codeboek(self.vorig_jaar) if self.vorig_jaar else None
        for sleutel, titel in self.codeboek.onderdelen.items():
            vragen = [v for v in self.codeboek.gesloten_vragen if v.onderdeel == sleutel]
            oud = [
                v
                for v in (vorig_boek.gesloten_vragen if vorig_boek else [])
                if v.onderdeel == sleutel and v.id not in self.codeboek.per_id
            ]
            if not vragen and not oud:
                continue
            nummer += 1
            blokken.append(Tekst(f"### 4.{nummer} {titel}\n"))
            for vraag in vragen:
                blokken += self.vraag_blokken(vraag)
            for vraag in oud:
                blokken.append(
                    Tekst(
                        noot(
                            f"Alleen in {self.vorig_jaar} gesteld; in {self.jaar} is deze vraag vervangen of vervallen."
                        )
                    )
                )
                blokken += self.vraag_blokken(vraag, self.vorig_jaar)
        return blokken

    def blokken(self) -> list:
        return self.kop() + self.samenvatting() + self.inleiding() + self.methode() + self.respons() + self.resultaten()


def schrijf_cijferbestanden(c: Overzichtscijfers, map_: Path) -> list[Path]:
    """overzicht_cijfers.csv, respons.csv en een Excel-werkboek met dezelfde cijfers en leesbare namen."""
    map_.mkdir(parents=True, exist_ok=True)
    c.cijfers.to_csv(map_ / "overzicht_cijfers.csv", index=False, lineterminator="\n")
    c.respons.to_csv(map_ / "respons.csv", index=False, lineterminator="\n")
    labels = []
    for r in c.cijfers.itertuples():
        boek = c.codeboek(r.jaar)
        vraag = boek.per_id[r.vraag]
        labels.append(
            {
                "Onderdeel": boek.onderdelen[vraag.onderdeel],
                "Vraag": vraag.tekst,
                "Onderdeel van de vraag": vraag.rij_label(r.rij),
                "Antwoord": vraag.optie(r.optie).label,
            }
        )
    leesbaar = pd.concat(
        [
            pd.DataFrame(labels),
            c.cijfers.rename(
                columns={
                    "jaar": "Jaar",
                    "groep": "Groep",
                    "vraag": "Vraagcode",
                    "rij": "Rijcode",
                    "optie": "Antwoordcode",
                    "aantal": "Aantal gemeenten",
                    "n": "n (beantwoord)",
                    "percentage": "Percentage van n",
                }
            ),
        ],
        axis=1,
    )
    respons = c.respons.rename(
        columns={
            "jaar": "Jaar",
            "uitgenodigd": "Uitgenodigde contactpersonen",
            "ingevuld": "Ingevulde vragenlijsten",
            "responspercentage": "Responspercentage",
            "vertegenwoordigde_gemeenten": "Vertegenwoordigde gemeenten",
            "panel": "Panel (beide jaren)",
            "nieuw": "Nieuw t.o.v. vorig jaar",
        }
    )
    toelichting = pd.DataFrame(
        {
            "Toelichting": [
                f"Benchmark Eén tegen eenzaamheid {c.jaar}: cijfers van de overzichtsrapportage."
                + (" FICTIEVE GEGEVENS." if c.params.fictief else ""),
                "Groep 'totaal': alle gemeenten die dat jaar de vragenlijst indienden; 'panel': gemeenten die beide jaren meededen.",
                "Percentage van n: aantal gemeenten dat het antwoord koos, gedeeld door het aantal dat de vraag beantwoordde.",
                "Bij vragen met meer antwoorden tellen de percentages per vraag op tot meer dan 100%.",
                f"Leeg: minder dan {c.params.onderdrukking_minimum} gemeenten beantwoordden de vraag; niet gepubliceerd.",
            ]
        }
    )
    pad = map_ / "overzicht_cijfers.xlsx"
    with pd.ExcelWriter(pad, engine="openpyxl") as schrijver:
        toelichting.to_excel(schrijver, sheet_name="Toelichting", index=False)
        respons.to_excel(schrijver, sheet_name="Respons", index=False)
        leesbaar.to_excel(schrijver, sheet_name="Cijfers", index=False)
        c.per_provincie.to_excel(schrijver, sheet_name="Per provincie", index=False)
        boek = schrijver.book
        import datetime as dt

        boek.properties.created = dt.datetime(c.jaar, 12, 1)
        boek.properties.creator = "Benchmark Eén tegen eenzaamheid"
        for blad in boek.worksheets:
            blad.freeze_panes = "A2"
            for kolom in blad.columns:
                breedte = max(len(str(x.value or "")) for x in kolom[:200])
                blad.column_dimensions[kolom[0].column_letter].width = min(max(10, breedte + 2), 70)
        for celrij in boek["Cijfers"].iter_rows(min_row=2):
            celrij[-1].number_format = "0.0"
    vaste_ziptijden(pad, c.jaar)
    return [map_ / "overzicht_cijfers.csv", map_ / "respons.csv", pad]


def vaste_ziptijden(pad: Path, jaar: int) -> None:
    """Een .xlsx is een zip met de schrijftijd per onderdeel; vast gezet is het bestand elke run gelijk."""
    import zipfile

    with zipfile.ZipFile(pad) as oud:
        delen = [(info.filename, oud.read(info)) for info in oud.infolist()]
    # openpyxl zet bij het opslaan 'modified' op nu, wat we ook vooraf instellen.
    vast = f"{jaar}-12-01T00:00:00Z".encode()
    delen = [
        (
            naam,
            re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + vast, inhoud)
            if naam == "docProps/core.xml"
            else inhoud,
        )
        for naam, inhoud in delen
    ]
    with zipfile.ZipFile(pad, "w", compression=zipfile.ZIP_DEFLATED) as nieuw:
        for naam, inhoud in delen:
            nieuw.writestr(
                zipfile.ZipInfo(naam, date_time=(jaar, 12, 1, 0, 0, 0)), inhoud, compress_type=zipfile.ZIP_DEFLATED
            )


def stap_overzicht(params: Params, verslag) -> None:
    import nbformat

    from .render import render_documenten, voettekst
    from .uitvoeren import WarmeKernel, parametriseer, voor_kernel, werkmap

    begin = time.perf_counter()
    map_ = params.uitvoer / MAP_OVERZICHT
    cijfers = _cijfers(str(params.bestand), stempel(params))
    schrijf_cijferbestanden(cijfers, map_)
    pad = werkmap(params) / "overzicht.ipynb"
    pad.parent.mkdir(parents=True, exist_ok=True)
    kernel = WarmeKernel()
    try:
        sjabloon = nbformat.read(OVERZICHT_NOTEBOOK, as_version=4)
        nb = kernel.voer_uit(parametriseer(sjabloon, {"params_bestand": voor_kernel(params.bestand)}))
        nbformat.write(nb, pad)
    except Exception as fout:  # één mislukt onderdeel wordt gemeld; de rest van de run is al klaar
        verslag.fouten.append(f"overzicht: {type(fout).__name__}: {fout}")
        return
    finally:
        kernel.stop()
    titel = f"Overzichtsrapportage {params.jaar} – Benchmark Eén tegen eenzaamheid"
    voet = voettekst(params.jaar, params.fictief, f"Overzichtsrapportage {params.jaar}")
    render_documenten(
        nb, map_ / "overzichtsrapportage.html", map_ / "overzichtsrapportage.pdf", titel, voet, params.jaar
    )
    verslag.meld(f"Overzicht: rapportage, CSV en Excel in {map_} ({time.perf_counter() - begin:.1f} s)")
