"""Typed template contexts, one builder per page kind, and the HTML they render to.

Templates see only these dataclasses (and the filters in theme.py), never raw
dicts, so a theme author can read here what each page offers (docs/templates.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import __version__
from generator.content.models import Lodging, MeetingFormat, OutreachStatus, Traveler, TripFile
from generator.content.trip import Company, Person
from generator.errors import Finding
from generator.plan.followup import FollowUp, FollowUpState
from generator.plan.network import Contact, TreeNode
from generator.plan.plan import Packet, Plan
from generator.plan.schedule import Day, Slot, map_url
from generator.render.drafts import Drafts, zone_label
from generator.render.paths import Paths, root_of
from generator.render.qr import qr_data_uri


@dataclass(frozen=True)
class Links:
    """Hrefs from the current page to the site's shared pages and files."""

    home: str
    """The itinerary, the site's home page (index.html)."""
    network: str
    """The network page."""
    followups: str
    """The follow-ups page."""
    itinerary_pdf: str
    """The printable itinerary."""
    binder_pdf: str
    """Itinerary and every packet in one PDF."""
    pocket_pdf: str
    """One pocket card per day."""
    calendar: str
    """The .ics file of every meeting."""
    style: str
    """The theme's screen stylesheet (static/style.css)."""
    print_style: str
    """The theme's print stylesheet (static/print.css), also used for the PDFs."""
    script: str
    """The theme's small script (static/site.js)."""

    @classmethod
    def for_page(cls, paths: Paths, page: str) -> Links:
        root = root_of(page)
        return cls(
            home=root + paths.home,
            network=root + paths.network,
            followups=root + paths.followups,
            itinerary_pdf=root + paths.itinerary_pdf,
            binder_pdf=root + paths.binder_pdf,
            pocket_pdf=root + paths.pocket_pdf,
            calendar=root + paths.calendar,
            style=root + "static/style.css",
            print_style=root + "static/print.css",
            script=root + "static/site.js",
        )


@dataclass(frozen=True)
class Page:
    """What every page has."""

    title: str
    """The page's title: the browser tab, and the PDF's title."""
    path: str
    """Where the page lands in the output, e.g. meetings/<id>/index.html."""
    root: str
    """The way back to the output root from this page ('' or '../../'); prefix it to site-relative links."""
    trip: TripFile
    """trip.yaml as written (validated)."""
    links: Links
    """Relative links from this page to the shared pages and files."""
    with_pdfs: bool
    """True when the build makes PDFs; hide PDF links otherwise."""
    for_print: bool
    """True when this page is rendered for its PDF: links between pages become in-document anchors."""
    private: bool
    """True for an encrypted (private) site."""
    version: str
    """infoprep's version, for the footer."""
    nav: str
    """Which top-level section this page belongs to: itinerary, network, followups or packet."""


@dataclass(frozen=True)
class MeetingRow:
    slot: Slot
    """The meeting, placed in time."""
    packet: Packet
    """Its packet."""
    person: Person
    """Who you meet."""
    company: Company | None
    """Their organisation, if any."""
    href: str
    """Link from the current page to the meeting's packet page."""
    pdf_href: str
    """Link from the current page to the meeting's packet PDF."""
    warnings: tuple[Finding, ...]
    """Problems to check for this meeting."""
    own_time: str | None
    """"14:00 CST" for a call set in another zone."""
    resume_copies: int
    """Resume copies to bring (0 for calls)."""


@dataclass(frozen=True)
class Confirmation:
    row: MeetingRow
    """The meeting to confirm."""
    message: str
    """The drafted confirmation (drafts/confirm.txt)."""


@dataclass(frozen=True)
class DayView:
    day: Day
    """The date and its meetings."""
    anchor: str
    """HTML id of the day's section: day-YYYY-MM-DD."""
    rows: tuple[MeetingRow, ...]
    """The day's meetings in time order."""
    resume_copies: int
    """Resume copies to bring that day, in all."""
    dress: tuple[str, ...]
    """The day's dress codes (in-person meetings only), without repeats."""
    carry: tuple[str, ...]
    """What to bring, one line each."""
    confirm_tomorrow: tuple[Confirmation, ...]
    """Confirmations to send today for tomorrow's meetings."""
    first_leave: Slot | None
    """The day's first meeting that has a leave-by time, if any."""


