"""Who you know where: the network grouped by organisation, so a traveler sees where to aim.

An organisation where you know three people, one of them a decision-maker nobody has asked yet, is
where the next request should go. Groups come most-known first; people in a group most senior first.
People with no company form one group at the end.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from generator.content.models import OutreachStatus
from generator.content.trip import Company
from generator.plan.network import SENIORITY_ORDER, Contact, Network


@dataclass(frozen=True)
class Organisation:
    company: Company | None
    """None for the group of people with no organisation."""

    name: str
    """The company's name, or "No organisation"."""

    contacts: tuple[Contact, ...]
    """Everyone you know there, most senior first."""

    @property
    def decision_makers(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.decision_maker)

    @property
    def not_asked(self) -> tuple[Contact, ...]:
        """Still to ask (outreach status to-ask)."""
        return tuple(c for c in self.contacts if c.status is OutreachStatus.TO_ASK)

    @property
    def industry(self) -> str | None:
        return self.company.profile.industry if self.company else None


NO_ORGANISATION = "No organisation"


def _folded(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).casefold()


def _matches(contact: Contact, query: str) -> bool:
    company = contact.person.company
    fields = [contact.person.profile.name, contact.person.slug]
    if company is not None:
        fields += [company.profile.name, company.slug, company.profile.industry or ""]
    return any(query in _folded(field) for field in fields)


def organisations(network: Network, query: str = "") -> tuple[Organisation, ...]:
    """The network by organisation; with `query`, only people whose name, organisation or industry
    holds it."""
    wanted = _folded(query.strip())
    groups: dict[str | None, list[Contact]] = {}
    companies: dict[str | None, Company | None] = {None: None}
    for contact in network.contacts:
        if wanted and not _matches(contact, wanted):
            continue
        company = contact.person.company
        key = company.slug if company else None
        companies[key] = company
        groups.setdefault(key, []).append(contact)
    out = [
        Organisation(
            companies[key],
            companies[key].short if companies[key] else NO_ORGANISATION,  # type: ignore[union-attr]
            tuple(
                sorted(
                    contacts,
                    key=lambda c: (
                        SENIORITY_ORDER[c.person.profile.seniority],
                        c.person.profile.name.casefold(),
                    ),
                )
            ),
        )
        for key, contacts in groups.items()
    ]
    out.sort(
        key=lambda o: (
            o.company is None,
            -len(o.contacts),
            -len(o.decision_makers),
            o.name.casefold(),
        )
    )
    return tuple(out)
