"""Stap 4: notebooks uitvoeren en opmaken als HTML en PDF."""
