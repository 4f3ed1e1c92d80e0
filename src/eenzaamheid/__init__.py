"""Benchmark Eén tegen eenzaamheid: van vragenlijst-export tot factsheet en overzichtsrapportage.

De stroom volgt de subpakketten: ``inlezen`` (bestanden en parameters), ``valideren``
(great-expectations en quarantaine), ``verwerken`` (nette tabellen, herindelingen, cijfers) en
``rapporteren`` (notebooks uitvoeren en opmaken als HTML en PDF).
"""

__version__ = "0.1.0"
