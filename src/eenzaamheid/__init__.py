"""Benchmark Eén tegen eenzaamheid: van vragenlijst-export tot factsheet en overzichtsrapportage.

De stroom volgt de subpakketten: ``inlezen`` (bestanden en parameters), ``valideren``
(great-expectations en quarantaine), ``verwerken`` (nette tabellen, herindelingen, cijfers) en
``rapporteren`` (notebooks uitvoeren en opmaken als HTML en PDF). ``orkestratie`` voert een run
uit, ``cli`` is de opdrachtregel. Een module importeert alleen uit lagen eerder in dit rijtje
(en uit de basis: ``fouten``, ``config``, ``huisstijl``); zie tests/test_architectuur.py.
"""

__version__ = "0.1.0"
