"""PageBuilder: the one place each page's typed context (render/contexts.py) is built from the
Plan."""

from __future__ import annotations

from datetime import date

from generator import __version__
from generator.content.models import MeetingFormat, OutreachStatus
from generator.content.phones import trip_country
from generator.plan.followup import FollowUpState
from generator.plan.network import connection_in_words
from generator.plan.opportunities import Opportunity
from generator.plan.organisations import organisations
from generator.plan.plan import Packet, Plan
from generator.plan.schedule import Day, Slot, map_url
from generator.render.contexts import (
    Bring,
    Confirmation,
    ContactRow,
    DayView,
    FollowUpRow,
    FollowUpsPage,
    ItineraryPage,
    Links,
    MeetingRow,
    MoveRow,
    NetworkPage,
    OpportunitiesPage,
    OpportunityRow,
    PacketPage,
    PingRow,
    PocketPage,
    PromiseRow,
    StepRow,
)
from generator.render.drafts import Drafts, Message, their_time
from generator.render.memo import Memo
from generator.render.page_policy import CONTENT_SECURITY_POLICY, THEME_COLOR
from generator.render.paths import Paths, root_of
from generator.render.pocket_cards import pocket_cards
from generator.render.qr import qr_data_uri, qr_memo
from generator.render.resume import resume_path

BEFORE_TRIP = date.min
"""The key of `confirmation_days` for confirmations sent before the schedule's first day."""


def confirmation_days(plan: Plan) -> dict[date, tuple[Day, date]]:
    """Which day's meetings are confirmed on each day (the working calendar's `confirm_on`), with
    the date they go out: the Friday before a long weekend confirms the Tuesday after it; a day
    before the schedule's first is `BEFORE_TRIP`."""
    days = plan.schedule.days
    if not days:
        return {}
    meeting_days = frozenset(d.date for d in days if d.slots)
    shown = {d.date for d in days}
    out: dict[date, tuple[Day, date]] = {}
    for index, day in enumerate(days):
        if not day.slots:
            continue
        sent = plan.calendar.confirm_on(day.date, meeting_days)
        if sent < days[0].date:
            out.setdefault(BEFORE_TRIP, (day, sent))
        elif sent not in shown:  # past the trip's end, before a meeting outside it: the day before
            out.setdefault(days[index - 1].date, (day, days[index - 1].date))
        else:
            out.setdefault(sent, (day, sent))
    return out


