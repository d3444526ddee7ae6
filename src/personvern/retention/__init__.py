"""Retention: the declaration's retention rules as scheduled delete / anonymise sweeps.

``cutoff.py`` is the date arithmetic, ``rules.py`` turns activities into one sweep per covered
collection, ``predicates.py`` writes each sweep as SQL, ``sweeps.py`` runs it in batches,
``own.py`` holds the rules for personvern's own data, ``service.py`` plans and runs, with
legal holds and resumable progress in personvern's store.
"""
