"""Cross-references: keys are unique, and every key named elsewhere is declared."""

from __future__ import annotations

from collections.abc import Iterator

from personvern.declaration.model import Activity, Processor
from personvern.declaration.paths import did_you_mean
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import Item, RuleContext

NOUNS = {
    "activities": "activity",
    "processors": "processor",
    "clients": "client",
    "datasets": "dataset",
    "categories": "custom category",
    "services": "cookie service",
}
WHERE = {
    "processors": "processors:",
    "clients": "clients:",
    "datasets": "datasets:",
    "activities": "activities:",
}


def _suggest(word: str, candidates: set[str]) -> str:
    match = did_you_mean(word, candidates)
    return f"; did you mean '{match}'?" if match else ""


def unknown_reference(ctx: RuleContext, path: tuple, key: str, section: str, what: str) -> Problem:
    """``what`` names the reference, e.g. "recipient 'x' of activity 'y'"."""
    noun = NOUNS[section]
    declared = ctx.parts.declared(section)
    match = did_you_mean(key, declared)
    fix = (
        f"did you mean '{match}'?" if match else f"declare it under {WHERE[section]} or fix the key"
    )
    return ctx.problem(path, f"{what} is not a declared {noun}; {fix}")


def duplicate_keys(ctx: RuleContext) -> Iterator[Problem]:
    for section, keys in ctx.parts.keys.items():
        first: dict[str, tuple] = {}
        for path, key in keys:
            if key in first:
                yield ctx.problem(
                    path,
                    (
                        f"duplicate {NOUNS[section]} key '{key}' (first used on line "
                        f"{ctx.line_of(first[key])}); "
                        f"give each {NOUNS[section]} its own key"
                    ),
                )
            else:
                first[key] = path


def recipients(ctx: RuleContext) -> Iterator[Problem]:
    declared = ctx.parts.declared("processors")
    for item in ctx.activities:
        for index, key in enumerate(item.model.recipients):
            if key in declared:
                continue
            path = item.at("recipients", index)
            what = f"recipient '{key}' of {ctx.name(item.path)}"
            if did_you_mean(key, declared):
                yield unknown_reference(ctx, path, key, "processors", what)
            else:
                yield ctx.problem(
                    path,
                    (
                        f"{what} is not a declared processor; declare it under processors:, or "
                        "describe "
                        "recipients that are not processors (authorities, other controllers) in "
                        "other_recipients"
                    ),
                )


def sub_processors(ctx: RuleContext) -> Iterator[Problem]:
    item: Item[Processor]
    for item in ctx.items("processors"):
        parent = item.model.sub_processor_of
        if parent is None:
            continue
        if parent == item.model.key:
            yield ctx.problem(
                item.at("sub_processor_of"),
                (
                    f"processor '{parent}' names itself in sub_processor_of; name the processor "
                    "that engages it"
                ),
            )
        elif parent not in ctx.parts.declared("processors"):
            what = f"sub_processor_of '{parent}' of {ctx.name(item.path)}"
            yield unknown_reference(ctx, item.at("sub_processor_of"), parent, "processors", what)


def roles(ctx: RuleContext) -> Iterator[Problem]:
    clients = ctx.parts.declared("clients")
    item: Item[Activity]
    for item in ctx.activities:
        role = item.model.role
        client = role.on_behalf_of
        if role.kind == "processor" and client is None:
            yield ctx.problem(
                item.at("role"),
                (
                    f"{ctx.name(item.path)} has role processor but no on_behalf_of; "
                    "add on_behalf_of: the key of the client (under clients:) you process the data "
                    "for"
                ),
                key=True,
            )
        elif role.kind == "controller" and client is not None:
            yield ctx.problem(
                item.at("role", "on_behalf_of"),
                (
                    f"{ctx.name(item.path)} names on_behalf_of '{client}' but its role is "
                    "controller; "
                    "set role kind: processor, or remove on_behalf_of"
                ),
            )
        elif client is not None and client not in clients:
            what = f"on_behalf_of '{client}' of {ctx.name(item.path)}"
            yield unknown_reference(ctx, item.at("role", "on_behalf_of"), client, "clients", what)


