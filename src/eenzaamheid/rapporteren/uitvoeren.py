"""Notebooks uitvoeren: per werker één warme kernel voor alle gemeenten, of papermill vers.

Een verse kernel per gemeente kost seconden (opstarten en importeren, zie
`../shared/toolchain-notes.md`); papermill zelf kan geen kernel hergebruiken. Daarom start elke
werker (één per core) één kernel, laadt daarin één keer de nette tabellen, en voert daarna per
gemeente het door papermill geparametriseerde notebook uit met nbclient. Tussen twee gemeenten
worden alle variabelen van het notebook gewist, zodat geen gemeente iets van een vorige ziet.
Het uitgevoerde notebook van elke gemeente wordt bewaard om te openen en te debuggen.
"""

from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..config import NOTEBOOKS

KERNEL = "python3"
# Een list comprehension heeft een eigen scope: de opruimcode laat zelf geen namen achter.
OPSCHONEN = "[get_ipython().user_ns.pop(k) for k in list(get_ipython().user_ns) if k not in _eenzaamheid_basis]"


def werkmap(params) -> Path:
    """Uitgevoerde notebooks: bij de verwerkte gegevens van de run, niet tussen wat gemeenten krijgen."""
    return params.verwerkt_map / "notebooks"


def voor_kernel(pad) -> str:
    """Het pad zoals de kernel het leest (werkmap `notebooks/`): relatief, zodat een bewaard notebook
    geen absoluut pad van de machine bevat."""
    return os.path.relpath(Path(pad).resolve(), NOTEBOOKS.resolve())


def bewaar_notebook(nb: nbformat.NotebookNode, pad: Path, params_bestand) -> None:
    """Bewaar een uitgevoerd notebook in de werkmap, met het parameterbestand relatief aan het notebook
    zelf: zo opent Jupyter het daar (de kernel start in de map van het notebook), en staat er geen pad
    van deze machine in."""
    import re

    nb = copy.deepcopy(nb)
    relatief = os.path.relpath(Path(params_bestand).resolve(), Path(pad).parent.resolve())
    papermill = nb.metadata.get("papermill", {})
    if "params_bestand" in papermill.get("parameters", {}):
        papermill["parameters"]["params_bestand"] = relatief
    for cel in nb.cells:
        if cel.cell_type == "code" and "injected-parameters" in cel.get("metadata", {}).get("tags", []):
            cel.source = re.sub(r"^params_bestand = .*$", f"params_bestand = {relatief!r}", cel.source, flags=re.M)
    Path(pad).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, pad)


def parametriseer(sjabloon: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    from papermill.parameterize import parameterize_notebook

    nb = copy.deepcopy(sjabloon)
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, parameters, report_mode=False)
    return maak_stabiel(nb)


def maak_stabiel(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Vaste cel-id's en uitvoernummers: hetzelfde notebook geeft hetzelfde bestand."""
    nummer = 0
    for i, cel in enumerate(nb.cells):
        cel.id = f"cel-{i}"
        cel.get("metadata", {}).pop("execution", None)
        if cel.cell_type == "code" and (cel.get("execution_count") is not None or cel.get("outputs")):
            nummer += 1
            cel.execution_count = nummer
            for uit in cel.get("outputs", []):
                if "execution_count" in uit:
                    uit["execution_count"] = nummer
    # Alleen de parameters blijven: tijden en paden van papermill verschillen per run.
    papermill = nb.metadata.get("papermill")
    if papermill is not None:
        nb.metadata["papermill"] = {"parameters": dict(papermill.get("parameters", {}))}
    return nb


class FoutInNotebook(RuntimeError):
    pass


class WarmeKernel:
    """Eén kernel die blijft draaien; `voer_uit` voert een heel notebook uit en ruimt daarna op.

    De cellen gaan rechtstreeks via de kernel-client (zoals nbclient dat doet, maar zonder de
    vaste wachttijd van ~0,2 s die nbclient per notebook kost); de uitvoer wordt met
    `nbformat.v4.output_from_msg` omgezet, dus het bewaarde notebook is een gewoon notebook.
    """

    def __init__(self, opwarmen: str = ""):
        from jupyter_client.manager import KernelManager

        omgeving = dict(os.environ, PYTHONHASHSEED="0")
        # IPC in plaats van TCP: geen open poort en geen waarschuwing over onversleuteld verkeer.
        self._map = tempfile.TemporaryDirectory(prefix="kernel-")
        self.km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(self._map.name, "k"))
        self.km.start_kernel(cwd=str(NOTEBOOKS), env=omgeving)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.voer_code_uit(opwarmen + "\n_eenzaamheid_basis = set(get_ipython().user_ns) | {'_eenzaamheid_basis'}")

    def voer_code_uit(self, code: str, uitvoer: list | None = None) -> None:
        fouten: list[str] = []

        def bij_bericht(bericht: dict) -> None:
            soort = bericht["header"]["msg_type"]
            if soort == "clear_output" and uitvoer is not None:
                uitvoer.clear()
            elif soort in ("display_data", "execute_result", "stream", "error"):
                if uitvoer is not None:
                    uitvoer.append(nbformat.v4.output_from_msg(bericht))
                if soort == "error":
                    fouten.append(f"{bericht['content']['ename']}: {bericht['content']['evalue']}")

        antwoord = self.kc.execute_interactive(
            code, output_hook=bij_bericht, timeout=300, allow_stdin=False, stop_on_error=True
        )
        if antwoord["content"]["status"] != "ok":
            raise FoutInNotebook("; ".join(fouten) or antwoord["content"].get("evalue", "fout in de kernel"))

    def voer_uit(self, nb: nbformat.NotebookNode, voor: str = "", na: str = "") -> nbformat.NotebookNode:
        """Voer alle cellen uit. `voor` en `na` draaien ervoor en erna in dezelfde kernel, buiten het
        notebook; wat `na` print staat daarna in `self.na_uitvoer`."""
        self.na_uitvoer = ""
        try:
            if voor:
                self.voer_code_uit(voor)
            for cel in nb.cells:
                if cel.cell_type == "code":
                    cel.outputs = []
                    self.voer_code_uit(cel.source, cel.outputs)
                    cel.execution_count = 1  # maak_stabiel nummert opnieuw
            if na:
                uitvoer: list = []
                self.voer_code_uit(na, uitvoer)
                self.na_uitvoer = "".join(u.get("text", "") for u in uitvoer if u.get("output_type") == "stream")
        finally:
            self.voer_code_uit(OPSCHONEN)
        return maak_stabiel(nb)

    def leeft(self) -> bool:
        return self.km.is_alive()

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        self._map.cleanup()


def papermill_vers(sjabloon_pad: Path, parameters: dict, uitvoer_pad: Path) -> nbformat.NotebookNode:
    """De gewone manier: papermill met een verse kernel (voor vergelijking en losse runs)."""
    import papermill

    nb = papermill.execute_notebook(
        str(sjabloon_pad),
        str(uitvoer_pad),
        parameters=parameters,
        kernel_name=KERNEL,
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        log_output=False,
    )
    nb = maak_stabiel(nb)
    nbformat.write(nb, uitvoer_pad)
    return nb


@dataclass
class Resultaat:
    gemeente_code: str
    seconden: float
    fout: str | None = None
    # (bestand, regel-id, veld) van elke regelzin die de factsheet invulde: zie rapporteren/incrementeel.py
    ingevuld: list[tuple[str, str, str]] = field(default_factory=list)
