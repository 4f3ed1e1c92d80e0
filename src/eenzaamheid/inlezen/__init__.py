"""Stap 1: bestanden en parameters inlezen zoals het datacontract ze beschrijft."""
