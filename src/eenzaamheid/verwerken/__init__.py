"""Stap 3: nette, getypeerde tabellen en de cijfers die factsheets en overzicht delen."""