def also_under(ctx: RuleContext) -> Iterator[Problem]:
    declared = ctx.parts.declared("activities")
    for item in ctx.activities:
        for index, other in enumerate(item.model.also_under):
            path = item.at("also_under", index)
            if other == item.model.key:
                yield ctx.problem(
                    path,
                    f"{ctx.name(item.path)} names itself in also_under; name the other activity",
                )
            elif other not in declared:
                what = f"also_under '{other}' of {ctx.name(item.path)}"
                yield unknown_reference(ctx, path, other, "activities", what)


def covers(ctx: RuleContext) -> Iterator[Problem]:
    datasets = ctx.parts.declared("datasets")
    for item in ctx.activities:
        seen: set[str] = set()
        for index, entry in enumerate(item.model.covers):
            path = item.at("covers", index)
            yield from check_collection(
                ctx, path, entry, f"covers entry '{entry}' of {ctx.name(item.path)}", datasets
            )
            if entry in seen:
                yield ctx.problem(
                    path, f"{ctx.name(item.path)} lists '{entry}' twice in covers; remove one"
                )
            seen.add(entry)


def check_collection(
    ctx: RuleContext, path: tuple, entry: str, what: str, datasets: set[str]
) -> Iterator[Problem]:
    """``entry`` must be dataset.collection with a declared dataset key."""
    dataset, dot, collection = entry.partition(".")
    if not dot or not dataset or not collection or "." in collection:
        yield ctx.problem(
            path,
            (
                f"{what} is not in the form dataset.collection; write the dataset key, a dot and "
                "the "
                "collection (table) name, e.g. shop.customer"
            ),
        )
    elif dataset not in datasets:
        match = did_you_mean(dataset, datasets)
        fix = (
            f"did you mean '{match}'?"
            if match
            else "declare the dataset under datasets: or fix the name"
        )
        yield ctx.problem(path, f"{what} names dataset '{dataset}', which is not declared; {fix}")


def cookie_services(ctx: RuleContext) -> Iterator[Problem]:
    activities = {item.model.key: item.model for item in ctx.activities}
    declared = ctx.parts.declared("activities")
    processors = ctx.parts.declared("processors")
    for item in ctx.items("services"):
        service = item.model
        name = ctx.name(item.path)
        if service.activity is None:
            if service.category != "necessary":
                yield ctx.problem(
                    item.path,
                    (
                        f"{name} ({service.category}) names no activity; add activity: the "
                        "consent-based "
                        "activity it serves (cookies that are not strictly necessary need consent)"
                    ),
                    key=True,
                )
        elif service.activity not in declared:
            what = f"activity '{service.activity}' of {name}"
            yield unknown_reference(ctx, item.at("activity"), service.activity, "activities", what)
        elif service.category != "necessary" and service.activity in activities:
            basis = activities[service.activity].legal_basis
            if basis != "consent":
                yield ctx.problem(
                    item.at("activity"),
                    (
                        f"{name} is in category {service.category} but serves activity "
                        f"'{service.activity}', "
                        f"whose legal basis is {basis}; cookies that are not strictly necessary "
                        "need consent "
                        "(ekomloven, GDPR Art. 6(1)(a)): serve a consent-based activity, or use "
                        "category necessary"
                    ),
                )
        provider = service.provider
        if provider not in processors and provider.isidentifier() and provider == provider.lower():
            match = did_you_mean(provider, processors, cutoff=0.75)
            if match:
                yield ctx.problem(
                    item.at("provider"),
                    (
                        f"provider '{provider}' of {name} is not a declared processor; did you "
                        f"mean '{match}'? "
                        "(a provider that is not a processor can be given by its name, e.g. "
                        "'Example Analytics Ltd')"
                    ),
                )


RULES = (duplicate_keys, recipients, sub_processors, roles, also_under, covers, cookie_services)
