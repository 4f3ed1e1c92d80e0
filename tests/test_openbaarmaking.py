"""De exacte aanvaller tegen volledige opsomming, en de onderdrukking tegen een geplante onthulling."""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest

from eenzaamheid.verwerken.aanvaller import Vorm
from eenzaamheid.verwerken.blik import Cijfer, bevindingen
from eenzaamheid.verwerken.openbaarmaking import LANDELIJK, onderdruk_groepen, publicatie


def _mogelijke_antwoorden(vorm: Vorm):
    yield (False, frozenset())
    if not vorm.meer:
        for o in vorm.opties:
            yield (True, frozenset([o]))
        return
    for k in range(len(vorm.opties) + 1):
        for keuze in itertools.combinations(vorm.opties, k):
            if len(keuze) > 1 and vorm.exclusief & set(keuze):
                continue
            yield (True, frozenset(keuze))


def _cijfer(antwoorden, wie, vorm, verbergen=frozenset()):
    n = sum(antwoorden[u][0] for u in wie)
    aantal = tuple((o, None if o in verbergen else sum(o in antwoorden[u][1] for u in wie)) for o in vorm.opties)
    return Cijfer(None if verbergen else n, aantal)


def _brute_force(vorm, eenheden, leden, cijfers, zichtbaar, kijkers, antwoorden):
    """Alle antwoordcombinaties van de anderen die dezelfde getoonde cijfers geven; wat ligt per gemeente vast?"""
    anderen = [u for u in eenheden if u not in kijkers]
    opties = list(_mogelijke_antwoorden(vorm))
    mogelijk = {u: set() for u in anderen}
    for combinatie in itertools.product(opties, repeat=len(anderen)):
        proef = dict(antwoorden)
        proef.update(zip(anderen, combinatie))
        if all(
            _cijfer(proef, leden[g], vorm, {o for o, w in cijfers[g].aantal if w is None}) == cijfers[g]
            for g in zichtbaar
        ):
            for u, a in zip(anderen, combinatie):
                mogelijk[u].add(a)
    feiten = set()
    for u, set_ in mogelijk.items():
        if all(not b for b, _ in set_):
            feiten.add((u, "niet_beantwoord", None))
        for o in vorm.opties:
            if all(o in k for _, k in set_):
                feiten.add((u, "gekozen", o))
            if vorm.meer and all(b and o not in k for b, k in set_):
                feiten.add((u, "niet_gekozen", o))
    return feiten


def _groepsuitspraak(feit, u, zichtbaar, leden, cijfers):
    _, soort, o = feit
    for g in zichtbaar:
        if u in leden[g]:
            c, aantal = cijfers[g], dict(cijfers[g].aantal)
            if soort == "gekozen" and aantal.get(o) == len(leden[g]):
                return True
            if soort == "niet_beantwoord" and c.n == 0:
                return True
            if soort == "niet_gekozen" and c.n == len(leden[g]) and aantal.get(o) == 0:
                return True
    return False


