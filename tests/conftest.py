import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
ECHT = SHARED / "data" / "real"


@pytest.fixture
def echt():
    if not ECHT.is_dir():
        pytest.skip(f"echte CBS/RIVM-bestanden niet gevonden in {ECHT} (shared/ staat niet naast het project)")
    return ECHT


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """De hele demorun één keer per testsessie, in een tijdelijke map (einde-tot-einde en browsertest)."""
    from bouwers import draai_demo

    return draai_demo("run", tmp_path_factory.mktemp("run"))
