"""The declaration: what a company does with personal data, in one validated file."""
