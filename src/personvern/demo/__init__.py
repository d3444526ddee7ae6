"""The demo company (Nordlys Sykkel AS): its database, data map and declaration.

``personvern demo`` calls :func:`personvern.demo.setup.prepare_demo_folder`.
"""
