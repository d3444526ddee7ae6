"""The privacy center: where people exercise their rights, and the workflow behind it.

Verification by a one-time code, deadlines counted as EU law counts them, extensions,
refusals and referrals explained to the person, duplicates merged. Execution is the request
engine's (``personvern.requests``).
"""
