"""The typed template contexts: what each page kind can show, as declared dataclasses.

Templates see only these (and the filters in theme.py), never raw dicts, so a theme author can read
here what each page offers; docs/templates.md is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.content.models import Lodging, OutreachStatus, Traveler, TripFile
from generator.content.trip import Company, Person
from generator.errors import Finding
from generator.plan.agenda import AgendaItem
from generator.plan.approach import Approach
from generator.plan.debrief import PromiseItem, Suggestion
from generator.plan.followup import FollowUp, FollowUpState
from generator.plan.keep_in_touch import Ping
from generator.plan.network import Contact, TreeNode
from generator.plan.openings import DayOpenings, Move
from generator.plan.opportunities import Opportunity
from generator.plan.organisations import Organisation
from generator.plan.outreach import OutreachStep, RequestClock
from generator.plan.plan import Packet
from generator.plan.research import ResearchGap
from generator.plan.response import ResponseType
from generator.plan.schedule import Day, Slot
from generator.plan.targets import TargetRow
from generator.plan.working_days import DayOff
from generator.render.drafts import Message
from generator.render.paths import Paths, root_of


@dataclass(frozen=True)
class Links:
    """Hrefs from the current page to the site's shared pages and files."""

    home: str
    """The itinerary, the site's home page (index.html)."""

    network: str
    """The network page."""

    followups: str
    """The follow-ups page."""
    opportunities: str
    """The opportunities page (leads, applications, interviews)."""
    itinerary_pdf: str
    """The printable itinerary."""

    binder_pdf: str
    """Itinerary and every packet in one PDF."""

    pocket_pdf: str
    """One pocket card per day."""

    calendar: str
    """The .ics file of every meeting."""

    contacts: str
    """contacts.vcf: everyone you meet on the trip, as vCards for a phone's address book."""
    style: str
    """The theme's screen stylesheet (static/style.css)."""
    print_style: str
    """The theme's print stylesheet (static/print.css), also used for the PDFs."""

    app_style: str
    """static/app.css: what the site adds to a page (the lock screen, sign-out, the offline note),
    for every theme."""

    script: str
    """The theme's small script (static/site.js)."""

    offline_script: str
    """static/offline.js: saves the site for offline use (a service worker) and says when a page is
    the saved copy."""

    manifest: str
    """The web app manifest, for installing the site on a home screen."""

    icon: str
    """The site's icon as SVG (the favicon)."""

    touch_icon: str
    """The icon as a 192-pixel PNG (apple-touch-icon)."""

    resume: str | None = None
    """Your resume (traveler.resume, copied into the output as resume.pdf), if you gave one."""

    @classmethod
    def for_page(cls, paths: Paths, page: str, resume: str | None = None) -> Links:
        root = root_of(page)
        return cls(
            home=root + paths.home,
            network=root + paths.network,
            followups=root + paths.followups,
            opportunities=root + paths.opportunities,
            itinerary_pdf=root + paths.itinerary_pdf,
            binder_pdf=root + paths.binder_pdf,
            pocket_pdf=root + paths.pocket_pdf,
            calendar=root + paths.calendar,
            contacts=root + paths.contacts,
            style=root + "static/style.css",
            print_style=root + "static/print.css",
            app_style=root + "static/app.css",
            script=root + "static/site.js",
            resume=root + resume if resume else None,
            offline_script=root + "static/offline.js",
            manifest=root + paths.manifest,
            icon=root + paths.icon,
            touch_icon=root + paths.icon_192,
        )


