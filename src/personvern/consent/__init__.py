"""Consent: the cookie banner, proof of consent, withdrawal, Consent Mode, GPC.

- ``config.py`` builds the banner's configuration from a declaration version (cached per
  version); ``asset.py`` serves ``banner.js`` with it and the CSS.
- ``service.py`` records a choice: validated against the version the visitor saw, sealed
  with an HMAC, written through ``writer.py`` (group commit: the 2xx answer comes after
  the commit). A change or withdrawal is a new record; records are never updated.
- ``proof.py`` signs the visitor's cookie; ``verify`` tells whether a cookie value is
  one this server issued, unaltered, and still matches its stored record.
- ``ledger.py`` makes the log tamper-evident without one audit-chain append per consent:
  seals on each record, and periodic ``consent.checkpoint`` audit entries with a digest
  over the records since the previous checkpoint.

Durability: a record is acknowledged after its transaction committed. On PostgreSQL
(``synchronous_commit=on``, the default) a commit survives a crash of the machine. On
SQLite (WAL, ``synchronous=NORMAL``) a commit survives the process being killed, but the
last commits may be lost on power loss or an operating-system crash.
"""
