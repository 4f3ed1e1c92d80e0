"""Zorgt dat de nette demotabellen er zijn voordat nbval de notebooks uitvoert."""


def pytest_sessionstart(session):
    from eenzaamheid.config import DATA_PROCESSED, DATA_RAW, PARAMS

    verwerkt = DATA_PROCESSED / "2020"
    nieuwste_invoer = max(p.stat().st_mtime for p in DATA_RAW.rglob("*") if p.is_file())
    # Het validatienotebook leest meldingen.csv van de demorun (map uitvoer van params/demo.yml).
    meldingen = PARAMS.parent / "reports" / "2020" / "validatie" / "meldingen.csv"
    if (
        not (verwerkt / "panel.json").is_file()
        or (verwerkt / "panel.json").stat().st_mtime < nieuwste_invoer
        or not meldingen.is_file()
    ):
        from eenzaamheid.cli import main

        main(["validate", "--params", str(PARAMS / "demo.yml")])