@dataclass(frozen=True)
class Page:
    """What every page has."""

    title: str
    """The page's title: the browser tab, and the PDF's title."""

    path: str
    """Where the page lands in the output, e.g. meetings/<id>/index.html."""

    root: str
    """The way back to the output root from this page ('' or '../../'); prefix it to site-relative
    links."""

    trip: TripFile
    """trip.yaml as written (validated)."""

    country: str | None
    """The trip's country (ISO 3166-1 alpha-2: `trip.country`, else its time zone's), in which phone
    numbers without a +country code are read: pass it to the `tel` and `phone` filters."""
    content_folder: str
    """The content folder as the command line named it (a local path): a page shows warnings' files
    relative to it (`m.warnings(items, content_folder)`), so a published page never reveals where
    the content lives."""

    links: Links
    """Relative links from this page to the shared pages and files."""

    with_pdfs: bool
    """True when the build makes PDFs; hide PDF links otherwise."""

    for_print: bool
    """True when this page is rendered for its PDF: links between pages become in-document
    anchors."""

    private: bool
    """True for an encrypted (private) site."""

    version: str
    """infoprep's version, for the footer."""

    nav: str
    """Which top-level section this page belongs to: itinerary, network, followups or packet."""

    content_security_policy: str
    """The policy every web page declares in a meta tag: only the site's own scripts and styles (no
    inline ones)."""

    theme_color: str
    """The browser bar's and the installed app's colour."""


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
    """"14:00 Chicago" for a call with someone in another zone (their `timezone`, else the
    meeting's)."""

    resume_copies: int
    """Resume copies to bring (0 for calls)."""


@dataclass(frozen=True)
class Confirmation:
    row: MeetingRow
    """The meeting to confirm."""

    message: Message
    """The drafted confirmation (drafts/confirm.txt)."""


@dataclass(frozen=True)
class Bring:
    """A day's packing list as facts; the words are the theme's (itinerary.html), so a catalog
    translates them."""

    packets: int
    """Printed packets: one per meeting that day."""

    resume_copies: int
    """Resume copies, in all."""

    in_person: bool
    """Any meeting in person (notebook, pens, business cards, charger, water)."""
    calls: bool
    """Any video or phone call (headphones and a quiet spot)."""
    gifts: tuple[str, ...]
    """Gifts to bring, as the follow-ups name them."""

    cards: int
    """Thank-you cards (and stamps) to write tonight."""


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

    bring: Bring
    """What to bring that day, as counts and facts: the theme words the list (its "Bring" block)."""
    confirm_tomorrow: tuple[Confirmation, ...]
    """Confirmations to send today: for the next day that has meetings, when today is the last
    working day (or day with meetings) before it; after a long weekend that is the Friday before
    (see `confirm_day`)."""

    first_leave: Slot | None
    """The day's first meeting that has a leave-by time, if any."""

    openings: DayOpenings | None = None
    """Room left that day for one more meeting (trip days from today on; None otherwise)."""

    cards_tonight: tuple[MeetingRow, ...] = ()
    """The day's meetings whose thank-you is a handwritten card (follow_up.channel card or both) not
    posted yet:
    "write N cards tonight".
    """

    confirm_day: date | None = None
    """The date of the meetings in `confirm_tomorrow` (tomorrow, or further on after days off); None
    when there are none."""

    day_off: DayOff | None = None
    """Why this is not a working day (weekend, public holiday with its name, one of your
    `days_off`); None for a working day.

    A day off without meetings is shown as one line.
    """


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
    """Confirmations to send before the trip starts: the meetings of the first day that has any,
    when the last working day before it falls before the trip."""

    general_warnings: tuple[Finding, ...]
    """Warnings not attached to one meeting, other than research gaps."""
    general_gaps: tuple[ResearchGap, ...]
    """The research gaps among those warnings, for the page to word in its language."""
    meeting_count: int
    """Meetings in the schedule."""

    people_count: int
    """Distinct people met (the network page counts everyone else)."""

    company_count: int
    """Distinct organisations met."""

    open_followups: int
    """Thank-yous due or overdue."""


@dataclass(frozen=True)
class PocketRow:
    """One meeting on a card: its row in the itinerary, and the place line as printed."""

    row: MeetingRow
    """The meeting."""

    place: str
    """Where, in a few words: the address, "Video call (08:00 PDT for them)" or "Phone call"."""

    phone: str | None
    """Their phone number, if known."""