@pytest.mark.parametrize("seed", range(40))
def test_aanvaller_gelijk_aan_volledige_opsomming(seed):
    rng = random.Random(seed)
    meer = rng.random() < 0.5
    opties = tuple(f"o{i}" for i in range(rng.choice([2, 3])))
    vorm = Vorm(opties, meer, frozenset(["o0"]) if meer and rng.random() < 0.5 else frozenset())
    eenheden = [f"g{i}" for i in range(rng.randint(3, 6))]
    alle = list(_mogelijke_antwoorden(vorm))
    antwoorden = {u: rng.choice(alle) for u in eenheden}
    leden = {LANDELIJK: frozenset(eenheden)}
    for i in range(rng.randint(1, 3)):
        leden[("groep", str(i))] = frozenset(u for u in eenheden if rng.random() < 0.6) or frozenset(eenheden[:1])
    cijfers = {}
    for g, wie in leden.items():
        verbergen = frozenset(o for o in opties if g != LANDELIJK and rng.random() < 0.3)
        cijfers[g] = _cijfer(antwoorden, wie, vorm, verbergen)
    zichtbaar = list(leden)
    kijkers = tuple(rng.sample(eenheden, rng.choice([1, 2])))
    gevonden = {
        (u, b.soort, b.optie)
        for b in bevindingen(vorm, leden, cijfers, zichtbaar, kijkers, antwoorden, eenheden)
        for u in b.gemeenten
    }
    verwacht = {
        f
        for f in _brute_force(vorm, eenheden, leden, cijfers, zichtbaar, kijkers, antwoorden)
        if not _groepsuitspraak(f, f[0], zichtbaar, leden, cijfers)
    }
    # De aanvaller werkt per cel: een feit over één gemeente dat niet voor haar hele cel geldt, kan niet
    # vastliggen (gemeenten in een cel zijn uitwisselbaar), dus de opsomming moet precies hetzelfde vinden.
    assert gevonden == verwacht


@pytest.mark.parametrize("seed", range(30))
def test_snelle_uitsluitingen_laten_geen_gedwongen_feit_vallen(seed, monkeypatch):
    """Ruil en verschuiving sluiten feiten uit vóór het model; op tabellen te groot voor opsomming moet de
    uitkomst gelijk zijn aan die van het model alleen (dat elk kandidaat-feit zelf beslist)."""
    from eenzaamheid.verwerken import blik

    rng = random.Random(1000 + seed)
    meer = seed % 3 != 0
    opties = tuple(f"o{i}" for i in range(rng.choice([3, 4, 5])))
    vorm = Vorm(opties, meer, frozenset(["o0"]) if meer and rng.random() < 0.7 else frozenset())
    eenheden = [f"g{i:02d}" for i in range(rng.randint(12, 40))]
    alle = list(_mogelijke_antwoorden(vorm))
    # Weinig verschillende antwoorden en kleine groepen: dan liggen er echt feiten vast.
    gangbaar = rng.sample(alle, min(len(alle), rng.choice([2, 3, 5])))
    antwoorden = {u: rng.choice(gangbaar if rng.random() < 0.85 else alle) for u in eenheden}
    leden = {LANDELIJK: frozenset(eenheden)}
    for soort in ("provincie", "grootteklasse"):
        indeling = [rng.randrange(rng.choice([2, 3, 4])) for _ in eenheden]
        for i in set(indeling):
            leden[(soort, str(i))] = frozenset(u for u, j in zip(eenheden, indeling) if j == i)
    cijfers = {}
    for g, wie in leden.items():
        verbergen = frozenset(o for o in opties if g != LANDELIJK and rng.random() < 0.2)
        cijfers[g] = _cijfer(antwoorden, wie, vorm, verbergen)
    for _ in range(6):
        kijkers = tuple(rng.sample(eenheden, rng.choice([1, 2])))
        zichtbaar = list(leden)
        blik._cache.clear()
        snel = bevindingen(vorm, leden, cijfers, zichtbaar, kijkers, antwoorden, eenheden)
        with monkeypatch.context() as m:
            m.setattr(blik, "_zonder_ruil", lambda feiten, *_: feiten)
            m.setattr(blik, "_zonder_verschuiving", lambda feiten, *_: feiten)
            blik._cache.clear()
            model = bevindingen(vorm, leden, cijfers, zichtbaar, kijkers, antwoorden, eenheden)
        assert snel == model
    blik._cache.clear()


def _tabellen(antwoorden, leden, opties):
    rijen = []
    for (s, g), wie in leden.items():
        n = sum(antwoorden[u][0] for u in wie)
        for o in opties:
            aantal = sum(o in antwoorden[u][1] for u in wie)
            rijen.append({"soort": s, "groep": g, "vraag": "v", "rij": "", "optie": o, "aantal": aantal, "n": n})
    return pd.DataFrame(rijen)


