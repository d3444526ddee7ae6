"""Website scan: what a site stores and sends before and after consent, held against the
declaration (issue 18). ``Scanner`` drives the system Chromium through Playwright;
``compare`` turns the evidence into findings; ``report`` writes terminal, HTML, JSON and
HAR-like output; ``ScanService`` runs scheduled scans and keeps the last report."""
