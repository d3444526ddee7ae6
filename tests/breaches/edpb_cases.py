"""The 18 cases of EDPB Guidelines 01/2021 on examples regarding personal data breach notification.

Each case: its facts as the guidelines tell them (shortened), the ENISA factors an officer chooses
from those facts (with the reason), and what the guidelines conclude: notify the supervisory
authority? communicate to the data subjects? (Internal documentation, Art. 33(5), is required in
every case.) ``expected`` is the guidelines' conclusion, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Case:
    number: int
    title: str
    facts: str
    people: int
    assessment: dict[str, Any]
    expected: tuple[bool, bool]  # (notify the authority, inform the people)


def adj(factor: str, delta: int, reason: str) -> dict[str, Any]:
    return {"factor": factor, "delta": delta, "reason": reason}


CASES = [
    Case(1, "Ransomware with proper backup and without exfiltration",
         "A small manufacturing company's systems were hit by ransomware; the data (personal data of "
         "employees and clients, a few dozen people) was encrypted. No exfiltration: the logs show no "
         "outward data flow. The encryption used by the attacker was state of the art and the data was "
         "restored from a recent, unaffected backup within a few hours, without loss.",
         40, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "none",
              "integrity": "altered_recoverable", "availability": "none", "malicious": True,
              "reasons": {"availability": "restored from backup within hours; nobody affected by the delay"}},
         (False, False)),
    Case(2, "Ransomware without proper backup",
         "An agricultural company's computer was hit by ransomware; employees' and clients' data was "
         "encrypted. No exfiltration found. There was no backup: the data had to be rebuilt from paper "
         "records, which took five days and delayed deliveries to clients.",
         40, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "none",
              "integrity": "altered_recoverable", "availability": "temporary", "malicious": True,
              "reasons": {"availability": "five days without the data, rebuilt from paper"}},
         (True, False)),
    Case(3, "Ransomware with backup and without exfiltration in a hospital",
         "A hospital's information system was encrypted by ransomware. Backups existed and no data left "
         "the network, but restoring took two days, and during that time patients' treatment was "
         "delayed: operations were cancelled and care was affected.",
         2000, {"dpc_base": "sensitive", "ei": "maximum", "confidentiality": "none",
                "integrity": "altered_recoverable", "availability": "temporary", "malicious": True,
                "reasons": {"availability": "two days without patient records: care delayed"}},
         (True, True)),
    Case(4, "Ransomware without backup and with exfiltration",
         "A public transport company's server was encrypted by ransomware and the data was exfiltrated. "
         "It held personal data of employees and clients, including identity document numbers and "
         "financial data. There was no backup of the affected data.",
         5000, {"dpc_base": "financial", "ei": "maximum", "confidentiality": "disclosed",
                "integrity": "altered_unrecoverable", "availability": "permanent", "malicious": True},
         (True, True)),
    Case(5, "Exfiltration of job application data from a website",
         "A recruitment agency's web form was altered by an attacker who injected code that copied the "
         "applications submitted through it: names, contact details, CVs and employment history of "
         "applicants, for about a month, to an unknown party.",
         213, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "disclosed", "malicious": True,
               "adjustments": [adj("volume_per_person", 1, "whole CVs and employment histories, "
                                   "revealing that the person is looking for a new job")]},
         (True, True)),
    Case(6, "Exfiltration of hashed passwords from a website",
         "An SQL injection on a recipe website let an attacker copy the user table: user names and "
         "passwords hashed with a strong, state-of-the-art salted algorithm. No other data; the salts "
         "and the key were not compromised; the users' passwords were reset as a precaution.",
         1200, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "disclosed", "malicious": True,
                "unintelligible": True},
         (False, False)),
    Case(7, "Credential stuffing attack on a banking website",
         "A bank's online banking was attacked with user names and passwords leaked elsewhere; some "
         "logins succeeded, giving the attacker access to customers' accounts: balances, transactions "
         "and personal details.",
         2000, {"dpc_base": "financial", "ei": "maximum", "confidentiality": "disclosed", "malicious": True,
                "adjustments": [adj("volume_per_person", 1, "full account access: balances and history")]},
         (True, True)),
    Case(8, "Exfiltration of business data by a former employee",
         "During his notice period an employee copied customer contact data (names, addresses, what "
         "they buy) from the company's database, and after leaving used it to win the customers for his "
         "new employer.",
         300, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "disclosed", "malicious": True},
         (True, False)),
    Case(9, "Accidental transmission of data to a trusted third party",
         "An insurance agent found that an Excel file he received by email, through faulty settings, "
         "showed data of about two dozen customers outside his remit. He is bound by professional "
         "secrecy, was the only recipient, told the controller and deleted the file, confirming it.",
         24, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "exposed",
              "reasons": {"confidentiality": "one trusted recipient under secrecy, file deleted"}},
         (False, False)),
    Case(10, "Stolen material storing encrypted personal data",
         "Two tablets were stolen in a burglary at a day-care centre. Their app held data on the children "
         "(names, dates of birth, notes on their development). The tablets were encrypted with a strong "
         "algorithm and a password, were wiped remotely, and the data was backed up.",
         60, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "exposed", "malicious": True,
              "unintelligible": True,
              "adjustments": [adj("vulnerable_people", 1, "the people are children")]},
         (False, False)),
    Case(11, "Stolen material storing non-encrypted personal data",
         "A service provider's employee's notebook was stolen. It held names, sex, addresses and dates of "
         "birth of more than 100 000 customers, without encryption or a password; whether other "
         "categories were on it cannot be known. Daily backups existed.",
         100000, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "disclosed", "malicious": True},
         (True, True)),
    Case(12, "Stolen paper files with sensitive data",
         "A paper logbook was stolen from a drug-addiction rehabilitation centre. It held patients' "
         "identities and health data (their treatment).",
         80, {"dpc_base": "sensitive", "ei": "maximum", "confidentiality": "disclosed", "malicious": True},
         (True, True)),
    Case(13, "Postal mail mistake (two shoe orders)",
         "A retailer packed two shoe orders; by human error the packing bills (name, address, item, "
         "price) were swapped, so each customer received the other's order and bill. The orders were "
         "recalled and sent to the right people.",
         2, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "exposed"},
         (False, False)),
    Case(14, "Highly confidential personal data sent by mail by mistake",
         "A public employment office emailed all registered job seekers about trainings and attached, "
         "by mistake, a file with every job seeker's name, email, postal address and social security "
         "number: more than 60 000 people.",
         60000, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "disclosed",
                 "adjustments": [adj("other", 1, "national identity numbers enable identity theft; "
                                     "being a job seeker reveals unemployment")]},
         (True, True)),
    Case(15, "Personal data sent by mail by mistake",
         "A list of the 15 participants of a five-day course (names, email addresses, food preferences) "
         "was sent to 15 former participants instead of the hotel. Two participants had written that "
         "they are lactose intolerant. The recipients were asked to delete it.",
         15, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "exposed",
              "reasons": {"dpc": "lactose intolerance of two reveals little about their health"}},
         (False, False)),
    Case(16, "Postal mail mistake (insurance policies)",
         "An insurer's enveloping machine put two policyholders' letters (name, address, vehicle "
         "registration number, premiums, estimated mileage, date of birth; no health, bank or other "
         "financial data) into one envelope; one policyholder received both.",
         1, {"dpc_base": "simple", "ei": "maximum", "confidentiality": "exposed"},
         (False, False)),
    Case(17, "Identity theft (social engineering)",
         "A caller posing as a customer had a telecom company's contact centre change the email address "
         "for the customer's bills; the attacker then received the bills (call data, payments) and "
         "could take over the account.",
         1, {"dpc_base": "behavioural", "ei": "maximum", "confidentiality": "disclosed", "malicious": True,
             "integrity": "altered_recoverable",
             "adjustments": [adj("other", 1, "the account could be taken over: further identity theft")]},
         (True, True)),
    Case(18, "Email exfiltration",
         "At a hypermarket chain, mailbox rules set up by an attacker forwarded every email about "
         "invoices, payments and bank details to an outside address for three months; the attacker also "
         "changed a supplier's bank account to divert payments.",
         3000, {"dpc_base": "financial", "ei": "maximum", "confidentiality": "disclosed", "malicious": True},
         (True, True)),
]
