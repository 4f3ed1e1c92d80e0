import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
# EENZAAMHEID_ECHT: een andere plek van de echte bestanden (bijvoorbeeld vanuit een git worktree).
ECHT = Path(os.environ.get("EENZAAMHEID_ECHT", SHARED / "data" / "real"))


@pytest.fixture
def echt():
    if not ECHT.is_dir():
        pytest.skip(f"echte CBS/RIVM-bestanden niet gevonden in {ECHT} (shared/ staat niet naast het project)")
    return ECHT
