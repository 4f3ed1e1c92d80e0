"""Stap 2: invoer controleren (great-expectations) en rijen tellen of in quarantaine zetten."""
