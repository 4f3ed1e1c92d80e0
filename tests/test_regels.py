"""Regels in rules/: geladen en gecontroleerd met duidelijke meldingen, en goed toegepast."""

from __future__ import annotations

import pytest
import yaml

from eenzaamheid.config import REGELS
from eenzaamheid.fouten import InvoerFout
from eenzaamheid.rapporteren.factsheet import GETALLEN, WOORDEN
from eenzaamheid.regels import Fasen, controleer_velden, kies, laad_fasen, laad_teksten, vul_in


def _schrijf(tmp_path, naam, data):
    pad = tmp_path / naam
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pad


def test_projectregels_laden_en_kloppen():
    teksten = laad_teksten(REGELS / "factsheet_teksten.yml")
    controleer_velden(teksten, GETALLEN, WOORDEN, REGELS / "factsheet_teksten.yml")
    fasen = laad_fasen(REGELS / "fasen.yml")
    assert [fasen.fase(r, 3) for r in range(4)] == ["Nog niet gestart", "Startfase", "Uitvoeringsfase", "Verankerd"]
    assert fasen.fase(1, 2) == "Uitvoeringsfase"  # 0,5 valt in de fase tot 0,99


def test_voorwaarden_en_invullen():
    teksten = laad_teksten.__wrapped__(REGELS / "factsheet_teksten.yml")
    velden = {v: 0 for v in GETALLEN} | {w: "x" for w in WOORDEN}
    velden |= {
        "aantal_verder": 2,
        "aantal_fasevragen": 9,
        "verder_lijst": "lokale coalitie en budget",
        "gemeente_naam": "Testdam",
        "vorig_jaar_deelgenomen": 1,
        "aantal_vragen": 40,
        "aantal_beantwoord": 40,
    }
    zinnen = vul_in(teksten.samenvatting, velden)
    assert "Bij 2 van de 9 fasevragen is Testdam verder dan de meeste gemeenten: lokale coalitie en budget." in zinnen
    assert not any("minder ver" in z for z in zinnen)  # aantal_minder_ver = 0: die regel vervalt


def test_kernboodschap_met_regel_id_en_ten_hoogste_het_maximum():
    teksten = laad_teksten.__wrapped__(REGELS / "factsheet_teksten.yml")
    velden = {v: 0 for v in GETALLEN} | {w: "x" for w in WOORDEN}
    velden |= {"aantal_verder": 2, "aantal_minder_ver": 1, "aantal_namens": 1, "aantal_vragen": 40}
    velden |= {"vorig_jaar_deelgenomen": 1, "aantal_vooruit": 1, "aantal_achteruit": 1, "gemeente_naam": "Testdam"}
    gekozen = kies(teksten.samenvatting, velden)
    assert [z.regel for z in gekozen] == ["namens", "verder", "minder_ver", "vooruit", "achteruit", "beantwoord"]
    assert gekozen[-1].tekst == "Testdam beantwoordde 0 van de 40 vragen."
    # De factsheet neemt er ten hoogste MAX_KERNZINNEN van, in de volgorde van het bestand.
    from eenzaamheid.rapporteren.factsheet import MAX_KERNZINNEN

    assert MAX_KERNZINNEN == 5 < len(gekozen)


def test_kapotte_voorwaarde_noemt_bestand_en_plek(tmp_path):
    pad = _schrijf(
        tmp_path,
        "t.yml",
        {
            "samenvatting": [
                {"id": "goed", "als": "aantal_verder > 0", "tekst": "a"},
                {"id": "kapot", "als": "aantal_verder groter dan 0", "tekst": "b"},
            ]
        },
    )
    # safe_dump schrijft elke regel over drie regels: de tweede regel begint op regel 5.
    with pytest.raises(InvoerFout, match=r"t.yml, regel 5: regel 'kapot' \(als\): niet te lezen: onverwacht 'groter'"):
        laad_teksten.__wrapped__(pad)


def test_dubbele_id_en_kapotte_tekst(tmp_path):
    pad = _schrijf(tmp_path, "t.yml", {"samenvatting": [{"id": "a", "tekst": "x"}, {"id": "a", "tekst": "y"}]})
    with pytest.raises(InvoerFout, match="regel-id 'a' komt twee keer voor"):
        laad_teksten.__wrapped__(pad)
    pad = _schrijf(tmp_path, "t.yml", {"samenvatting": [{"id": "a", "tekst": "{{ gemeente_naam "}]})
    with pytest.raises(InvoerFout, match=r"regel 'a' \(tekst\): niet te lezen"):
        laad_teksten.__wrapped__(pad)


def test_onbekend_veld_met_suggestie(tmp_path):
    pad = _schrijf(
        tmp_path, "t.yml", {"samenvatting": [{"id": "r1", "als": "aantal_verdr > 0", "tekst": "{{ gemeente_naam }}"}]}
    )
    teksten = laad_teksten.__wrapped__(pad)
    with pytest.raises(
        InvoerFout, match=r"regel 'r1' \(als\): onbekende naam 'aantal_verdr' .*bedoelt u aantal_verder"
    ):
        controleer_velden(teksten, GETALLEN, WOORDEN, pad)
    pad = _schrijf(
        tmp_path, "t.yml", {"samenvatting": [{"id": "r2", "als": "aantal_verder > 0", "tekst": "{{ gemeente }}"}]}
    )
    with pytest.raises(InvoerFout, match=r"regel 'r2' \(tekst\): onbekende naam 'gemeente'"):
        controleer_velden(laad_teksten.__wrapped__(pad), GETALLEN, WOORDEN, pad)


def _fase(sleutel, tot):
    return {"sleutel": sleutel, "naam": sleutel.upper(), "tot": tot, "uitleg": "x"}


def test_fasegrenzen_moeten_oplopen(tmp_path):
    pad = _schrijf(tmp_path, "f.yml", {"fasen": [_fase("a", 0.5), _fase("b", 0.4), _fase("c", 1.1)]})
    with pytest.raises(InvoerFout, match="moeten oplopen"):
        laad_fasen.__wrapped__(pad)
    with pytest.raises(ValueError, match="boven 1"):
        Fasen(fasen=[_fase("a", 0.5), _fase("b", 1.0)])
