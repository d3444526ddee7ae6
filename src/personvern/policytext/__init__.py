"""Reading a published privacy policy: extraction, a declaration draft, and an audit.

``extract(document)`` finds retention statements, legal bases, rights, contacts, recipients,
transfers and the GDPR Art. 13 checklist, each with its exact quote and character offsets.
Rule-based, offline, English and Norwegian bokmål. See docs/policytext.md.
"""