def test_geplante_onthulling_wordt_gevonden_en_onderdrukt():
    # Geplant: provincie A heeft maar twee leden en toont toch haar cijfer; g1 kent dan het antwoord van g0.
    vorm = Vorm(("ja", "nee"))
    eenheden = [f"g{i}" for i in range(20)]
    antwoorden = {u: (True, frozenset(["ja" if i % 3 else "nee"])) for i, u in enumerate(eenheden)}
    antwoorden["g0"] = (True, frozenset(["nee"]))
    leden = {
        LANDELIJK: frozenset(eenheden),
        ("provincie", "A"): frozenset(eenheden[:2]),
        ("provincie", "B"): frozenset(eenheden[2:]),
        ("grootteklasse", "K"): frozenset(["g0", *eenheden[8:15]]),
        ("grootteklasse", "L"): frozenset(eenheden[1:8] + eenheden[15:]),
    }
    df = _tabellen(antwoorden, leden, vorm.opties).assign(onderdrukt=False)
    cijfers = publicatie(df, "v", "")
    kijkers = ("g1",)
    zicht = [LANDELIJK, ("provincie", "A"), ("provincie", "B"), ("grootteklasse", "K"), ("grootteklasse", "L")]
    b = bevindingen(vorm, leden, cijfers, zicht, kijkers, antwoorden, eenheden)

    assert any(x.gemeenten == ("g0",) and x.soort == "gekozen" and x.optie == "nee" for x in b)

    uit = onderdruk_groepen(_tabellen(antwoorden, leden, vorm.opties), leden, {"v": vorm}, {("v", ""): antwoorden}, 5)
    na = publicatie(uit.cellen.reset_index(), "v", "")
    from eenzaamheid.verwerken.openbaarmaking import lezers

    for k, zichtbaar in lezers(leden):
        assert not bevindingen(vorm, leden, na, zichtbaar, k, antwoorden, eenheden), k
    # En de onderdrukking is per groep: landelijk blijft compleet.
    assert not uit.cellen.loc["landelijk"]["onderdrukt"].any()


def test_parallel_per_tabel_geeft_dezelfde_beslissing(monkeypatch):
    """Regel 4 rekent de tabellen parallel: met 1 of 2 processen precies dezelfde cellen verborgen."""
    rng = random.Random(3)
    vorm = Vorm(("ja", "nee", "weet_niet"))
    eenheden = [f"g{i:02d}" for i in range(24)]
    leden = {
        LANDELIJK: frozenset(eenheden),
        ("provincie", "A"): frozenset(eenheden[:9]),
        ("provincie", "B"): frozenset(eenheden[9:]),
        # K is A plus één gemeente: het verschil van twee getoonde tabellen is haar antwoord.
        ("grootteklasse", "K"): frozenset(eenheden[:10]),
        ("grootteklasse", "L"): frozenset(eenheden[10:]),
    }
    delen, antwoorden = [], {}
    for v in range(10):
        per = {u: (True, frozenset([rng.choice(vorm.opties)])) for u in eenheden}
        antwoorden[(f"v{v}", "")] = per
        delen.append(_tabellen(per, leden, vorm.opties).assign(vraag=f"v{v}"))
    tabellen = pd.concat(delen, ignore_index=True)
    vormen_ = {f"v{v}": vorm for v in range(10)}

    uitkomst = {}
    for cores in (1, 2):
        monkeypatch.setattr("os.cpu_count", lambda cores=cores: cores)
        uitkomst[cores] = onderdruk_groepen(tabellen, leden, vormen_, antwoorden, 5).cellen
    pd.testing.assert_frame_equal(uitkomst[1], uitkomst[2])
    # Niet triviaal: regel 4 verborg hier echt iets.
    assert (uitkomst[2]["reden"] == "overlap").any()
