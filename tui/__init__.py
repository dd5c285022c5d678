"""Rapporteur's face: the Textual app and the ``rapporteur`` command line."""