@dataclass(frozen=True)
class PocketCard:
    """One 5 x 3 inch card: a day's meetings, or the part of a long day that fits."""

    day: DayView
    """The day."""

    rows: tuple[PocketRow, ...]
    """Its meetings on this card, in time order."""

    continued: bool
    """This card continues the day's previous card."""

    continues: bool
    """The day goes on on the next card."""

    size: str
    """How densely it is printed (its class in print.css): normal, or dense or tight so that the day
    fits one card."""

    next_day: date | None = None
    """On the day's last card, when no meeting follows on the next day: the next day that has
    meetings (the card says "Then no meetings until ..."); None otherwise."""

    days_off: tuple[DayOff, ...] = ()
    """Why there are no meetings before `next_day`: one day off per reason (the weekend, a public
    holiday by its name, your own day off), in date order."""


@dataclass(frozen=True)
class PocketPage(Page):
    days: tuple[DayView, ...]
    """Days that have meetings."""

    cards: tuple[PocketCard, ...]
    """The cards to print: one per day, unless a day cannot fit one card even printed small
    (render/pocket_cards.py)."""
    traveler: Traveler
    """You, from trip.yaml."""
    lodging: Lodging | None
    """Where you stay, if given."""


@dataclass(frozen=True)
class PacketPage(Page):
    packet: Packet
    """The meeting's packet: questions, research gaps, what you learned here already, the
    follow-up."""

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
    """QR code (a data: URL) of the map link, for a meeting with an address; print pages (PDFs)
    only, since a phone on the web page follows the link itself."""
    link_qr: str | None
    """QR code (a data: URL) of the video link; print pages (PDFs) only."""

    thanks: Message
    """The thank-you draft: yours from follow_up.thanks, else drafts/thanks.txt."""

    introducer_thanks: Message | None
    """A draft thanking whoever introduced you, if someone did."""

    dress: str
    """Dress code for this meeting."""
    previous: MeetingRow | None
    """The meeting before this one, in time order."""

    next: MeetingRow | None
    """The meeting after this one."""

    own_time: str | None
    """Their clock, by city ("16:00 Singapore for them"), for a call with someone in another time
    zone."""

    pdf_href: str
    """Link to this packet's PDF."""

    contact_href: str
    """Link to the person as a vCard (contact.vcf in the meeting's folder), to add them to a phone's
    contacts."""

    same_day: tuple[MeetingRow, ...] = field(default=())
    """Other meetings the same day."""

    card: Message | None = None
    """The thank-you card's text (follow_up.channel card or both), else None."""


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    """The person, and where asking them stands."""

    meetings: tuple[MeetingRow, ...]
    """Their meetings, if any."""

    draft: Message | None
    """An outreach message, for people still to ask."""

    clock: RequestClock | None = None
    """The outreach clock, for a request still waiting for a reply: business days waited, the next
    step."""
    nudge: Message | None = None
    """The nudge draft (drafts/nudge.txt), for a request whose clock has a nudge to come."""

    approach: Approach | None = None
    """How a request to them opens (their kind of connection)."""

    response: ResponseType | None = None
    """Their response type: booster (replied within 3 business days), obligate (later) or curmudgeon
    (no reply); None while it cannot be told."""


@dataclass(frozen=True)
class StepRow:
    step: OutreachStep
    """The step: a second person to ask, or a nudge; when it is due and whether it is overdue."""

    row: ContactRow
    """The person whose request is waiting."""

    candidate: ContactRow | None
    """For a second-person step, the best one to ask there (their draft is in `candidate.draft`)."""

    draft: Message | None
    """The draft for the step: the nudge, or the request to the second person."""


@dataclass(frozen=True)
class MoveRow:
    move: Move
    """The meeting that clashes, why, and open slots instead."""

    row: MeetingRow
    """The meeting as the itinerary shows it."""
    draft: Message
    """The message asking to move it (drafts/reschedule.txt)."""


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

    organisations: tuple[Organisation, ...]
    """Who you know where: organisations, most people known first, each with its decision-makers and
    who is not asked yet (`infoprep who` shows the same).

    Look a person's row up in `rows` by slug for their meeting links.
    """

    open_days: tuple[DayOpenings, ...] = ()
    """Room left each trip day from today on, to know what to offer a new referral."""

    moves: tuple[MoveRow, ...] = ()
    """Meetings that clash, with a draft asking to move each."""

    steps: tuple[StepRow, ...] = ()
    """Every waiting request's next steps (second person at 3 business days, nudge at 7), due or
    overdue first, then coming up, in date order."""

    to_add: tuple[Suggestion, ...] = ()
    """People suggested in a debrief and not yet in people/, with the command that adds each
    (`suggestion.command`)."""

    today_label: str = ""
    """The day the page is as of, written out (the outreach clock counts to it)."""

    targets: tuple[TargetRow, ...] = ()
    """The LAMP list (`infoprep targets` shows the same): every organisation ranked by motivation,
    then postings, then advocacy (`row.target`: rank, scores, `advocacy_derived`), who you know
    there (`row.known`: person, status, response) and the next step (`row.next`: kind, due, person,
    opportunity and its step, outreach step, slot)."""


