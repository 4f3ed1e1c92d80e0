"""Benchmark: de landelijke run op de demo van landelijke omvang, en wat een correctie kost.

Eén run van dit script meet, elk als `eenzaamheid run` in een eigen proces:
  1. de volledige run (validatie, openbaarmaking, alle factsheets, overzicht, controle van de
     openbaarmaking) in een lege map, met een lege tussenopslag (niets uit eerdere runs);
  2. dezelfde run nog eens, zonder wijziging;
  3. na één gewijzigd RIVM-cijfer (één buurt van één getelde gemeente, +0,1: een correctie die de
     kwantielgrenzen van de kaart niet verschuift; verschuift zij die wel, dan verandert elke kaart);
  4. na één gewijzigde tiptekst (`rules/tips.yml`; zonder tips: een zin van de samenvatting in
     `rules/factsheet_teksten.yml`), de tekst die de minste factsheets tonen;
  5. na één gewijzigd antwoord (dat verandert de landelijke cijfers, dus elke factsheet);
en daarbij het piekgeheugen (RSS en PSS van de run en al zijn kindprocessen opgeteld, psutil), de grootte
van de uitvoer, en op een steekproef de gewone manier (per gemeente papermill met een verse kernel
plus dezelfde opmaak) om de tijd per factsheet te vergelijken. Regels en code komen uit een kopie
van het project in de werkmap, zodat de kloon niet verandert. Het is geen test en faalt niet op een tijd.

    .venv/bin/python benchmarks/landelijk.py [--gemeenten 350] [--vers 6] [--werkers 2] [--map DIR]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

from eenzaamheid.config import KLOON
from eenzaamheid.demo import schrijf_demo


def kopieer_project(doel: Path) -> Path:
    negeer = shutil.ignore_patterns("__pycache__", "*.egg-info", "_project")
    for naam in ("src", "rules", "notebooks"):
        shutil.copytree(KLOON / naam, doel / naam, ignore=negeer)
    shutil.copyfile(KLOON / "_brand.yml", doel / "_brand.yml")
    return doel


class Meting:
    """Draai een opdracht en houd de som van het geheugen van het proces en zijn kinderen bij."""

    def __init__(self, project: Path):
        self.project = project
        self.piek = 0  # som van RSS: gedeelde bibliotheken tellen in elk proces mee
        self.piek_pss = 0  # som van PSS: gedeelde pagina's naar rato verdeeld

    def draai(self, *args: str) -> tuple[float, str, int]:
        omgeving = dict(
            os.environ,
            PYTHONPATH=str(self.project / "src"),
            EENZAAMHEID_TUSSENOPSLAG=str(self.project / "tussenopslag"),
        )
        begin = time.perf_counter()
        proces = subprocess.Popen(
            [sys.executable, "-m", "eenzaamheid.cli", *args],
            env=omgeving,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        piek = [0, 0]

        def kijk() -> None:
            hoofd = psutil.Process(proces.pid)
            while proces.poll() is None:
                rss = pss = 0
                try:
                    for p in [hoofd, *hoofd.children(recursive=True)]:
                        info = p.memory_full_info()
                        rss, pss = rss + info.rss, pss + info.pss
                except psutil.Error:
                    pass
                piek[0], piek[1] = max(piek[0], rss), max(piek[1], pss)
                time.sleep(0.2)

        wachter = threading.Thread(target=kijk, daemon=True)
        wachter.start()
        uit, _ = proces.communicate()
        wachter.join()
        self.piek = max(self.piek, piek[0])
        self.piek_pss = max(self.piek_pss, piek[1])
        return time.perf_counter() - begin, uit, proces.returncode


def stap(meting: Meting, naam: str, params: Path, werkers: int) -> dict:
    seconden, uit, code = meting.draai("run", "--params", str(params), "--werkers", str(werkers))
    if code != 0:
        print(uit)
        raise SystemExit(f"{naam}: afsluitcode {code}")
    regel = re.search(r"Factsheets: (\d+) gemaakt, (\d+) ongewijzigd, (\d+) mislukt \(([\d.]+) s\)", uit)
    delen = {
        naam: float(m.group(1)) if (m := re.search(rf"^{naam}:[^\n]*?\(([\d.]+) s\)", uit, re.M)) else 0.0
        for naam in ("Validatie", "Openbaarmaking", "Overzicht", "Controle openbaarmaking")
    }
    return {
        "delen": delen,
        "stap": naam,
        "seconden": seconden,
        "factsheets_gemaakt": int(regel.group(1)),
        "factsheets_ongewijzigd": int(regel.group(2)),
        "factsheets_seconden": float(regel.group(4)),
        "validatie": "ongewijzigd" if "Validatie: invoer ongewijzigd" in uit else "opnieuw",
        "overzicht": "ongewijzigd" if "Overzicht: ongewijzigd" in uit else "opnieuw",
    }


def wijzig_velden(pad: Path, wijzig) -> None:
    """Pas velden aan per regel (split/join op ';' laat de rest van elke regel byte voor byte staan)."""
    regels = pad.read_text(encoding="utf-8").split("\n")
    kop = regels[0].lstrip("\ufeff").split(";")
    gewijzigd = False
    for n in range(1, len(regels)):
        velden = regels[n].split(";")
        if len(velden) > 1 and wijzig(kop, velden):
            regels[n] = ";".join(velden)
            gewijzigd = True
    if not gewijzigd:
        raise SystemExit(f"niets gewijzigd in {pad}")
    pad.write_text("\n".join(regels), encoding="utf-8")


def wijzig_rivm(ruw: Path, code: str) -> None:
    klaar = []

    def wijzig(kop, velden):
        i = kop.index("Eenzaam_27")
        if klaar or not velden[1].strip().startswith("BU" + code[2:]) or velden[i].strip() in ("", "."):
            return False
        velden[i] = f"{float(velden[i]) + 0.1:8.1f}"
        klaar.append(True)
        return True

    wijzig_velden(ruw / "rivm" / "gezondheid_buurten.csv", wijzig)


def wijzig_antwoord(ruw: Path, code: str) -> None:
    def wijzig(kop, velden):
        i = kop.index("signaalpunt")
        if velden[1] != code:
            return False
        velden[i] = "nee" if velden[i] == "ja" else "ja"
        return True

    wijzig_velden(ruw / "2020" / "vragenlijst_2020.csv", wijzig)


def wijzig_tiptekst(project: Path, uitvoer: Path) -> tuple[str, int]:
    """Voeg een woord toe aan de tekst die de minste factsheets tonen; geeft (regel, aantal factsheets)."""
    toestand = json.loads((uitvoer / ".bouw" / "factsheets.json").read_text(encoding="utf-8"))
    bestand = "tips.yml" if (project / "rules" / "tips.yml").is_file() else "factsheet_teksten.yml"
    tellen: dict[tuple[str, str], int] = {}
    for onderdeel in toestand.values():
        for b, regel, veld in onderdeel["ingevuld"]:
            if b == bestand and veld == "tekst":
                tellen[(regel, veld)] = tellen.get((regel, veld), 0) + 1
    (regel, veld), aantal = min(tellen.items(), key=lambda x: (x[1], x[0]))
    pad = project / "rules" / bestand
    bron = pad.read_text(encoding="utf-8")
    plek = re.search(rf"id: {regel}\n(?:.*\n)*?\s+{veld}: \"(.*)\"\n", bron)
    pad.write_text(bron[: plek.end(1)] + " (bijgewerkt)" + bron[plek.end(1) :], encoding="utf-8")
    return f"{bestand}: {regel}", aantal


def _papermill_reeks(project_src: str, params_bestand: str, codes: list[str]) -> None:
    sys.path.insert(0, project_src)
    from eenzaamheid.rapporteren.factsheets import maak_factsheet_papermill

    for code in codes:
        maak_factsheet_papermill(Path(params_bestand), code)


def vers(project: Path, params_bestand: Path, codes: list[str], werkers: int) -> float:
    """Seconden per factsheet per core op de gewone manier (verse kernel per gemeente)."""
    os.environ["PYTHONPATH"] = str(project / "src")  # ook de kernels rekenen met de kopie
    begin = time.perf_counter()
    with ProcessPoolExecutor(werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
        delen = [codes[i::werkers] for i in range(werkers)]
        list(pool.map(_papermill_reeks, [str(project / "src")] * werkers, [str(params_bestand)] * werkers, delen))
    return (time.perf_counter() - begin) * werkers / len(codes)


def grootte(map_: Path) -> int:
    return sum(p.stat().st_size for p in map_.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=350)
    parser.add_argument("--vers", type=int, default=6, help="gemeenten in de steekproef voor de verse manier")
    parser.add_argument("--werkers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--map", type=Path, help="werkmap (standaard een tijdelijke map, daarna verwijderd)")
    args = parser.parse_args()

    werkmap = args.map or Path(tempfile.mkdtemp(prefix="landelijk-"))
    if werkmap.exists() and any(werkmap.iterdir()):
        raise SystemExit(f"{werkmap} is niet leeg")
    project = kopieer_project(werkmap / "project")
    params = schrijf_demo(werkmap / "demo", args.gemeenten)
    ruw = werkmap / "demo" / "data" / "raw"
    uitvoer = werkmap / "demo" / "reports" / "2020"
    meting = Meting(project)
    belasting = os.getloadavg()[0]

    rijen = [stap(meting, "volledige run", params, args.werkers)]
    geteld = rijen[0]["factsheets_gemaakt"]
    piek_volledig, pss_volledig = meting.piek, meting.piek_pss
    rijen.append(stap(meting, "niets veranderd", params, args.werkers))
    codes = sorted(p.name for p in (uitvoer / "factsheets").iterdir() if p.is_dir())
    wijzig_rivm(ruw, codes[len(codes) // 2])
    rijen.append(stap(meting, "1 RIVM-cijfer", params, args.werkers))
    tip, tonen = wijzig_tiptekst(project, uitvoer)
    rijen.append(stap(meting, f"1 tekst ({tip}, in {tonen} factsheets)", params, args.werkers))
    wijzig_antwoord(ruw, codes[len(codes) // 3])
    rijen.append(stap(meting, "1 antwoord", params, args.werkers))
    omvang = grootte(uitvoer)
    omvang_factsheets = grootte(uitvoer / "factsheets")

    steekproef = codes[: args.vers]
    per_factsheet_vers = vers(project, params.resolve(), steekproef, args.werkers)
    volledig = rijen[0]
    per_factsheet_warm = volledig["factsheets_seconden"] * args.werkers / geteld

    print(
        f"\nLandelijke demo: {args.gemeenten} gemeenten, {geteld} geteld; {args.werkers} werkers, "
        f"{os.cpu_count()} cores; belasting bij de start {belasting:.1f} (gedeelde machine)"
    )
    print(f"{'stap':<58} {'totaal s':>9} {'factsheets':>20} {'validatie':>11} {'overzicht':>11}")
    for r in rijen:
        fs = f"{r['factsheets_gemaakt']} gemaakt/{r['factsheets_ongewijzigd']} ongew."
        print(f"{r['stap']:<58} {r['seconden']:>9.1f} {fs:>20} {r['validatie']:>11} {r['overzicht']:>11}")
        d = r["delen"]
        print(
            f"{'':<4}validatie {d['Validatie']:.1f} s, openbaarmaking {d['Openbaarmaking']:.1f} s, "
            f"factsheets {r['factsheets_seconden']:.1f} s, overzicht {d['Overzicht']:.1f} s, "
            f"controle {d['Controle openbaarmaking']:.1f} s"
        )
    print(
        f"piekgeheugen, som over processen: RSS {piek_volledig / 2**30:.2f} GiB, PSS {pss_volledig / 2**30:.2f} GiB "
        f"(volledige run); RSS {meting.piek / 2**30:.2f} GiB, PSS {meting.piek_pss / 2**30:.2f} GiB (hele benchmark)"
    )
    print(
        f"uitvoer: {omvang / 1e6:.0f} MB, waarvan factsheets {omvang_factsheets / 1e6:.0f} MB "
        f"({omvang_factsheets / geteld / 1e6:.2f} MB per gemeente)"
    )
    print(
        f"per factsheet per core: warme kernel {per_factsheet_warm:.2f} s (volledige run), "
        f"verse papermill {per_factsheet_vers:.2f} s ({len(steekproef)} gemeenten), "
        f"verhouding {per_factsheet_vers / per_factsheet_warm:.1f}x"
    )
    if args.map is None:
        shutil.rmtree(werkmap, ignore_errors=True)


if __name__ == "__main__":
    main()