@dataclass(frozen=True)
class ItineraryPage(Page):
    traveler: Traveler
    """You, from trip.yaml."""
    lodging: Lodging | None
    """Where you stay, if given."""
    lodging_map: str | None
    """A map link for the lodging's address."""
    days: tuple[DayView, ...]
    """Every day of the trip, and any day outside it that has a meeting."""
    before_trip: tuple[Confirmation, ...]
    """Confirmations for the first day's meetings, sent the day before the trip."""
    general_warnings: tuple[Finding, ...]
    """Warnings not attached to one meeting."""
    meeting_count: int
    """Meetings in the schedule."""
    people_count: int
    """Distinct people met (the network page counts everyone else)."""
    company_count: int
    """Distinct organisations met."""
    open_followups: int
    """Thank-yous due or overdue."""


@dataclass(frozen=True)
class PocketPage(Page):
    days: tuple[DayView, ...]
    """Days that have meetings: one card each."""
    traveler: Traveler
    """You, from trip.yaml."""
    lodging: Lodging | None
    """Where you stay, if given."""


@dataclass(frozen=True)
class PacketPage(Page):
    packet: Packet
    """The meeting's packet: questions, research gaps, what you learned here already, the follow-up."""
    slot: Slot
    """The meeting, placed in time and space."""
    person: Person
    """Who you meet."""
    company: Company | None
    """Their organisation, if any."""
    traveler: Traveler
    """You, from trip.yaml."""
    connection: str | None
    """How you are connected, in words ("Introduced by Priya (alumni): ..."), if known."""
    introducer_href: str | None
    """Link to the packet of whoever introduced you, when you meet them too."""
    map_qr: str | None
    """QR code (a data: URL) of the map link, for a meeting with an address."""
    link_qr: str | None
    """QR code (a data: URL) of the video link."""
    thanks: str
    """The thank-you draft: yours from follow_up.thanks, else drafts/thanks.txt."""
    introducer_thanks: str | None
    """A draft thanking whoever introduced you, if someone did."""
    dress: str
    """Dress code for this meeting."""
    previous: MeetingRow | None
    """The meeting before this one, in time order."""
    next: MeetingRow | None
    """The meeting after this one."""
    own_time: str | None
    """Both clocks, for a call set in another time zone."""
    pdf_href: str
    """Link to this packet's PDF."""
    same_day: tuple[MeetingRow, ...] = field(default=())
    """Other meetings the same day."""


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    """The person, and where asking them stands."""
    meetings: tuple[MeetingRow, ...]
    """Their meetings, if any."""
    draft: str | None
    """An outreach message, for people still to ask."""


@dataclass(frozen=True)
class NetworkPage(Page):
    pipeline: tuple[tuple[OutreachStatus, tuple[ContactRow, ...]], ...]
    """Contacts grouped by outreach status, in pipeline order."""
    to_ask: tuple[ContactRow, ...]
    """People still to ask, most senior first."""
    tree: tuple[TreeNode, ...]
    """Introduction trees: who introduced whom."""
    rows: dict[str, ContactRow]
    """By person slug, for the tree."""
    decision_makers: tuple[ContactRow, ...]
    """Contacts marked seniority: decision-maker."""


@dataclass(frozen=True)
class FollowUpRow:
    followup: FollowUp
    """When the thank-you is due, and where it stands."""
    row: MeetingRow
    """The meeting."""
    draft: str
    """The thank-you draft."""
    introducer_draft: str | None
    """A note thanking the introducer, if someone introduced you."""


@dataclass(frozen=True)
class FollowUpsPage(Page):
    today_label: str
    """The date the page is as of, written out."""
    groups: tuple[tuple[FollowUpState, tuple[FollowUpRow, ...]], ...]
    """Follow-ups by state: overdue, due, upcoming, sent, not needed."""


