"""De monitor en de rapporten in een echte browser: headless Chromium (Debian) via Playwright.

Op 390 en 1280 px breed: geen zijwaarts scrollen, elke grafiek getekend met tekst van minstens
11 px, geen verzoek buiten het bestand, geen consolefout, en axe-core (meegeleverd in
axe-playwright-python, werkt offline) zonder overtredingen van WCAG 2.1 A/AA.
Zonder Chromium of Playwright wordt de test overgeslagen met de reden.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright niet geïnstalleerd (pip install playwright)")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python ontbreekt")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("chromium niet gevonden: installeer het met 'apt-get install -y chromium'", allow_module_level=True)

BREEDTES = (390, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Klein, groot en samen ingevuld (demogegevens), plus de eerste in de lijst.
STEEKPROEF = ("GM9029", "GM9124", "GM9006")

MEET = """() => {
  const teksten = [...document.querySelectorAll('svg text')];  // ook de kaart
  const klein = teksten.map(t => {
    const schaal = t.ownerSVGElement.getScreenCTM().a;
    return parseFloat(getComputedStyle(t).fontSize) * schaal;
  }).filter(px => px < 11);
  const grafieken = [...document.querySelectorAll('figure.grafiek svg')];
  return {
    breedte: document.documentElement.scrollWidth,
    venster: window.innerWidth,
    grafieken: grafieken.length,
    getekend: grafieken.filter(s => s.getBoundingClientRect().width > 100 && s.querySelector('rect, path')).length,
    kleine_tekst: klein.length,
    koppen: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]),
    links: [...document.querySelectorAll('a[href]')].map(a => [a.textContent.trim(), a.getAttribute('href')]),
  };
}"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


PAGINAS = [f"factsheets/{code}/factsheet.html" for code in STEEKPROEF] + [
    "overzicht/overzichtsrapportage.html",
    "validatie/validatie.html",
]


def bekijk(browser, pad: Path, breedte: int) -> tuple[dict, list[str], list[str], list]:
    context = browser.new_context(viewport={"width": breedte, "height": 900}, locale="nl-NL")
    pagina = context.new_page()
    buiten: list[str] = []
    fouten: list[str] = []

    def verzoek(route):
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            buiten.append(route.request.url)
            route.abort()

    pagina.route("**/*", verzoek)
    pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
    pagina.on("pageerror", lambda f: fouten.append(str(f)))
    pagina.goto(pad.as_uri(), wait_until="load")
    pagina.wait_for_timeout(200)
    meting = pagina.evaluate(MEET)
    uitslag = axe_module.Axe().run(pagina, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    overtredingen = uitslag.response["violations"]
    context.close()
    return meting, buiten, fouten, overtredingen


def problemen(browser, pad: Path, breedte: int) -> list[str]:
    meting, buiten, fouten, overtredingen = bekijk(browser, pad, breedte)
    uit = []
    if meting["breedte"] > meting["venster"]:
        uit.append(f"zijwaarts scrollen ({meting['breedte']} px breed)")
    if meting["getekend"] != meting["grafieken"]:
        uit.append(f"{meting['getekend']} van {meting['grafieken']} grafieken getekend")
    if meting["kleine_tekst"]:
        uit.append(f"{meting['kleine_tekst']} grafiekteksten kleiner dan 11 px")
    if buiten:
        uit.append(f"verzoeken buiten het bestand: {buiten[:3]}")
    if fouten:
        uit.append(f"consolefouten: {fouten[:3]}")
    for o in overtredingen:
        uit.append(f"axe {o['id']} ({o['impact']}): {json.dumps([n['target'] for n in o['nodes'][:2]])}")
    koppen = meting["koppen"]
    sprongen = [(a, b) for a, b in zip(koppen, koppen[1:]) if b > a + 1]
    if koppen[:1] != [1] or sprongen:
        uit.append(f"kopniveaus met gaten: {sprongen[:3]}")
    return uit


@pytest.mark.parametrize("breedte", BREEDTES)
@pytest.mark.parametrize("pagina", PAGINAS)
def test_pagina_in_de_browser(demo, browser, pagina, breedte):
    pad = demo / pagina
    assert pad.exists(), pagina
    assert problemen(browser, pad, breedte) == []


def test_monitor_linkteksten_uniek_en_grafieken_licht(demo, browser):
    pad = demo / "factsheets" / STEEKPROEF[2] / "factsheet.html"
    meting, *_ = bekijk(browser, pad, 1280)
    per_tekst: dict[str, set[str]] = {}
    for tekst, doel in meting["links"]:
        per_tekst.setdefault(tekst, set()).add(doel)
    assert {t: d for t, d in per_tekst.items() if len(d) > 1} == {}
    html = pad.read_text(encoding="utf-8")
    assert "<script" not in html
    assert meting["grafieken"] >= 10


def test_overzicht_grafieken_licht_en_compleet(demo, browser):
    """Elke grafiek van het overzicht is een vaste SVG met tekst en vormen, zonder script."""
    pad = demo / "overzicht" / "overzichtsrapportage.html"
    html = pad.read_text(encoding="utf-8")
    assert "<script" not in html
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="nl-NL")
    pagina = context.new_page()
    pagina.goto(pad.as_uri(), wait_until="load")
    figuren = pagina.evaluate(
        """() => [...document.querySelectorAll('figure.grafiek')].map(f => {
          const s = f.querySelector(':scope > svg');
          return s && {breedte: s.getBoundingClientRect().width, label: s.getAttribute('aria-label'),
                       teksten: s.querySelectorAll('text').length, vormen: s.querySelectorAll('rect, path').length};
        })"""
    )
    context.close()
    # Per vraag met cijfers een grafiek, plus provincies en kaart: tientallen, elk over de hele kolom.
    assert len(figuren) == html.count('<figure class="grafiek">') >= 20
    assert all(f and f["breedte"] > 300 and f["label"] and f["teksten"] >= 2 and f["vormen"] >= 2 for f in figuren)
