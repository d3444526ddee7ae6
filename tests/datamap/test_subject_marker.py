"""An identity is always personal data; the access copy holds whole rows except columns the
dataset marks ``fides_meta.relates_to_subject: false``."""

from __future__ import annotations

import pytest
from fideslang.models import Dataset

from personvern.datamap.loader import parse_datasets
from personvern.datamap.model import DataMap, DatamapError
from personvern.masking.policy import maskable
from personvern.requests.collecting import personal_view

TEXT = """
dataset:
  - fides_key: shop
    collections:
      - name: tickets
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: email
            data_categories: [system.operations]
            fides_meta: {identity: email}
          - name: opened
            data_categories: [system.operations]
          - name: queue
            data_categories: [system.operations]
            fides_meta: {relates_to_subject: false}
"""


def test_identity_is_personal_and_marker_is_read() -> None:
    spec = parse_datasets(TEXT)[0]
    tickets = spec.collection("tickets")
    email = tickets.field("email")
    assert email.is_personal and email in tickets.personal_fields
    assert [f.dotted for f in maskable(tickets.fields)] == ["email"]
    assert tickets.field("queue").relates_to_subject is False
    assert tickets.field("opened").relates_to_subject is True
    # an unmodified fideslang (and so Fides) reads the same file: the key is ignored
    import yaml
    Dataset.model_validate(yaml.safe_load(TEXT)["dataset"][0])


def test_access_copy_holds_every_column_but_the_marked_ones() -> None:
    datamap = DataMap.of(*parse_datasets(TEXT))
    rows = {"shop:tickets": [{"id": 1, "email": "a@example.com", "opened": "2026-01-02",
                              "queue": "billing", "undeclared": "x"}]}
    assert personal_view(datamap, rows) == {"shop:tickets": [
        {"id": 1, "email": "a@example.com", "opened": "2026-01-02", "undeclared": "x"},
    ]}


def test_marker_must_be_a_boolean() -> None:
    with pytest.raises(DatamapError, match="relates_to_subject must be true or false") as info:
        parse_datasets(TEXT.replace("relates_to_subject: false", "relates_to_subject: maybe"), "d.yml")
    assert info.value.line == 16  # the fides_meta line of the field
