"""Eigenschappen die voor elke invoer gelden, met door hypothesis gemaakte exports en gemeenten.

De verwachtingen komen uit de gemaakte gegevens zelf (hoeveel rijen geschreven, wie wat
antwoordde), niet uit de code die getest wordt. Onderdrukking en percentages worden alleen via de
gepubliceerde kolommen van `cijfers` (`aantal`, `n`, `onderdrukt`, `percentage`) bekeken.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from bouwers import antwoord, gemeente, maak_run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eenzaamheid import veilig
from eenzaamheid.inlezen.params import lees_params
from eenzaamheid.valideren.invoer import valideer
from eenzaamheid.verwerken.cijfers import Benchmark
from eenzaamheid.verwerken.netjes import verwerk

# Traag per voorbeeld (een hele validatie): weinig voorbeelden, wel elke keer dezelfde.
LANGZAAM = settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
CODES = [f"GM{i:04d}" for i in range(1, 13)]
# Vrije tekst zoals mensen hem typen: alle tekens behalve stuurtekens (wel regeleinden en tabs).
VRIJE_TEKST = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\n\t\r"), max_size=40
)


def _gemeenten(aantal: int) -> list[dict]:
    return [gemeente(c, f"PV2{i % 2}", 5_000 + 20_000 * (i % 4)) for i, c in enumerate(CODES[:aantal])]


rij = st.fixed_dictionaries(
    {
        "rid": st.sampled_from(["R1", "R2", "R3", "R4", "R5", "R6", ""]),
        "code": st.sampled_from(CODES[:6] + ["GM0099", "gm0002", "", "XX"]),
        "ingediend": st.sampled_from(["2020-10-10T10:00:00", "2020-10-11T10:00:00", "", "2020-02-30T10:00:00", "x"]),
        "signaalpunt": st.sampled_from(["ja", "nee", "", "misschien"]),
        "partners__zorg": st.sampled_from(["1", "0", "", "ja"]),
        "partners__geen": st.sampled_from(["1", "0", ""]),
        "toelichting": VRIJE_TEKST,
    }
)


@LANGZAAM
@given(rijen=st.lists(rij, min_size=1, max_size=12), kapot=st.lists(st.integers(0, 11), max_size=2))
def test_geteld_plus_quarantaine_is_gelezen_voor_elke_export(rijen, kapot):
    with tempfile.TemporaryDirectory() as tmp:
        map_ = Path(tmp)
        antwoorden = [
            antwoord(
                r["rid"],
                r["code"],
                r["ingediend"],
                **{k: v for k, v in r.items() if k not in ("rid", "code", "ingediend")},
            )
            for r in rijen
        ]
        pad = maak_run(map_, {2020: {"gemeenten": _gemeenten(6), "antwoorden": antwoorden}})
        export = map_ / "2020" / "antwoorden.csv"
        regels = export.read_text(encoding="utf-8-sig").split("\n")
        # Buiten de CSV-lezer om geteld: elke geschreven rij (ook met regeleinden in de vrije tekst).
        geschreven = len([r for r in antwoorden if any(str(v).strip() for v in r.values())])
        for i in kapot:  # een niet gesloten aanhalingsteken in de vrije tekst van een rij
            if 0 < i + 1 < len(regels) and regels[i + 1].endswith("GEHEIM"):
                regels[i + 1] = regels[i + 1][: -len("GEHEIM")] + '"GEHEIM'
        export.write_text("\n".join(regels), encoding="utf-8")
        try:
            v = valideer(lees_params(pad), met_kaarten=False)
        except Exception as fout:  # alleen de nette fout voor 'niets telt' is toegestaan
            assert type(fout).__name__ == "InvoerFout" and "geen enkele inzending telt" in str(fout)
            return
        for t in v.tellingen:
            assert t.gelezen == t.geteld + t.quarantaine, t
        telling = next(t for t in v.tellingen if t.bestand == "2020/antwoorden.csv")
        if not kapot:
            assert telling.gelezen == geschreven
        assert telling.gelezen >= geschreven - sum(1 for r in antwoorden if not r["respondent_id"])
        in_quarantaine = [q for q in v.quarantaine if q.bestand == "2020/antwoorden.csv"]
        assert len(in_quarantaine) == telling.quarantaine
        assert len(v.jaren[2020].antwoorden) == telling.geteld


antwoorden_per_gemeente = st.lists(
    st.fixed_dictionaries(
        {
            "signaalpunt": st.sampled_from(["ja", "nee", ""]),
            "coalitie": st.sampled_from(["geen", "opstart", "actief", "zeer_actief", ""]),
            "partners": st.sampled_from(
                [("1", "0", "0"), ("0", "1", "0"), ("1", "1", "0"), ("0", "0", "1"), ("", "", "")]
            ),
            "vorig_jaar": st.booleans(),
        }
    ),
    min_size=2,
    max_size=12,
)


def _benchmark(map_: Path, keuzes: list[dict], minimum: int, samenvoegen: bool) -> Benchmark:
    gemeenten = _gemeenten(len(keuzes))
    rijen, vorige = [], []
    for i, (g, k) in enumerate(zip(gemeenten, keuzes)):
        zorg, sport, geen = k["partners"]
        velden = {"signaalpunt": k["signaalpunt"], "coalitie": k["coalitie"]}
        velden |= {"partners__zorg": zorg, "partners__sport": sport, "partners__geen": geen}
        rijen.append(antwoord(f"R{i}", g["gemeente_code"], **velden))
        if k["vorig_jaar"]:
            vorige.append(antwoord(f"V{i}", g["gemeente_code"], ingediend="2019-10-10T10:00:00", **velden))
    oud = list(gemeenten)
    herindelingen = []
    if samenvoegen and len(gemeenten) >= 2:
        # Twee gemeenten van vorig jaar (GM0101, GM0102) gingen op in de eerste gemeente van nu.
        oud += [gemeente("GM0101", "PV20", 4_000), gemeente("GM0102", "PV20", 6_000)]
        herindelingen = [
            {"datum": "2020-01-01", "oude_code": "GM0101", "nieuwe_code": CODES[0]},
            {"datum": "2020-01-01", "oude_code": "GM0102", "nieuwe_code": CODES[0]},
        ]
        oud = [g for g in oud if g["gemeente_code"] != CODES[0]]
        vorige = [r for r in vorige if r["gemeente_code"] != CODES[0]]
        vorige += [antwoord("V101", "GM0101", ingediend="2019-10-10T10:00:00", signaalpunt="ja")]
        vorige += [antwoord("V102", "GM0102", ingediend="2019-10-11T10:00:00", signaalpunt="nee")]
    jaren = {2020: {"gemeenten": gemeenten, "antwoorden": rijen}}
    if vorige:
        jaren[2019] = {"gemeenten": oud, "antwoorden": vorige}
    pad = maak_run(map_, jaren, herindelingen, extra_params={"onderdrukking_minimum": minimum})
    return Benchmark(verwerk(valideer(lees_params(pad), met_kaarten=False)))


@LANGZAAM
@given(keuzes=antwoorden_per_gemeente, minimum=st.integers(5, 7), samenvoegen=st.booleans())
def test_cijfers_percentages_onderdrukking_en_herindeling(keuzes, minimum, samenvoegen):
    with tempfile.TemporaryDirectory() as tmp:
        bench = _benchmark(Path(tmp), keuzes, minimum, samenvoegen)
        beantwoord_signaal = sum(1 for k in keuzes if k["signaalpunt"])
        for code in bench.deelnemers.index:
            c = bench.cijfers(code)
            getoond = c[c["onderdrukt"] == 0]
            # Percentages zijn van n; geen getoond aantal boven n.
            met_n = getoond[getoond["n"] > 0]
            assert ((met_n["percentage"] - 100 * met_n["aantal"].astype(float) / met_n["n"]).abs() < 1e-9).all()
            assert (getoond["aantal"].astype("int64") <= getoond["n"]).all()
            # Onafhankelijk geteld: landelijk n van signaalpunt = gemeenten die hem beantwoordden.
            # (Landelijk is alleen verborgen als te weinig andere gemeenten antwoordden; dan zonder n.)
            landelijk = c[(c["groep"] == "landelijk") & (c["vraag"] == "signaalpunt")]
            if beantwoord_signaal - 1 >= minimum:
                assert set(landelijk["n"]) == {beantwoord_signaal}
            else:
                assert (landelijk["onderdrukt"] == 1).all() and landelijk["n"].isna().all()
            # Onderdrukking: een getoond groepscijfer steunt op minstens `minimum` andere gemeenten.
            eigen = c[c["groep"] == "gemeente"].set_index(["vraag", "rij", "optie"])["n"]
            for groep in ("landelijk", "provincie", "grootteklasse"):
                deel = getoond[getoond["groep"] == groep].set_index(["vraag", "rij", "optie"])
                anderen = deel["n"] - eigen.reindex(deel.index).fillna(0).astype("int64")
                assert (anderen >= minimum).all(), (code, groep)
            # Vorig jaar: hoogstens één inzending per gemeente van nu, ook na de samenvoeging.
            vorig = c[c["groep"] == "vorig_jaar"]
            assert not vorig.duplicated(["vraag", "rij", "optie"]).any()
            assert (vorig["n"] <= 1).all() and (vorig["aantal"].astype("int64") <= 1).all()
        if bench.verwerkt.vorig_lang_huidige_codes is not None:
            vorig = bench.verwerkt.vorig_lang_huidige_codes
            per = vorig.groupby(["gemeente_code", "vraag", "rij", "optie"]).size()
            assert (per == 1).all(), "een gemeente van nu telt vorig jaar twee keer"
        for deelnemers in bench.verwerkt.deelnemers.values():
            assert deelnemers["gemeente_code"].is_unique


def _onontsnapt(tekst: str, teken: str) -> bool:
    """Staat `teken` ergens zonder een oneven aantal backslashes ervoor?"""
    return re.search(rf"(?<!\\)(\\\\)*{re.escape(teken)}", tekst) is not None


@settings(max_examples=300, derandomize=True)
@given(tekst=VRIJE_TEKST)
def test_geen_onontsnapte_punthaak_of_formule_uit_invoer(tekst):
    assert "<" not in veilig.html(tekst) and "<" not in veilig.json_in_html({"naam": tekst})
    assert not _onontsnapt(veilig.markdown(tekst), "<") and not _onontsnapt(veilig.markdown(tekst), "[")
    assert not _onontsnapt(veilig.typst_opmaak(tekst), "<") and not _onontsnapt(veilig.typst_opmaak(tekst), "#")
    assert "\n" not in veilig.markdown(tekst)
    cel = veilig.cel(tekst)
    assert not cel.startswith(veilig.FORMULE_BEGIN)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(tekst=VRIJE_TEKST)
def test_pandoc_maakt_van_een_naam_geen_html(tekst):
    from eenzaamheid.rapporteren.render import pandoc_beide

    html, typst = pandoc_beide(f"Factsheet {veilig.markdown(tekst)} einde\n")
    binnen = re.sub(r"^<p>|</p>\s*$", "", html.strip())
    assert "<" not in binnen, (tekst, html)
    assert "einde" in binnen
