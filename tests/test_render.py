"""De opmaakstap zelf: welke uitvoer waar terechtkomt, typografie, vaste bytes."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_notebook, new_output
from pypdf import PdfReader

from eenzaamheid.rapporteren.render import render_documenten


def _notebook():
    cel = new_code_cell("print('GEHEIM uit de code')")
    cel.outputs = [
        new_output("stream", name="stdout", text="STREAM-TEKST\n"),
        new_output(
            "display_data",
            data={
                "text/markdown": "# Factsheet ’s-Hertogenbosch\n\n| a | b |\n|---|--:|\n| x | 12% |\n",
                "text/plain": "x",
            },
        ),
        new_output(
            "display_data",
            data={
                "text/html": "<div id='alleen-html'>HTML-GRAFIEK</div>",
                "text/markdown": "```{=typst}\n#text[TYPST-GRAFIEK]\n```\n",
                "text/plain": "grafiek",
            },
        ),
    ]
    return new_notebook(cells=[cel])


def test_elke_uitvoer_naar_het_juiste_formaat(tmp_path):
    render_documenten(_notebook(), tmp_path / "d.html", tmp_path / "d.pdf", "Titel", "voet", 2020)
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    pdf = " ".join(p.extract_text() for p in PdfReader(tmp_path / "d.pdf").pages)
    assert "HTML-GRAFIEK" in html and "TYPST-GRAFIEK" not in html
    assert "TYPST-GRAFIEK" in pdf and "HTML-GRAFIEK" not in pdf
    for tekst in (html, pdf):
        assert "GEHEIM uit de code" not in tekst and "STREAM-TEKST" not in tekst
        assert "12%" in tekst
    # Een apostrof vooraan mag geen openingsaanhalingsteken worden.
    assert "’s-Hertogenbosch" in pdf and "‘" not in pdf
    assert "’s-Hertogenbosch" in html


def test_zelfde_notebook_zelfde_bytes(tmp_path):
    render_documenten(_notebook(), tmp_path / "a.html", tmp_path / "a.pdf", "Titel", "voet", 2020)
    render_documenten(_notebook(), tmp_path / "b.html", tmp_path / "b.pdf", "Titel", "voet", 2020)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