@dataclass(frozen=True)
class OpportunityRow:
    opportunity: Opportunity
    """The opportunity: title, organisation, status, steps (kind, due, until, state, person), via,
    url, note."""
    conversations: tuple[MeetingRow, ...]
    """The meetings it came from, linked to their packets."""

    update: Message | None = None
    """For a `tell` step still to do: the note telling whoever helped what happened
    (drafts/update.txt)."""


@dataclass(frozen=True)
class OpportunitiesPage(Page):
    today_label: str
    """The day the page is as of, written out."""

    open: tuple[OpportunityRow, ...]
    """Open opportunities (lead, applied, referred, interviewing, offer), soonest next step
    first."""

    closed: tuple[OpportunityRow, ...] = ()
    """Closed ones, for the record."""


@dataclass(frozen=True)
class FollowUpRow:
    followup: FollowUp
    """When the thank-you is due, and where it stands."""

    row: MeetingRow
    """The meeting."""

    draft: Message
    """The thank-you draft."""

    introducer_draft: Message | None
    """A note thanking the introducer, if someone introduced you."""

    card: Message | None = None
    """The thank-you card's text, when the thank-you is a card (or both)."""


@dataclass(frozen=True)
class PromiseRow:
    promise: PromiseItem
    """What you promised, to whom, by when; `promise.state` is None once done."""

    row: MeetingRow
    """The meeting where you promised it."""


@dataclass(frozen=True)
class PingRow:
    ping: Ping
    """When to get back in touch and why (the interval, the latest contact)."""

    draft: Message
    """The keep-in-touch note (drafts/ping.txt)."""


@dataclass(frozen=True)
class FollowUpsPage(Page):
    today_label: str
    """The date the page is as of, written out."""

    groups: tuple[tuple[FollowUpState, tuple[FollowUpRow, ...]], ...]
    """Follow-ups by state: overdue, due, upcoming, sent, not needed."""

    agenda: tuple[AgendaItem, ...] = ()
    """Everything due or overdue as of the page's day, in date order: the list `infoprep followup`
    prints."""

    promises: tuple[PromiseRow, ...] = ()
    """Every promise from the debriefs, by due date (done ones too)."""

    cards_to_post: tuple[FollowUpRow, ...] = ()
    """Thank-you cards not posted yet, to post before leaving the city."""

    pings: tuple[PingRow, ...] = ()
    """The next keep-in-touch ping of each person with a keep_in_touch, soonest first."""

    post_by: str = ""
    """The last day in the city, written out: cards go in the post before it ends."""


@dataclass(frozen=True)
class LockPage:
    """The context of `lock.html`: the public face of one page of a private site, before it is
    unlocked.

    It holds nothing from the content: the page's ciphertext, the site's own links, and what the
    lock screen offers.
    """

    root: str
    """The way back to the site's root from this page ('' or '../../'); prefix it to the links
    below."""

    sealed: str
    """The page's ciphertext (base64), for `<script id="infoprep-sealed"
    type="application/octet-stream">`."""

    remember_days: int
    """Days "Keep unlocked on this device" may last (`site.remember_days`); 0: do not offer it."""

    theme_color: str
    """The browser bar's and the installed app's colour."""

    icon: str
    """The site's icon (SVG), from the root."""

    touch_icon: str
    """The home-screen icon (PNG), from the root."""

    manifest: str
    """The web app manifest, from the root."""

    salt_script: str
    """salt.js, from the root: the public lock (salt, iterations, check value).

    Load it before decrypt.js.
    """
