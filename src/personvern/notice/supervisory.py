"""The supervisory authority a person can complain to (GDPR Art. 13(2)(d), 77)."""

from __future__ import annotations

from personvern.declaration.model import Controller, SupervisoryAuthority

DATATILSYNET = SupervisoryAuthority(
    name="Datatilsynet",
    address="Postboks 458 Sentrum, 0105 Oslo",
    email="postkasse@datatilsynet.no",
    website="https://www.datatilsynet.no",
)


def authority_of(controller: Controller) -> SupervisoryAuthority | None:
    """The declared authority, else Datatilsynet for a Norwegian controller, else None.

    None means the notice names no authority but tells people they may complain to the
    authority where they live or work (Art. 77(1)).
    """
    if controller.supervisory_authority is not None:
        return controller.supervisory_authority
    if controller.country == "NO":
        return DATATILSYNET
    return None