class PageBuilder:
    """Builds each page's context from the Plan; one instance per build."""

    def __init__(
        self,
        plan: Plan,
        paths: Paths,
        drafts: Drafts,
        with_pdfs: bool,
        private: bool,
        for_print: bool = False,
        qr: Memo | None = None,
    ):
        self.plan = plan
        self.paths = paths
        self.drafts = drafts
        self.with_pdfs = with_pdfs
        self.private = private
        self.for_print = for_print
        """Pages for the PDFs: links between pages become in-document anchors."""
        self.qr = qr or qr_memo()
        self.words = plan.words
        self._openings = {d.date: d for d in plan.openings.days}
        self._first_slot: dict[str, Slot] = {}
        for slot in plan.schedule.slots:
            self._first_slot.setdefault(slot.meeting.person.slug, slot)
        self._confirm_on = confirmation_days(plan)

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
            country=trip_country(self.plan.trip.info),
            content_folder=self.plan.trip.source.location.file.rpartition("/")[0],
            links=Links.for_page(self.paths, path, resume_path(self.plan.trip.info.traveler)),
            with_pdfs=self.with_pdfs,
            for_print=self.for_print,
            private=self.private,
            version=__version__,
            nav=nav,
            content_security_policy=CONTENT_SECURITY_POLICY,
            theme_color=THEME_COLOR,
        )

    def row(self, slot: Slot, from_page: str) -> MeetingRow:
        packet = self.plan.packet(slot.meeting.id)
        own = their_time(slot, self.plan.dates)
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

    def _day(self, day: Day, page: str) -> DayView:
        rows = tuple(self.row(slot, page) for slot in day.slots)
        in_person = [r for r in rows if r.slot.in_person]
        copies = sum(r.resume_copies for r in rows)
        cards = tuple(r for r in rows if r.packet.followup.card_to_post)
        bring = Bring(
            packets=len(rows),
            resume_copies=copies,
            in_person=bool(in_person),
            calls=any(r.slot.meeting.entry.format is not MeetingFormat.IN_PERSON for r in rows),
            gifts=tuple(r.packet.followup.gift for r in rows if r.packet.followup.gift),
            cards=len(cards),
        )
        confirm = self._confirmations(day.date, page)
        confirm_day = self._confirm_on[day.date][0].date if confirm else None
        leaving = [r.slot for r in rows if r.slot.leave_by]
        return DayView(
            day=day,
            anchor=f"day-{day.date.isoformat()}",
            rows=rows,
            resume_copies=copies,
            dress=day.dress_codes,
            bring=bring,
            confirm_tomorrow=confirm,
            first_leave=leaving[0] if leaving else None,
            openings=self._openings.get(day.date) if day.in_trip else None,
            cards_tonight=cards,
            confirm_day=confirm_day,
            day_off=self.plan.calendar.day_off(day.date),
        )

    def _confirmations(self, sent_on: date, page: str) -> tuple[Confirmation, ...]:
        """Confirmations sent on `sent_on` (BEFORE_TRIP: before the schedule's first day)."""
        if sent_on not in self._confirm_on:
            return ()
        day, sent = self._confirm_on[sent_on]
        return tuple(
            Confirmation(self.row(s, page), self.drafts.confirm(s, sent)) for s in day.slots
        )

    def days(self, page: str) -> tuple[DayView, ...]:
        return tuple(self._day(day, page) for day in self.plan.schedule.days)

    def itinerary(self) -> ItineraryPage:
        trip = self.plan.trip
        page = self.paths.home
        days = self.days(page)
        attached = {id(f) for p in self.plan.packets for f in p.warnings}
        general = [f for f in self.plan.findings if id(f) not in attached]
        gaps = {g.finding(): g for p in self.plan.packets for g in p.gaps}
        lodging = trip.info.lodging
        return ItineraryPage(
            **self._page(trip.info.title, page, "itinerary"),
            traveler=trip.info.traveler,
            lodging=lodging,
            lodging_map=map_url(lodging.address) if lodging and lodging.address else None,
            days=days,
            before_trip=self._confirmations(BEFORE_TRIP, page),
            general_warnings=tuple(f for f in general if f not in gaps),
            general_gaps=tuple(dict.fromkeys(gaps[f] for f in general if f in gaps)),
            meeting_count=len(self.plan.packets),
            people_count=len({p.slot.meeting.person.slug for p in self.plan.packets}),
            company_count=len(
                {p.slot.meeting.company.slug for p in self.plan.packets if p.slot.meeting.company}
            ),
            open_followups=sum(p.followup.open for p in self.plan.packets),
        )

    def pocket(self) -> PocketPage:
        trip = self.plan.trip
        every_day = self.days(self.paths.home)
        days = tuple(d for d in every_day if d.rows)
        return PocketPage(
            **self._page(
                self.words.phrase("Pocket cards: %(title)s", title=trip.info.title),
                self.paths.pocket_pdf,
                "itinerary",
            ),
            days=days,
            cards=pocket_cards(every_day, trip_country(trip.info), self.words),
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
        text = connection_in_words(connection, introducer, words=self.words)
        introducer_slot = self._first_slot.get(introducer.slug) if introducer else None
        index = self.plan.position(packet)
        previous = self.row(self.plan.packets[index - 1].slot, page) if index > 0 else None
        following = (
            self.row(self.plan.packets[index + 1].slot, page)
            if index + 1 < len(self.plan.packets)
            else None
        )
        return PacketPage(
            **self._page(
                self.words.phrase(
                    "%(name)s: %(date)s, %(time)s",
                    name=person.profile.name,
                    date=self.plan.dates.short_date(slot.start),
                    time=slot.start.strftime("%H:%M"),
                ),
                page,
                "packet",
            ),
            packet=packet,
            slot=slot,
            person=person,
            company=meeting.company,
            traveler=self.plan.trip.info.traveler,
            connection=text,
            introducer_href=self._href(page, self.paths.packet_page(introducer_slot.meeting.id))
            if introducer_slot
            else None,
            map_qr=qr_data_uri(slot.map_url, self.qr) if slot.map_url and self.for_print else None,
            link_qr=qr_data_uri(meeting.entry.link, self.qr)
            if meeting.entry.link and self.for_print
            else None,
            thanks=self.drafts.thanks(packet.followup),
            introducer_thanks=self.drafts.introducer_thanks(packet.followup),
            dress=slot.dress,
            previous=previous,
            next=following,
            own_time=(
                self.words.phrase("%(time)s for them", time=time)
                if (time := their_time(slot, self.plan.dates))
                else None
            ),
            pdf_href=self._href(page, self.paths.packet_pdf(meeting.id)),
            contact_href=self._href(page, self.paths.contact_card(meeting.id)),
            card=self.drafts.card(packet.followup),
        )

    def network(self) -> NetworkPage:
        page = self.paths.network
        network = self.plan.network
        rows = {}
        for contact in network.contacts:
            offer = self.plan.openings.offers.get(contact.person.slug)
            approach = self.plan.approaches.get(contact.person.slug)
            draft = (
                self.drafts.outreach(contact, offer, approach)
                if contact.status is OutreachStatus.TO_ASK
                else None
            )
            clock = self.plan.clocks.get(contact.person.slug)
            nudge = (
                self.drafts.nudge(clock, offer)
                if clock and any(s.kind.value == "nudge" for s in clock.steps)
                else None
            )
            rows[contact.person.slug] = ContactRow(
                contact,
                tuple(self.row(s, page) for s in contact.slots),
                draft,
                clock,
                nudge,
                approach,
                self.plan.responses.get(contact.person.slug),
            )
        return NetworkPage(
            **self._page(
                self.words.phrase("Network: %(title)s", title=self.plan.trip.info.title),
                page,
                "network",
            ),
            pipeline=tuple(
                (status, tuple(rows[c.person.slug] for c in contacts))
                for status, contacts in network.pipeline
            ),
            to_ask=tuple(rows[c.person.slug] for c in network.to_ask),
            tree=network.tree,
            rows=rows,
            decision_makers=tuple(
                rows[c.person.slug] for c in network.contacts if c.decision_maker
            ),
            open_days=self.plan.openings.days,
            moves=tuple(
                MoveRow(m, self.row(m.slot, page), self.drafts.reschedule(m))
                for m in self.plan.openings.moves
            ),
            organisations=organisations(network),
            steps=self._steps(rows),
            to_add=self.plan.debriefs.to_add,
            today_label=self.plan.dates.long_date(self.plan.today),
            targets=self.plan.targets,
        )

    def opportunities(self) -> OpportunitiesPage:
        page = self.paths.opportunities
        rows = [
            OpportunityRow(o, tuple(self.row(s, page) for s in o.conversations), self._update(o))
            for o in self.plan.opportunities
        ]
        return OpportunitiesPage(
            **self._page(
                self.words.phrase("Opportunities: %(title)s", title=self.plan.trip.info.title),
                page,
                "opportunities",
            ),
            today_label=self.plan.dates.long_date(self.plan.today),
            open=tuple(r for r in rows if r.opportunity.open),
            closed=tuple(r for r in rows if not r.opportunity.open),
        )

    def _update(self, opportunity: Opportunity) -> Message | None:
        """The note telling whoever helped what happened, while the `tell` step is open."""
        tell = [s.person for s in opportunity.steps if s.kind.value == "tell" and s.person]
        return self.drafts.update(opportunity, tell[0]) if tell else None

    def _steps(self, rows: dict[str, ContactRow]) -> tuple[StepRow, ...]:
        """Each waiting request's open steps: due or overdue first, then what comes next, each in
        date order."""
        out = []
        for clock in self.plan.clocks.values():
            for step in clock.steps:
                row = rows[step.person.slug]
                candidate = (
                    rows[step.second.candidate.slug]
                    if step.second and step.second.candidate
                    else None
                )
                draft = (
                    row.nudge
                    if step.kind.value == "nudge"
                    else (candidate.draft if candidate else None)
                )
                out.append(StepRow(step, row, candidate, draft))
        out.sort(
            key=lambda r: (
                r.step.state.value == "upcoming",
                r.step.due,
                r.row.contact.person.profile.name.casefold(),
            )
        )
        return tuple(out)

    def followups(self) -> FollowUpsPage:
        page = self.paths.followups
        order = (
            FollowUpState.OVERDUE,
            FollowUpState.DUE,
            FollowUpState.UPCOMING,
            FollowUpState.SENT,
            FollowUpState.NOT_NEEDED,
        )
        rows = [
            FollowUpRow(
                p.followup,
                self.row(p.slot, page),
                self.drafts.thanks(p.followup),
                self.drafts.introducer_thanks(p.followup),
                self.drafts.card(p.followup),
            )
            for p in self.plan.packets
        ]
        today = self.plan.today
        by_meeting = {r.followup.slot.meeting.id: r.row for r in rows}
        pings = sorted(
            self.plan.pings.values(), key=lambda p: (p.due, p.person.profile.name.casefold())
        )
        return FollowUpsPage(
            **self._page(
                self.words.phrase("Follow-ups: %(title)s", title=self.plan.trip.info.title),
                page,
                "followups",
            ),
            today_label=self.plan.dates.long_date(today),
            groups=tuple(
                (state, tuple(r for r in rows if r.followup.state is state)) for state in order
            ),
            agenda=self.plan.agenda,
            promises=tuple(
                PromiseRow(p, by_meeting[p.slot.meeting.id]) for p in self.plan.debriefs.promises
            ),
            cards_to_post=tuple(r for r in rows if r.followup.card_to_post),
            pings=tuple(PingRow(p, self.drafts.ping(p)) for p in pings),
            post_by=self.plan.dates.long_date(self.plan.trip.info.end),
        )
