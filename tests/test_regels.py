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
    assert [i for i, _ in gekozen] == ["namens", "verder", "minder_ver", "vooruit", "achteruit", "beantwoord"]
    assert [i for i, _ in kies(teksten.samenvatting, velden, 5)] == [i for i, _ in gekozen][:5]
    assert gekozen[-1][1] == "Testdam beantwoordde 0 van de 40 vragen."


def test_dubbele_regel_id_geeft_melding(tmp_path):
    regel = {"id": "a", "als": "aantal_verder > 0", "tekst": "x"}
    pad = _schrijf(tmp_path, "t.yml", {"samenvatting": [regel, regel]})
    with pytest.raises(InvoerFout, match="regel-id 'a' staat meer dan eens in samenvatting"):
        laad_teksten.__wrapped__(pad)


def test_kapotte_voorwaarde_noemt_bestand_en_plek(tmp_path):
    pad = _schrijf(
        tmp_path,
        "t.yml",
        {
            "samenvatting": [
                {"als": "aantal_verder > 0", "tekst": "a"},
                {"als": "aantal_verder groter dan 0", "tekst": "b"},
            ]
        },
    )
    with pytest.raises(InvoerFout, match=r"t.yml, kolom samenvatting\[1\].als: .*niet begrepen"):
        laad_teksten.__wrapped__(pad)


def test_onbekend_veld_met_suggestie(tmp_path):
    pad = _schrijf(tmp_path, "t.yml", {"samenvatting": [{"als": "aantal_verdr > 0", "tekst": "{gemeente_naam}"}]})
    teksten = laad_teksten.__wrapped__(pad)
    with pytest.raises(
        InvoerFout, match=r"samenvatting\[0\].als: onbekend getal 'aantal_verdr' .*bedoelt u aantal_verder"
    ):
        controleer_velden(teksten, GETALLEN, WOORDEN, pad)
    pad = _schrijf(tmp_path, "t.yml", {"samenvatting": [{"als": "aantal_verder > 0", "tekst": "{gemeente}"}]})
    with pytest.raises(InvoerFout, match=r"samenvatting\[0\].tekst: onbekend veld \{gemeente\}"):
        controleer_velden(laad_teksten.__wrapped__(pad), GETALLEN, WOORDEN, pad)


def test_fasegrenzen_moeten_oplopen(tmp_path):
    pad = _schrijf(
        tmp_path, "f.yml", {"fasen": [{"naam": "a", "tot": 0.5}, {"naam": "b", "tot": 0.4}, {"naam": "c", "tot": 1.1}]}
    )
    with pytest.raises(InvoerFout, match="moeten oplopen"):
        laad_fasen.__wrapped__(pad)
    with pytest.raises(ValueError, match="boven 1"):
        Fasen(fasen=[{"naam": "a", "tot": 0.5}, {"naam": "b", "tot": 1.0}])
