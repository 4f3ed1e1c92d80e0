"""De overzichtsrapportage voor het ministerie: alleen geaggregeerde cijfers.

Secties als in de overzichtsrapportage 2020 (seed 003): inleiding, aanpak en methode, respons,
samenvatting, per actielijn en pijler elke indicator (meetjaar, vorig jaar, panel), corona,
uitdagingen en ondersteuningsbehoeften. Elk getal komt uit `Overzichtscijfers`; dezelfde tabel
staat in `overzicht_cijfers.csv` en in het Excel-bestand.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from .. import veilig
from ..config import REGELS
from ..fouten import InvoerFout
from ..huisstijl import laad_huisstijl
from ..inlezen.codeboek import Codeboek, Vraag
from ..inlezen.params import lees_params
from ..regels import Tekstregel, Zin, kies, laad_overzichtteksten, suggestie
from ..valideren.invoer import bestandsnamen
from ..verwerken.opslag import lees_verwerkt, stempel
from ..verwerken.overzicht import Overzichtscijfers, vertegenwoordigd
from . import grafieken
from .getallen import getal, procent
from .overzicht_inhoud import OverzichtInhoud, bereken_inhoud
from .tekstdelen import cel, datum, korte_naam, noot, opsomming, typografie, typografie_tekst
from .weergave import Opmaak, Tabel, Tekst

TEKSTEN = REGELS / "overzicht_teksten.yml"


def _sleutel(vraag: str, rij: str, optie: str) -> str:
    return "__".join(x for x in (vraag, rij, optie) if x)


@lru_cache(maxsize=2)
def _cijfers(params_bestand: str, stempel: tuple) -> Overzichtscijfers:
    return Overzichtscijfers(lees_verwerkt(lees_params(Path(params_bestand))))


KAART_EENHEID = 100  # m per eenheid van de kaartpaden: getallen van 3-4 cijfers, 100 m is kleiner dan een pixel
KAART_BREEDTE = 360  # px, de breedte van de kaart in HTML en PDF (`grafieken.svg_vlakken`)


def kaartpaden(geometrie) -> tuple[list[str], tuple[float, float, float, float]]:
    """Gemeentevlakken als SVG-paden in RD New (eenheden van 100 m), vereenvoudigd tot wat op 360 px te zien is.

    Als dekking vereenvoudigd: buren houden dezelfde grens, er vallen geen gaten tussen gemeenten.
    """
    import shapely

    from ..verwerken.gebieden import svg_pad

    vlakken = shapely.transform(geometrie.to_crs(28992).values.to_numpy(), lambda xy: xy / KAART_EENHEID)
    minx, _, maxx, _ = shapely.total_bounds(vlakken)
    tolerantie = 0.5 * (maxx - minx) / KAART_BREEDTE
    try:
        vereenvoudigd = shapely.coverage_simplify(vlakken, tolerantie)
    except shapely.errors.GEOSException:  # geen nette dekking (overlap): per vlak
        vereenvoudigd = shapely.simplify(vlakken, tolerantie, preserve_topology=True)
    # Valt een vlak weg of wordt het ongeldig, dan het origineel: liever te veel punten dan een gat.
    slecht = shapely.is_empty(vereenvoudigd) | ~shapely.is_valid(vereenvoudigd)
    vereenvoudigd = shapely.orient_polygons(np.where(slecht, vlakken, vereenvoudigd))
    return [svg_pad(v) for v in vereenvoudigd], tuple(float(x) for x in shapely.total_bounds(vereenvoudigd))


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

    def zinnen(self, regels: list[Tekstregel], lijst: str) -> list[Zin]:
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
            velden = regel.namen
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
        return kies(bruikbaar, getallen, tekst)

    @cached_property
    def inhoud(self) -> OverzichtInhoud:
        """Alle gekozen zinnen en bevindingen, met hun regel en de cijfers die zij noemen."""
        t = laad_overzichtteksten(TEKSTEN)
        return bereken_inhoud(
            self.c,
            self.zinnen(t.respons, "respons"),
            self.zinnen(t.samenvatting, "samenvatting"),
            bestandsnamen(self.params),
        )

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

    def inhoudsopgave(self) -> list:
        """In de PDF maakt Typst de inhoudsopgave met paginanummers; in de HTML een lijst met links."""
        items = "".join(
            f'<li class="niveau-{niveau}"><a href="#{anker}">{titel}</a></li>'
            for niveau, anker, titel in self.hoofdstukken()
        )
        return [
            Tekst(
                '```{=html}\n<nav class="inhoud" aria-label="Inhoudsopgave"><h2 class="inhoud-kop">Inhoudsopgave</h2>'
                f"<ol>{items}</ol></nav>\n```\n\n"
                "```{=typst}\n#inhoudsopgave()\n```\n"
            )
        ]

    def hoofdstukken(self) -> list[tuple[int, str, str]]:
        """(niveau, anker, titel) van elk hoofdstuk en elke paragraaf, in volgorde."""
        uit = [
            (2, "inleiding", "1. Inleiding"),
            (2, "doel-en-aanpak", "2. Doelstelling en aanpak"),
            (2, "respons", "3. Respons"),
            (2, "samenvatting", "4. Samenvatting van de belangrijkste resultaten"),
        ]
        uit += [(3, f"bevinding-{i}", f"4.{i} {b.kop}") for i, b in enumerate(self.inhoud.samenvatting, 1)]
        uit.append((2, "resultaten", "5. Resultaten per actielijn en pijler"))
        for nummer, (sleutel, titel) in enumerate(self.onderdelen_van("resultaten"), 1):
            uit.append((3, f"onderdeel-{sleutel}", f"5.{nummer} {titel}"))
        for hoofdstuk, (sleutel, titel) in enumerate(self.onderdelen_van("los"), 6):
            uit.append((2, f"onderdeel-{sleutel}", f"{hoofdstuk}. {titel}"))
        uit.append((2, "colofon", "Colofon"))
        return uit

    LOSSE_HOOFDSTUKKEN = ("corona", "uitdagingen")

    def onderdelen_van(self, welke: str) -> list[tuple[str, str]]:
        """Onderdelen met vragen: 'resultaten' (actielijnen en pijlers) of 'los' (corona, uitdagingen)."""
        boeken = [self.codeboek] + ([self.c.codeboek(self.vorig_jaar)] if self.vorig_jaar else [])
        met_vragen = {v.onderdeel for b in boeken for v in b.gesloten_vragen}
        return [
            (k, t)
            for k, t in self.codeboek.onderdelen.items()
            if k in met_vragen and ((k in self.LOSSE_HOOFDSTUKKEN) == (welke == "los"))
        ]

    def samenvatting(self) -> list:
        inleiding = " ".join(typografie(b.tekst) for b in self.inhoud.samenvatting_inleiding)
        delen = [f"## 4. Samenvatting van de belangrijkste resultaten {{#samenvatting}}\n\n{inleiding}\n"]
        for i, b in enumerate(self.inhoud.samenvatting, 1):
            delen.append(f"### 4.{i} {b.kop} {{#bevinding-{i}}}\n\n{b.tekst}\n")
        if not self.inhoud.samenvatting:
            delen.append("Er zijn geen bevindingen die de drempels van de regels halen.\n")
        return [Tekst("\n".join(delen))]

    def colofon(self) -> list:
        k = self.inhoud.colofon
        regels = [
            "## Colofon {#colofon}\n",
            f"**Benchmark Eén tegen eenzaamheid, overzichtsrapportage {k.jaar}.** In opdracht van het ministerie van "
            "Volksgezondheid, Welzijn en Sport." + (" Gemaakt op fictieve demogegevens." if self.fictief else ""),
            "",
            "**Methode.** Een vragenlijst aan de contactpersonen van de aangesloten gemeenten; alleen ingediende "
            "vragenlijsten tellen, bij meer inzendingen voor één gemeente de laatste. Percentages zijn van het aantal "
            "gemeenten dat de vraag beantwoordde (n). Alle zinnen zijn door vaste regels gekozen en ingevuld uit "
            "dezelfde cijfers als de tabellen.",
            "",
            "**Groepen.** *Alle respondenten*: de gemeenten die in dat jaar de vragenlijst indienden."
            + (
                f" *Panel*: de {k.panel} gemeenten die in {k.vorig_jaar} en {k.jaar} meededen (op de gemeentecodes "
                f"van {k.jaar}, na herindelingen)."
                if k.vorig_jaar
                else ""
            ),
            "",
            f"**Onderdrukking.** Een cijfer waarop minder dan {k.onderdrukking_minimum} gemeenten antwoordden, wordt "
            "niet gepubliceerd (in tabellen '–').",
            "",
            "**Cijfers.** Alle cijfers van deze rapportage staan in [overzicht_cijfers.csv](overzicht_cijfers.csv) "
            "(ook als bijlage in de PDF) en in [overzicht_cijfers.xlsx](overzicht_cijfers.xlsx); de zinnen met de "
            "regel die ze koos in [teksten.csv](teksten.csv).",
            "",
            "**Bronnen.**\n",
        ]
        tabel = Tabel(
            ["Bestand", "Datum of periode", "Controlegetal (SHA-256)"],
            [[b.bestand, b.datum, b.controlegetal] for b in k.bronnen],
            [34, 40, 22],
        )
        slot = Tekst(
            f"**Versies.** Code: eenzaamheid {k.code_versie}. Regels (`rules/`): controlegetal {k.regels_versie}. "
            "Gegevens: de controlegetallen hierboven; een ander getal betekent een ander bestand.\n"
        )
        return [Tekst("\n".join(regels) + "\n"), tabel, slot]

    def inleiding(self) -> list:
        onderdelen = "\n".join(
            f"- {t}" for k, t in self.codeboek.onderdelen.items() if k not in ("corona", "uitdagingen")
        )
        return [
            Tekst(
                "## 1. Inleiding {#inleiding}\n\n"
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
        regels = [
            "## 2. Doelstelling en aanpak {#doel-en-aanpak}\n",
            "### Doelstelling\n",
            "De benchmark brengt in kaart waar de aangesloten gemeenten staan in hun aanpak van eenzaamheid, "
            "zodat het actieprogramma de ondersteuning kan richten. Hij laat het landelijke beeld zien en geeft elke "
            "gemeente in een eigen factsheet inzicht in haar aanpak naast die van andere gemeenten. Hij is niet "
            "bedoeld voor verantwoording.\n",
            "### Aanpak\n",
        ]
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
        tabel = Tabel(
            ["Meting", "Uitgenodigd", "Ingevuld", "Respons", "Vertegenwoordigde gemeenten", "Panel", "Nieuw"],
            [
                [
                    str(r.jaar),
                    getal(r.uitgenodigd),
                    getal(r.ingevuld),
                    procent(r.responspercentage),
                    getal(r.vertegenwoordigde_gemeenten),
                    "" if pd.isna(r.panel) else getal(r.panel),
                    "" if pd.isna(r.nieuw) else getal(r.nieuw),
                ]
                for r in self.c.respons.itertuples()
            ],
            [10, 14, 12, 11, 19, 10, 10],
            rechts=6,
        )
        blokken: list = [
            Tekst("## 3. Respons {#respons}\n\n" + " ".join(typografie(b.tekst) for b in self.inhoud.respons) + "\n"),
            # Zeven kolommen passen niet op een telefoon: de tabel schuift dan in haar eigen vak, niet de pagina.
            Opmaak(
                html=f'<div class="tabelvak" role="region" aria-label="Respons per meting" tabindex="0">'
                f"{tabel.html()}</div>",
                typst=tabel.typst(),
                tekst="Respons per meting",
            ),
            Tekst(
                noot(
                    "Uitgenodigd = aangeschreven contactpersonen; respons = "
                    "ingevulde vragenlijsten / uitgenodigde contactpersonen."
                )
            ),
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

    def figuur(
        self, titel: str, onderschrift: list[str], svg: str, typst: str = "", tabel: str = "", tekst: str = ""
    ) -> Opmaak:
        """Een grafiek als vaste SVG: in de HTML met titel en onderschrift als tekst (die schaalt niet mee
        met de grafiek) en eventueel een tabel met dezelfde cijfers; in de PDF `typst` of dezelfde SVG."""
        html_ = (
            f'<figure class="grafiek"><figcaption><span class="grafiektitel">{escape(titel)}</span>'
            + "".join(f'<span class="onderschrift">{escape(o)}</span>' for o in onderschrift)
            + f"</figcaption>{svg}{tabel}</figure>"
        )
        if not typst:
            typst = f"#grafiek-svg({grafieken.typst_tekst(titel)}, {grafieken.typst_tekst(svg)}, " + (
                f"{grafieken.typst_tekst(tekst or titel)})\n#noot({grafieken.typst_tekst(' '.join(onderschrift))})"
            )
        return Opmaak(html=html_, typst=typst, tekst=tekst or titel)

    def grafiek_provincies(self) -> Opmaak:
        prov = self.c.per_provincie
        jaren = [j for j in prov.columns if j != "provincie"]
        kleuren = [self.reeksen.get(str(j), laad_huisstijl().primair) for j in jaren]
        titel = "Aantal ingevulde vragenlijsten per provincie"
        onderschrift = [
            f"Aantal ingevulde vragenlijsten (provincie van de eerste genoemde gemeente); totaal n = "
            f"{getal(len(self.c.verwerkt.deelnemers[self.jaar]))} in {self.jaar}.",
            self._bron(),
        ]
        namen = [typografie_tekst(p) for p in prov["provincie"]]
        rijen = [
            {"label": naam, "waarden": [int(x) for x in r[1:]], "teksten": [getal(x) for x in r[1:]]}
            for naam, r in zip(namen, prov.itertuples(index=False))
        ]
        links = min(150, max(len(n) for n in namen) * grafieken.TEKENBREEDTE + 10) if namen else 0
        hoogste = max((w for r in rijen for w in r["waarden"]), default=0)
        svg = grafieken.svg_staven(
            rijen,
            [str(j) for j in jaren],
            kleuren,
            f"Staafdiagram: {titel.lower()}, per jaar; de cijfers staan in de tabel eronder",
            maximum=hoogste,
            label_breedte=links,
        )
        return self.figuur(titel, onderschrift, svg, tekst="Staafdiagram: ingevulde vragenlijsten per provincie")

    DEELNAME = ("vulde de vragenlijst in", "vertegenwoordigd door een andere gemeente", "deed niet mee")

    def grafiek_kaart(self) -> Opmaak | None:
        grenzen = self.c.verwerkt.gemeentegrenzen
        if grenzen is None:
            return None
        s = laad_huisstijl()
        deel = set(self.c.verwerkt.deelnemers[self.jaar]["gemeente_code"])
        namens = vertegenwoordigd(self.c.verwerkt.deelnemers[self.jaar]) - deel
        codes = list(grenzen["code"])
        namen = [typografie_tekst(n) for n in grenzen["naam"]]
        soort = [0 if c in deel else 1 if c in namens else 2 for c in codes]
        paden, kader = kaartpaden(grenzen.geometry)
        aantal = [soort.count(i) for i in range(len(self.DEELNAME))]
        categorieen = [f"{d} ({getal(a)})" for d, a in zip(self.DEELNAME, aantal)]
        titel = f"Deelnemende gemeenten {self.jaar}"
        onderschrift = [
            f"{getal(len(deel))} gemeenten vulden de vragenlijst in; kaart: gemeentegrenzen ({len(codes)} gemeenten).",
            self._bron() + ("; fictieve kaart" if self.fictief else "; grenzen CBS/Kadaster"),
        ]
        beschrijving = (
            f"Kaart van Nederland met de gemeenten die in {self.jaar} deelnamen: "
            + "; ".join(categorieen)
            + ". De gemeenten staan ook in de tabel onder de kaart."
        )
        svg = grafieken.svg_vlakken(
            [(pad, k, f"{naam}: {self.DEELNAME[k]}") for pad, k, naam in zip(paden, soort, namen)],
            kader,
            categorieen,
            [s.primair, s.kleur("schaal-1"), s.kleur("grijs-midden")],
            beschrijving,
        )
        # Op naam, zonder de apostrof vooraan: ’s-Hertogenbosch staat bij de s, niet achteraan.
        volgorde = sorted(range(len(codes)), key=lambda i: (namen[i].lstrip("’'").casefold(), codes[i]))
        tabel = Tabel(["Gemeente", "Deelname"], [[namen[i], self.DEELNAME[soort[i]]] for i in volgorde], [50, 50])
        details = (
            f"<details><summary>Tabel: deelname per gemeente ({getal(len(codes))} gemeenten)</summary>"
            f"{tabel.html()}</details>"
        )
        return self.figuur(titel, onderschrift, svg, tabel=details, tekst=beschrijving)

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

    def grafiek_vraag(self, vraag: Vraag, jaar: int | None = None) -> Opmaak | None:
        jaar = jaar or self.jaar
        if vraag.type == "matrix":
            return self.grafiek_matrix(vraag, jaar)
        alle = self.reeksen_voor(vraag) if jaar == self.jaar else [(str(jaar), jaar, "totaal")]
        cijfers = {
            (label, o.code): self.c.cijfer(j, g, vraag.id, "", o.code) for label, j, g in alle for o in vraag.opties
        }
        # Een reeks zonder één gepubliceerd cijfer (te weinig gemeenten) komt niet in de grafiek, wel in de tabel.
        reeksen = [
            x
            for x in alle
            if any(c is not None and pd.notna(c["percentage"]) for (r, _), c in cijfers.items() if r == x[0])
        ]
        weg = [label for label, _, _ in alle if label not in {r[0] for r in reeksen}]
        if not reeksen:
            return None

        def pct(label: str, optie: str) -> float | None:
            c = cijfers[(label, optie)]
            return None if c is None or pd.isna(c["percentage"]) else float(c["percentage"])

        kleuren = {label: self.reeksen.get(label, laad_huisstijl().primair) for label, _, _ in reeksen}
        n_tekst = "; ".join(
            f"{label}: n = {getal(cijfers[(label, vraag.opties[0].code)]['n'])}" for label, _, _ in reeksen
        )
        onderschrift = [f"% van de gemeenten die de vraag beantwoordden ({n_tekst})."]
        if weg:
            onderschrift.append(f"Niet getoond: {opsomming(weg)} (te weinig gemeenten).")
        # 'Meer antwoorden mogelijk' staat al als noot boven de grafiek (vraag_blokken).
        onderschrift.append(self._bron())
        titel = korte_naam(vraag).capitalize()
        rijen = [
            {
                "label": o.label,
                "waarden": [pct(label, o.code) for label, _, _ in reeksen],
                "teksten": [procent(pct(label, o.code)) for label, _, _ in reeksen],
            }
            for o in vraag.opties
        ]
        df = pd.DataFrame(
            [
                {"label": o.label if len(o.label) <= 64 else o.label[:62] + "…", "reeks": label, "percentage": w}
                for o, rij in zip(vraag.opties, rijen)
                for (label, _, _), w in zip(reeksen, rij["waarden"])
                if w is not None
            ]
        )
        svg = grafieken.svg_staven(
            rijen,
            list(kleuren),
            list(kleuren.values()),
            f"Staafdiagram: {vraag.tekst} De cijfers staan in de tabel eronder.",
        )
        typst = grafieken.typst_staven(df, titel, onderschrift, kleuren)
        return self.figuur(titel, onderschrift, svg, typst=typst, tekst=f"Staafdiagram: {vraag.tekst}")

    def grafiek_matrix(self, vraag: Vraag, jaar: int) -> Opmaak | None:
        rijen = []
        for r in vraag.rijen:
            for o in vraag.opties:
                c = self.c.cijfer(jaar, "totaal", vraag.id, r.code, o.code)
                if c is None or pd.isna(c["percentage"]):
                    continue
                rijen.append(
                    {
                        "rij_label": r.label,
                        "optie_label": o.label,
                        "percentage": float(c["percentage"]),
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
        waarden = df.set_index(["rij_label", "optie_label"])["percentage"].to_dict()
        balken = []
        for rij in dict.fromkeys(df["rij_label"]):
            w = [waarden.get((rij, o), 0.0) for o in opties]
            balken.append({"label": rij, "waarden": w, "teksten": [procent(x) for x in w]})
        svg = grafieken.svg_balken(
            balken,
            opties,
            grafieken.stapelkleuren(len(opties)),
            f"Gestapeld staafdiagram: {vraag.tekst} De cijfers staan in de tabel eronder.",
        )
        typst = grafieken.typst_stapelstaven(df, titel, onderschrift, opties)
        return self.figuur(titel, onderschrift, svg, typst=typst, tekst=f"Gestapeld staafdiagram: {vraag.tekst}")

    def vraag_blokken(self, vraag: Vraag, jaar: int | None = None, niveau: int = 4) -> list:
        blokken: list = [Tekst(f"{'#' * niveau} {vraag.tekst}\n")]
        noten = []
        if jaar is None and (w := self.wijziging(vraag)):
            noten.append(w)
        if vraag.type == "meer":
            noten.append("Meer antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        if noten:
            # 'vooraf': een noot die bij de grafiek eronder hoort en daarom niet alleen onderaan een pagina staat.
            blokken.append(Tekst("\n".join(f"::: {{.vooraf}}\n{n}\n:::\n" for n in noten)))
        grafiek = self.grafiek_vraag(vraag, jaar)
        if grafiek is not None:
            blokken.append(grafiek)
        blokken += [self.tabel(vraag, jaar), Tekst(noot("Aantal gemeenten (percentage van n)."))]
        return blokken

    def paragraaf(self, sleutel: str) -> list:
        zinnen = self.inhoud.paragrafen.get(sleutel, [])
        if not zinnen:
            return []
        return [Tekst("::: {.paragraaf}\n" + " ".join(b.tekst for b in zinnen) + "\n:::\n")]

    def onderdeel_blokken(self, sleutel: str, niveau: int = 4) -> list:
        vorig_boek = self.c.codeboek(self.vorig_jaar) if self.vorig_jaar else None
        vragen = [v for v in self.codeboek.gesloten_vragen if v.onderdeel == sleutel]
        oud = [
            v
            for v in (vorig_boek.gesloten_vragen if vorig_boek else [])
            if v.onderdeel == sleutel and v.id not in self.codeboek.per_id
        ]
        blokken = self.paragraaf(sleutel)
        for vraag in vragen:
            blokken += self.vraag_blokken(vraag, niveau=niveau)
        for vraag in oud:
            blokken += self.vraag_blokken(vraag, self.vorig_jaar, niveau)
            blokken.append(
                Tekst(
                    noot(f"Alleen in {self.vorig_jaar} gesteld; in {self.jaar} is deze vraag vervangen of vervallen.")
                )
            )
        return blokken

    def resultaten(self) -> list:
        blokken: list = [
            Tekst(
                "## 5. Resultaten per actielijn en pijler {#resultaten}\n\n"
                "Per actielijn en pijler eerst wat de cijfers laten zien, daarna per vraag de antwoorden van alle "
                "respondenten"
                + (
                    f" in {self.vorig_jaar} en {self.jaar}, en van het panel (gemeenten die beide jaren meededen)"
                    if self.vorig_jaar
                    else f" in {self.jaar}"
                )
                + ".\n"
            )
        ]
        for nummer, (sleutel, titel) in enumerate(self.onderdelen_van("resultaten"), 1):
            blokken.append(Tekst(f"### 5.{nummer} {titel} {{#onderdeel-{sleutel}}}\n"))
            blokken += self.onderdeel_blokken(sleutel)
        return blokken

    def losse_hoofdstukken(self) -> list:
        blokken: list = []
        for hoofdstuk, (sleutel, titel) in enumerate(self.onderdelen_van("los"), 6):
            blokken.append(Tekst(f"## {hoofdstuk}. {titel} {{#onderdeel-{sleutel}}}\n"))
            blokken += self.onderdeel_blokken(sleutel, niveau=3)
        return blokken

    def blokken(self) -> list:
        return (
            self.kop()
            + self.inhoudsopgave()
            + self.inleiding()
            + self.methode()
            + self.respons()
            + self.samenvatting()
            + self.resultaten()
            + self.losse_hoofdstukken()
            + self.colofon()
        )


def schrijf_cijferbestanden(c: Overzichtscijfers, map_: Path) -> list[Path]:
    """overzicht_cijfers.csv, respons.csv en een Excel-werkboek met dezelfde cijfers en leesbare namen."""
    map_.mkdir(parents=True, exist_ok=True)
    veilig.schrijf_csv(c.cijfers, map_ / "overzicht_cijfers.csv")
    veilig.schrijf_csv(c.respons, map_ / "respons.csv")
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
        veilig.veilige_tabel(toelichting).to_excel(schrijver, sheet_name="Toelichting", index=False)
        veilig.veilige_tabel(respons).to_excel(schrijver, sheet_name="Respons", index=False)
        veilig.veilige_tabel(leesbaar).to_excel(schrijver, sheet_name="Cijfers", index=False)
        veilig.veilige_tabel(c.per_provincie).to_excel(schrijver, sheet_name="Per provincie", index=False)
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
