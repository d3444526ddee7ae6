"""The breach register: the 72-hour clock, severity, the decision to notify, reports and notices."""
