"""The privacy notice (GDPR Art. 13/14), the record of processing activities (Art. 30) and
the cookie declaration, generated from a declaration version."""
