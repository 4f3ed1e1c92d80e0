import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
# EENZAAMHEID_ECHT: een andere plek van de echte bestanden (bijvoorbeeld vanuit een git worktree).
ECHT = Path(os.environ.get("EENZAAMHEID_ECHT", SHARED / "data" / "real"))

# hypothesis bewaart standaard voorbeelden in .hypothesis/ in de werkmap: tests schrijven niet in de checkout.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("hermetisch", database=None)
    _hypothesis_settings.load_profile("hermetisch")
except ImportError:  # hypothesis hoort bij de testextra; zonder draait de rest gewoon
    pass


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """De hele demorun (validatie, factsheets, overzicht) één keer per testsessie, in een tijdelijke map."""
    from bouwers import draai_demo

    return draai_demo("run", tmp_path_factory.mktemp("run"))


@pytest.fixture
def echt():
    if not ECHT.is_dir():
        pytest.skip(f"echte CBS/RIVM-bestanden niet gevonden in {ECHT} (shared/ staat niet naast het project)")
    return ECHT


# -- Bewaking: geen test schrijft in de checkout ---------------------------------------------
# Voor en na de hele run wordt `git status` vergeleken, met genegeerde bestanden erbij (reports/,
# data/processed/ staan in .gitignore en zouden anders onopgemerkt volstromen). __pycache__ telt
# niet: die maakt Python zelf als PYTHONDONTWRITEBYTECODE niet gezet is, nog voor een conftest
# het kan tegenhouden. Buiten een git-checkout (sdist, kopie) slaat de bewaking zich over.

_VOOR = pytest.StashKey[list]()


def _git_status() -> list[str] | None:
    try:
        top = subprocess.run(
            ["git", "-C", str(PROJECT), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        )
        if Path(top.stdout.strip()).resolve() != PROJECT:
            return None
        uit = subprocess.run(
            ["git", "-C", str(PROJECT), "status", "--porcelain", "--ignored"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return sorted(r for r in uit.stdout.splitlines() if not r.rstrip("/").endswith("__pycache__"))


def _is_xdist_werker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    if not _is_xdist_werker(session.config):
        session.config.stash[_VOOR] = _git_status()


def pytest_sessionfinish(session):
    if _is_xdist_werker(session.config):
        return
    voor = session.config.stash.get(_VOOR, None)
    if voor is None:
        return
    erbij = sorted(set(_git_status() or []) ^ set(voor))
    if erbij:
        schrijver = session.config.pluginmanager.get_plugin("terminalreporter")
        regels = ["De tests hebben in de checkout geschreven (git status voor en na verschilt):"] + erbij
        if schrijver:
            schrijver.ensure_newline()
        for regel in regels:
            if schrijver:
                schrijver.write_line(regel, red=True)
            else:
                print(regel, file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_report_header(config):
    if not _is_xdist_werker(config) and config.stash.get(_VOOR, None) is None:
        return "checkoutbewaking: uit (geen git-checkout van dit project)"
    return None
