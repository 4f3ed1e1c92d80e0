"""Benchmark: een vragenlijstexport van ± 100 MB lezen en valideren; drukt tijd en piekgeheugen af.

De export is gemaakt uit de rijen van de demogenerator, herhaald met steeds andere
respondent-id's, in een tijdelijke map. Het is geen test en faalt niet op een tijd.

    .venv/bin/python benchmarks/lezen.py [--mb 100]
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import tempfile
import time
from pathlib import Path

from eenzaamheid.config import DATA_RAW
from eenzaamheid.demo import JAAR, _params
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.valideren.invoer import valideer


def vergroot(pad: Path, megabytes: float) -> int:
    """Herhaal de datarijen van `pad` met unieke respondent-id's tot het bestand `megabytes` groot is."""
    with pad.open(encoding="utf-8-sig", newline="") as f:
        kop, *rijen = list(csv.reader(f, delimiter=";"))
    doel = int(megabytes * 1024 * 1024)
    aantal, ronde = 0, 0
    with pad.open("w", encoding="utf-8", newline="") as uit:
        schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
        schrijver.writerow(kop)
        while uit.tell() < doel:
            schrijver.writerows([f"{r[0]}-{ronde}", *r[1:]] for r in rijen)
            aantal += len(rijen)
            ronde += 1
    return aantal


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="grootte van de export in MB")
    args = parser.parse_args(argv)
    map_ = Path(tempfile.mkdtemp(prefix="lezen-"))
    try:
        # De demogegevens uit de repository, zonder de kaarten (die horen niet bij deze meting).
        shutil.copytree(DATA_RAW, map_ / "data" / "raw", ignore=shutil.ignore_patterns("cbs", "rivm"))
        params_pad = map_ / "params" / "demo.yml"
        params_pad.parent.mkdir()
        params_pad.write_text(_params(map_ / "data" / "raw", params_pad.parent), encoding="utf-8")
        export = map_ / "data" / "raw" / str(JAAR) / f"vragenlijst_{JAAR}.csv"
        rijen = vergroot(export, args.mb)
        grootte = export.stat().st_size / 1024 / 1024
        begin, cpu = time.perf_counter(), time.process_time()
        validatie = valideer(lees_params(params_pad), met_kaarten=False)
        duur, cpu = time.perf_counter() - begin, time.process_time() - cpu
        piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        telling = next(t for t in validatie.tellingen if t.bestand.endswith(export.name))
        print(
            f"{grootte:.0f} MB, {rijen} rijen: gelezen en gevalideerd in {duur:.1f} s wandklok, {cpu:.1f} s CPU "
            f"({1e6 * cpu / rijen:.0f} µs CPU per rij), piekgeheugen van het proces {piek:.0f} MB; "
            f"gelezen {telling.gelezen}, geteld {telling.geteld}, quarantaine {telling.quarantaine}"
        )
    finally:
        shutil.rmtree(map_)


if __name__ == "__main__":
    main()
