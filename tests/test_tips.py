"""Tips en fasen uit rules/: elke regel vuurt en vuurt niet op zelfgemaakte antwoorden, en een
kapot regelbestand geeft een Nederlandse melding met bestand, regel-id en regelnummer."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from eenzaamheid.config import DATA_RAW, REGELS
from eenzaamheid.fouten import InvoerFout
from eenzaamheid.inlezen.codeboek import lees_codeboek
from eenzaamheid.regels import laad_fasen
from eenzaamheid.tipregels import controleer_tips, laad_materiaal, laad_tips, lees_tips
from eenzaamheid.verwerken.antwoorden import bekende_namen, lege_context, met_waarden
from eenzaamheid.verwerken.fasen import bereken_fasen
from eenzaamheid.verwerken.tips import Tip, kies_tips

CODEBOEK = lees_codeboek(DATA_RAW / "2020" / "vragenlijst_2020.yml")
FASEN = laad_fasen(REGELS / "fasen.yml")
CATALOGUS = laad_tips()
GEVALLEN = yaml.safe_load((Path(__file__).parent / "gevallen" / "tips.yml").read_text(encoding="utf-8"))
BEKEND = bekende_namen(CODEBOEK, FASEN)
PER_ID = {t.id: t for t in CATALOGUS.tips}


def _context(waarden: dict) -> dict:
    onbekend = sorted(set(waarden) - set(BEKEND))
    assert not onbekend, f"testgeval noemt onbekende namen: {onbekend}"
    if any(naam.startswith(("vorig.", "ontwikkeling.")) for naam in waarden):
        waarden = {"vorig_jaar": 2019, "vorig_jaar_deelgenomen": True, **waarden}
    return met_waarden(lege_context(CODEBOEK, FASEN), CODEBOEK, FASEN, waarden)


def test_catalogus_past_bij_het_codeboek_en_dekt_elk_onderdeel():
    controleer_tips(CATALOGUS, CODEBOEK.onderdelen, BEKEND)
    FASEN.controleer(CODEBOEK, REGELS / "fasen.yml")
    assert len(CATALOGUS.tips) >= 25
    pijlers_en_actielijnen = {o for o, naam in CODEBOEK.onderdelen.items() if naam.startswith(("Pijler", "Actielijn"))}
    assert len(pijlers_en_actielijnen) == 7
    assert pijlers_en_actielijnen <= {t.onderdeel for t in CATALOGUS.tips}
    assert pijlers_en_actielijnen == set(FASEN.onderdelen)
    materiaal = laad_materiaal()
    assert {t.materiaal for t in CATALOGUS.tips} == set(materiaal), "elk materiaal hoort bij minstens één tip"
    assert len({m.naam for m in materiaal.values()}) == len(materiaal)


def test_elk_testgeval_hoort_bij_een_tip():
    assert set(GEVALLEN) <= set(PER_ID), f"gevallen zonder tip: {sorted(set(GEVALLEN) - set(PER_ID))}"


@pytest.mark.parametrize("tip_id", [t.id for t in CATALOGUS.tips])
def test_tip_vuurt_en_vuurt_niet(tip_id):
    gevallen = GEVALLEN.get(tip_id)
    assert gevallen, f"tip '{tip_id}' heeft geen testgeval in tests/gevallen/tips.yml"
    assert gevallen.get("vuurt") and gevallen.get("vuurt_niet"), "elk geval moet vuren én niet vuren"
    regel = PER_ID[tip_id]
    for waarden in gevallen["vuurt"]:
        context = _context(waarden)
        assert regel.geldt(context), f"{tip_id} zou moeten gelden bij {waarden}"
        reden = regel.reden.vul_in(context)
        assert reden.startswith("U gaf aan dat") and "None" not in reden, reden
        # Elk aangehaald antwoord (‘…’) is het label uit het codeboek van een antwoord uit het geval.
        aanhaalbaar = set()
        for naam, waarde in waarden.items():
            if naam.startswith("fase."):
                aanhaalbaar.add(FASEN.per_sleutel(waarde).naam)
            if "." in naam and not naam.startswith("vorig."):
                continue
            vraag = CODEBOEK.per_id[naam.split(".")[-1].split("__")[0]]
            labels = [vraag.optie(c).label for c in (waarde if isinstance(waarde, list) else [waarde])]
            aanhaalbaar |= set(labels) | {", ".join(labels[:-1]) + " en " + labels[-1]}
        for aangehaald in re.findall(r"‘([^’]*)’", reden):
            assert aangehaald in aanhaalbaar, (aangehaald, aanhaalbaar)
        assert "None" not in regel.tekst.vul_in(context)
    for waarden in gevallen["vuurt_niet"]:
        assert not regel.geldt(_context(waarden)), f"{tip_id} zou niet moeten gelden bij {waarden}"


@pytest.mark.parametrize("antwoord", [o.code for o in CODEBOEK.per_id["huisbezoeken"].opties])
def test_voorbeeld_van_het_product_over_de_drempel(antwoord):
    """Geen huisbezoeken met eenzaamheid als onderwerp: de tip naar 'Over de drempel'; in de volle breedte niet."""
    context = _context({"huisbezoeken": antwoord})
    tips = [t for t in CATALOGUS.tips if t.geldt(context) and t.materiaal == "over_de_drempel"]
    verwacht = antwoord in ("nee", "plannen", "zonder_eenzaamheid")
    assert ("huisbezoeken_over_de_drempel" in [t.id for t in tips]) == verwacht
    if antwoord == "ja_volledig":
        assert tips == []


# -- fasen -----------------------------------------------------------------------------------


def _verhouding(onderdeel: str, keuzes: dict) -> float:
    """Onafhankelijk van de code: rang / hoogste rang per (vraag, rij), gemiddeld."""
    regel = FASEN.onderdelen[onderdeel]
    delen = []
    for (vraag_id, _rij), opties in keuzes.items():
        vraag = CODEBOEK.per_id[vraag_id]
        rangen = regel.rangen.get(vraag_id) or {o.code: o.rang for o in vraag.opties}
        delen.append(max(rangen[o] for o in opties) / max(rangen.values()))
    return sum(delen) / len(delen)


def _verwachte_fase(verhouding: float) -> str:
    grenzen = [(f.tot, f.sleutel) for f in FASEN.fasen]
    return next(s for tot, s in grenzen if verhouding < tot)


def _combinaties(onderdeel: str):
    """Alle antwoordcombinaties; bij een matrix elke rij hetzelfde antwoord, of één rij afwijkend van
    de laagste of hoogste stand."""
    vragen = FASEN.vragen_van(onderdeel, CODEBOEK)
    per_vraag = []
    for v in vragen:
        codes = [o.code for o in v.opties]
        if v.type == "matrix":
            keuzes = [{(v.id, r): (c,) for r in v.rij_codes} for c in codes]
            for rest in (codes[0], codes[-1]):
                keuzes += [{**{(v.id, r): (rest,) for r in v.rij_codes}, (v.id, v.rij_codes[0]): (c,)} for c in codes]
        else:
            keuzes = [{(v.id, ""): (c,)} for c in codes]
        per_vraag.append(keuzes)
    for combinatie in itertools.product(*per_vraag):
        yield {k: w for deel in combinatie for k, w in deel.items()}


@pytest.mark.parametrize("onderdeel,fase", [(o, f.sleutel) for o in FASEN.onderdelen for f in FASEN.fasen])
def test_fase_vuurt_en_vuurt_niet(onderdeel, fase):
    geraakt = gemist = 0
    for keuzes in _combinaties(onderdeel):
        verwacht = _verwachte_fase(_verhouding(onderdeel, keuzes))
        uitkomst = bereken_fasen(keuzes, FASEN, CODEBOEK)[onderdeel].sleutel
        assert uitkomst == verwacht, (keuzes, uitkomst, verwacht)
        geraakt += uitkomst == fase
        gemist += uitkomst != fase
    assert geraakt and gemist, f"fase {fase} van {onderdeel}: {geraakt} keer wel, {gemist} keer niet"


def test_geen_antwoord_geen_fase_en_buiten_fase_telt_niet_mee():
    fasen = bereken_fasen({}, FASEN, CODEBOEK)
    assert all(f.sleutel is None for f in fasen.values())
    # Volledig afhankelijk van tijdelijke financiering maakt een duurzame aanpak niet 'nog niet gestart'.
    keuzes = {("langetermijnvisie", ""): ("ja",), ("tijdelijke_financiering", ""): ("volledig",)}
    duurzaam = bereken_fasen(keuzes, FASEN, CODEBOEK)["duurzaam"]
    assert duurzaam.sleutel == "verankerd" and duurzaam.vragen == ("langetermijnvisie",)


# -- kiezen ----------------------------------------------------------------------------------


def _tip(i: int, onderdeel: str, prioriteit: int) -> Tip:
    return Tip(f"t{i}", onderdeel, prioriteit, "tekst", "reden", "m", "m", "b", "https://x.nl/", volgorde=i)


def test_kiezen_prioriteit_ten_hoogste_twee_per_onderdeel_en_maximum():
    tips = [_tip(0, "a", 3), _tip(1, "a", 1), _tip(2, "a", 2), _tip(3, "b", 3), _tip(4, "c", 3), _tip(5, "d", 2)]
    gekozen = kies_tips(reversed(tips), maximum=4)
    assert [t.id for t in gekozen if t.getoond] == ["t1", "t2", "t5", "t3"]
    # Alle gevuurde tips blijven, ook die niet getoond worden (voor tips.csv).
    assert sorted(t.id for t in gekozen) == [f"t{i}" for i in range(6)]
    assert kies_tips(tips, 4) == gekozen  # de volgorde van binnenkomst maakt niet uit


# -- kapotte regelbestanden ----------------------------------------------------------------------


GOEDE_TIP = {
    "id": "coalitie_opzetten",
    "onderdeel": "netwerk",
    "als": "coalitie == 'geen'",
    "prioriteit": 1,
    "tekst": "Zet een coalitie op.",
    "reden": "U gaf aan dat er geen coalitie is (‘{{ label.coalitie }}’).",
    "materiaal": "toolkit_lokale_coalitie",
}


def _laad(tmp_path, tweede: dict) -> list[str]:
    pad = tmp_path / "tips.yml"
    tekst = yaml.safe_dump({"tips": [GOEDE_TIP, dict(tweede)]}, allow_unicode=True, sort_keys=False)
    pad.write_text(tekst, encoding="utf-8")
    catalogus = lees_tips(pad, laad_materiaal())
    controleer_tips(catalogus, CODEBOEK.onderdelen, BEKEND)
    return tekst.splitlines()


def _regel_van(tmp_path, tweede: dict, veld: str | None) -> int:
    """Regelnummer (1 = eerste) van `veld` van de tweede tip in het bestand, of van de tip zelf."""
    regels = yaml.safe_dump({"tips": [GOEDE_TIP, dict(tweede)]}, allow_unicode=True, sort_keys=False).splitlines()
    begin = [i for i, r in enumerate(regels) if r.startswith("- ")][1]
    if veld is None:
        return begin + 1
    return next(i for i, r in enumerate(regels) if i >= begin and r.lstrip("- ").startswith(f"{veld}:")) + 1


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        ({"als": "huisbezoek in ['nee']"}, "als", r"\(als\): onbekende naam 'huisbezoek' \(bedoelt u huisbezoeken"),
        ({"als": "huisbezoeken == 'neee'"}, "als", r"\(als\): 'neee' is geen optie van huisbezoeken \(bedoelt u nee"),
        (
            {"als": "'anderz' in ondersteuning_signalen"},
            "als",
            r"\(als\): 'anderz' is geen optie van ondersteuning_signalen",
        ),
        (
            {"als": "tools__adviseur == 'bekend'"},
            "als",
            r"\(als\): onbekende naam 'tools__adviseur' \(bedoelt u tools__adviseurs",
        ),
        ({"als": "tools__adviseurs == 'bekent'"}, "als", r"\(als\): 'bekent' is geen optie van tools__adviseurs"),
        ({"als": "huisbezoeken in ['nee'"}, "als", r"\(als\): niet te lezen"),
        ({"als": "vorig.huisbezoeken == 'ja'"}, "als", r"\(als\): 'ja' is geen optie van vorig.huisbezoeken"),
        ({"als": "fase.netwerk == 'gestart'"}, "als", r"\(als\): 'gestart' is geen optie van fase.netwerk"),
        (
            {"reden": "U gaf aan dat {{ label.huisbezoekn }}."},
            "reden",
            r"\(reden\): onbekende naam 'label.huisbezoekn'",
        ),
        ({"reden": "Omdat het moet."}, "reden", r"\(reden\): een reden begint met 'U gaf aan dat"),
        (
            {"reden": "U gaf aan dat 57% van de gemeenten dit doet."},
            "reden",
            r"\(reden\): geen getallen in de tekst zelf",
        ),
        (
            {"materiaal": "over_de_drempl"},
            "materiaal",
            r"\(materiaal\): onbekend materiaal 'over_de_drempl' \(bedoelt u over_de_drempel",
        ),
        ({"onderdeel": "netwerkk"}, "onderdeel", r"\(onderdeel\): onbekend onderdeel 'netwerkk' \(bedoelt u netwerk"),
        ({"prioriteit": "hoog"}, "prioriteit", r"\(prioriteit\): prioriteit is een heel getal"),
        ({"extra": 1}, None, r"\(velden\): onbekend veld 'extra'"),
        ({"reden": None}, None, r"\(velden\): veld 'reden' ontbreekt"),
    ],
)
def test_kapotte_tip_geeft_melding_met_bestand_id_en_regel(tmp_path, wijziging, veld, melding):
    tweede = {k: v for k, v in {**GOEDE_TIP, "id": "kapot", **wijziging}.items() if v is not None}
    regel = _regel_van(tmp_path, tweede, veld)
    verwacht = rf"^bestand {re.escape(str(tmp_path / 'tips.yml'))}, regel {regel}: regel 'kapot' {melding}"
    with pytest.raises(InvoerFout, match=verwacht):
        _laad(tmp_path, tweede)


def test_dubbele_tip_id(tmp_path):
    regel = _regel_van(tmp_path, GOEDE_TIP, None)
    with pytest.raises(
        InvoerFout, match=rf"regel {regel}: regel 'coalitie_opzetten' \(id\): deze id komt twee keer voor"
    ):
        _laad(tmp_path, dict(GOEDE_TIP))


def _fasen_met(tmp_path, wijzig) -> Path:
    gegevens = yaml.safe_load((REGELS / "fasen.yml").read_text(encoding="utf-8"))
    wijzig(gegevens)
    pad = tmp_path / "fasen.yml"
    pad.write_text(yaml.safe_dump(gegevens, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


@pytest.mark.parametrize(
    "wijzig,melding",
    [
        (
            lambda g: g["onderdelen"]["doorbreken"].update(vragen=["toolz"]),
            r"regel 'doorbreken' \(vragen\): onbekende vraag 'toolz'.*tools",
        ),
        (
            lambda g: g["onderdelen"].update(netwerkk={"meet": "x"}),
            r"regel 'netwerkk' \(onderdelen\): onbekend onderdeel.*netwerk",
        ),
        (
            lambda g: g["onderdelen"]["duurzaam"]["rangen"].pop("langetermijnvisie"),
            r"regel 'duurzaam' \(onderdelen\): optie 'ja' van vraag 'langetermijnvisie' heeft geen rang",
        ),
        (
            lambda g: g["onderdelen"]["duurzaam"]["rangen"]["langetermijnvisie"].update(misschien=1),
            r"regel 'duurzaam' \(rangen\): 'misschien' is geen optie van langetermijnvisie",
        ),
        (
            lambda g: g["buiten_fase"].update(tijdelijke_financiring="x"),
            r"regel 'tijdelijke_financiring' \(buiten_fase\): onbekende vraag.*tijdelijke_financiering",
        ),
    ],
)
def test_kapotte_fasen_geven_melding_met_bestand_onderdeel_en_regel(tmp_path, wijzig, melding):
    pad = _fasen_met(tmp_path, wijzig)
    with pytest.raises(InvoerFout, match=melding) as fout:
        laad_fasen.__wrapped__(pad).controleer(CODEBOEK, pad)
    assert str(pad) in str(fout.value) and fout.value.regel is not None


def test_fasetekst_met_onbekende_naam(tmp_path):
    pad = _fasen_met(tmp_path, lambda g: g["teksten"][0].update(tekst="Fase: {{ fase_nam }}."))
    with pytest.raises(InvoerFout, match=r"regel 'fase_uitleg' \(tekst\): onbekende naam 'fase_nam'.*fase_naam"):
        laad_fasen.__wrapped__(pad)
