"""Fouten die een run stoppen. Ze worden als één leesbare regel getoond, nooit als traceback."""

from __future__ import annotations


class InvoerFout(Exception):
    """Een structureel probleem met een invoerbestand: de run kan niet verder.

    Noemt altijd het bestand en, waar dat kan, de kolom en de regel.
    """

    def __init__(self, bestand: str, melding: str, *, kolom: str | None = None, regel: int | None = None):
        self.bestand = str(bestand)
        self.kolom = kolom
        self.regel = regel
        self.melding = melding
        super().__init__(str(self))

    def __str__(self) -> str:
        plaats = [f"bestand {self.bestand}"]
        if self.regel is not None:
            plaats.append(f"regel {self.regel}")
        if self.kolom is not None:
            plaats.append(f"kolom {self.kolom}")
        return f"{', '.join(plaats)}: {self.melding}"