class PageBuilder:
    """Builds each page's context from the Plan; one instance per build."""

    def __init__(self, plan: Plan, paths: Paths, drafts: Drafts, with_pdfs: bool, private: bool, for_print: bool = False):
        self.plan = plan
        self.paths = paths
        self.drafts = drafts
        self.with_pdfs = with_pdfs
        self.private = private
        self.for_print = for_print
        """Pages for the PDFs: links between pages become in-document anchors."""
        self._first_slot: dict[str, Slot] = {}
        for slot in plan.schedule.slots:
            self._first_slot.setdefault(slot.meeting.person.slug, slot)

    def _href(self, from_page: str, target: str) -> str:
        if self.for_print:
            return "#" + target.replace("/", "-").removesuffix("-index.html")
        return root_of(from_page) + target

    def _page(self, title: str, path: str, nav: str) -> dict:
        return dict(
            title=title,
            path=path,
            root=root_of(path),
            trip=self.plan.trip.info,
            links=Links.for_page(self.paths, path),
            with_pdfs=self.with_pdfs,
            for_print=self.for_print,
            private=self.private,
            version=__version__,
            nav=nav,
        )

    def row(self, slot: Slot, from_page: str) -> MeetingRow:
        packet = self.plan.packet(slot.meeting.id)
        own = f"{slot.own_start.strftime('%H:%M')} {slot.own_start.tzname()}" if slot.other_zone else None
        return MeetingRow(
            slot=slot,
            packet=packet,
            person=slot.meeting.person,
            company=slot.meeting.company,
            href=self._href(from_page, self.paths.packet_page(slot.meeting.id)),
            pdf_href=self._href(from_page, self.paths.packet_pdf(slot.meeting.id)),
            warnings=packet.warnings,
            own_time=own,
            resume_copies=packet.resume_copies,
        )

    def _day(self, day: Day, next_day: Day | None, page: str) -> DayView:
        rows = tuple(self.row(slot, page) for slot in day.slots)
        in_person = [r for r in rows if r.slot.in_person]
        carry = []
        if rows:
            carry.append(f"{len(rows)} printed packet{'s' * (len(rows) != 1)} (or this site on your phone)")
        copies = sum(r.resume_copies for r in rows)
        if copies:
            carry.append(f"{copies} resume copies in a folder that keeps them flat")
        if in_person:
            carry += ["Notebook and two pens", "Business cards", "Phone charged, with a charger", "Water and a snack"]
        if any(r.slot.meeting.entry.format is not MeetingFormat.IN_PERSON for r in rows):
            carry.append("Headphones and a quiet spot for calls")
        gifts = [r.packet.followup.gift for r in rows if r.packet.followup.gift]
        carry += [f"Gift: {gift}" for gift in gifts]
        confirm = tuple(Confirmation(self.row(s, page), self.drafts.confirm(s)) for s in (next_day.slots if next_day else ()))
        leaving = [r.slot for r in rows if r.slot.leave_by]
        return DayView(
            day=day,
            anchor=f"day-{day.date.isoformat()}",
            rows=rows,
            resume_copies=copies,
            dress=day.dress_codes,
            carry=tuple(carry),
            confirm_tomorrow=confirm,
            first_leave=leaving[0] if leaving else None,
        )

    def days(self, page: str) -> tuple[DayView, ...]:
        days = self.plan.schedule.days
        return tuple(self._day(day, days[i + 1] if i + 1 < len(days) else None, page) for i, day in enumerate(days))

    def itinerary(self) -> ItineraryPage:
        trip = self.plan.trip
        page = self.paths.home
        days = self.days(page)
        attached = {id(f) for p in self.plan.packets for f in p.warnings}
        first = self.plan.schedule.days[0] if self.plan.schedule.days else None
        lodging = trip.info.lodging
        return ItineraryPage(
            **self._page(trip.info.title, page, "itinerary"),
            traveler=trip.info.traveler,
            lodging=lodging,
            lodging_map=map_url(lodging.address) if lodging and lodging.address else None,
            days=days,
            before_trip=tuple(Confirmation(self.row(s, page), self.drafts.confirm(s)) for s in (first.slots if first else ())),
            general_warnings=tuple(f for f in self.plan.findings if id(f) not in attached),
            meeting_count=len(self.plan.packets),
            people_count=len({p.slot.meeting.person.slug for p in self.plan.packets}),
            company_count=len({p.slot.meeting.company.slug for p in self.plan.packets if p.slot.meeting.company}),
            open_followups=sum(p.followup.open for p in self.plan.packets),
        )

    def pocket(self) -> PocketPage:
        trip = self.plan.trip
        return PocketPage(
            **self._page(f"Pocket cards: {trip.info.title}", self.paths.pocket_pdf, "itinerary"),
            days=tuple(d for d in self.days(self.paths.home) if d.rows),
            traveler=trip.info.traveler,
            lodging=trip.info.lodging,
        )

    def packet(self, packet: Packet) -> PacketPage:
        slot = packet.slot
        meeting = slot.meeting
        page = self.paths.packet_page(meeting.id)
        person = meeting.person
        connection = person.profile.connection
        introducer = self.plan.trip.people.get(person.introducer) if person.introducer else None
        text = None
        if connection:
            via = introducer.profile.name if introducer else connection.via
            kind = connection.kind.value if connection.kind else None
            if via:
                text = f"Introduced by {via}" + (f" ({kind})" if kind else "")
            elif kind:
                text = "Cold outreach" if kind == "cold" else kind.capitalize()
            if connection.note:
                text = f"{text}: {connection.note}" if text else connection.note
        introducer_slot = self._first_slot.get(introducer.slug) if introducer else None
        index = self.plan.position(packet)
        previous = self.row(self.plan.packets[index - 1].slot, page) if index > 0 else None
        following = self.row(self.plan.packets[index + 1].slot, page) if index + 1 < len(self.plan.packets) else None
        return PacketPage(
            **self._page(f"{person.profile.name}: {slot.start.strftime('%a %b')} {slot.start.day}, {slot.start.strftime('%H:%M')}", page, "packet"),
            packet=packet,
            slot=slot,
            person=person,
            company=meeting.company,
            traveler=self.plan.trip.info.traveler,
            connection=text,
            introducer_href=self._href(page, self.paths.packet_page(introducer_slot.meeting.id)) if introducer_slot else None,
            map_qr=qr_data_uri(slot.map_url) if slot.map_url else None,
            link_qr=qr_data_uri(meeting.entry.link) if meeting.entry.link else None,
            thanks=self.drafts.thanks(packet.followup),
            introducer_thanks=self.drafts.introducer_thanks(packet.followup),
            dress=slot.dress,
            previous=previous,
            next=following,
            own_time=zone_label(slot) if slot.other_zone else None,
            pdf_href=self._href(page, self.paths.packet_pdf(meeting.id)),
        )

    def network(self) -> NetworkPage:
        page = self.paths.network
        network = self.plan.network
        rows = {}
        for contact in network.contacts:
            draft = self.drafts.outreach(contact) if contact.status is OutreachStatus.TO_ASK else None
            rows[contact.person.slug] = ContactRow(contact, tuple(self.row(s, page) for s in contact.slots), draft)
        return NetworkPage(
            **self._page(f"Network: {self.plan.trip.info.title}", page, "network"),
            pipeline=tuple((status, tuple(rows[c.person.slug] for c in contacts)) for status, contacts in network.pipeline),
            to_ask=tuple(rows[c.person.slug] for c in network.to_ask),
            tree=network.tree,
            rows=rows,
            decision_makers=tuple(rows[c.person.slug] for c in network.contacts if c.decision_maker),
        )

    def followups(self) -> FollowUpsPage:
        page = self.paths.followups
        order = (FollowUpState.OVERDUE, FollowUpState.DUE, FollowUpState.UPCOMING, FollowUpState.SENT, FollowUpState.NOT_NEEDED)
        rows = [
            FollowUpRow(p.followup, self.row(p.slot, page), self.drafts.thanks(p.followup), self.drafts.introducer_thanks(p.followup))
            for p in self.plan.packets
        ]
        today = self.plan.today
        return FollowUpsPage(
            **self._page(f"Follow-ups: {self.plan.trip.info.title}", page, "followups"),
            today_label=f"{today.strftime('%A')}, {today.strftime('%B')} {today.day}, {today.year}",
            groups=tuple((state, tuple(r for r in rows if r.followup.state is state)) for state in order),
        )

