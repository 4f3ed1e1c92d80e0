"""Controles op wat gepubliceerd is; boven `rapporteren`: leest alleen de uitvoer van een run."""
