"""The content files as strict pydantic models: one model per file kind.

Pure data: no file access, no clock. Unknown keys are refused (`extra="forbid"`), booleans are
strict (YAML 1.2 `yes` is text, not true) and text fields take numbers as they were written
(`012345`, `1.10`).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
)

from generator.content.availability import Window
from generator.content.regions import subdivision_problem
from generator.content.scalars import (
    Clock,
    Day,
    DayOrMoment,
    Email,
    Geo,
    LocaleName,
    Markdown,
    Slug,
    Text,
    TimeZone,
    Url,
    Whole,
)


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, use_attribute_docstrings=True
    )


# ----- trip.yaml -------------------------------------------------------------------------------


def _country_code(value: str) -> str:
    country, dash, subdivision = value.partition("-")
    if country == "UK":
        raise ValueError("the ISO code of the United Kingdom is GB, not UK (England: GB-ENG)")
    if not (len(country) == 2 and country.isascii() and country.isalpha() and country.isupper()):
        raise ValueError(
            f"{value!r} is not a country code: write its ISO 3166-1 alpha-2 code in capitals,"
            " such as US, IE or DE, or a subdivision's ISO 3166-2 code, such as GB-ENG, US-CA or "
            "DE-BY"
        )
    well_formed = subdivision.isascii() and subdivision.isalnum() and subdivision.isupper()
    if dash and not (1 <= len(subdivision) <= 3 and well_formed):
        raise ValueError(
            f"{value!r} is not a subdivision code: write it as ISO 3166-2 does, such as GB-ENG, "
            "US-CA or DE-BY"
        )
    if dash and (problem := subdivision_problem(value)):
        raise ValueError(problem)
    return value


CountryCode = Annotated[
    Text,
    AfterValidator(_country_code),
    WithJsonSchema({"type": "string", "pattern": r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$", "maxLength": 6}),
]
"""An ISO 3166-1 alpha-2 code (US, IE, DE; GB, not UK), or an ISO 3166-2 subdivision code (GB-ENG,
US-CA, DE-BY)."""


class Paper(str, Enum):
    LETTER = "letter"
    A4 = "a4"


class Gender(str, Enum):
    """How drafts agree with their writer where a language's first person has a gender."""

    FEMININE = "feminine"
    MASCULINE = "masculine"


INTRODUCTION_EXAMPLE = "大阪でPMをしております高橋と申します。"
"""How a Japanese request opens (Traveler.introduction)."""


class Traveler(Strict):
    name: Text = Field(min_length=1, examples=["Alex Rivera"])
    """Your name, as it goes on every packet."""

    email: Email | None = Field(None, examples=["alex.rivera@example.com"])
    """Your e-mail, for confirmation and thank-you drafts."""

    phone: Text | None = Field(None, examples=["+1 202 555 0100"])
    """Your phone number (quote it)."""

    pitch: Markdown | None = Field(
        None, examples=["Recent MPP graduate who turns messy public data into decisions."]
    )
    """Your 30-second introduction (Markdown)."""

    gender: Gender | None = Field(None, examples=["feminine"])
    """For grammar only: French, Spanish and Portuguese drafts agree with their writer ("je vous
    suis reconnaissante", "agradecida", "obrigada"); when absent, the masculine forms those
    languages default to."""

    introduction: Text | None = Field(None, examples=[INTRODUCTION_EXAMPLE])
    """One sentence saying who you are, which a request to someone who does not know you opens
    with, as written: a Japanese request is expected to ("…と申します。"), and no language's
    drafts can write it for you."""

    resume: Text | None = Field(None, examples=["resume.pdf"])
    """A file in the content folder: your resume, copied into the output as resume.pdf (its own
    extension, never its name) and linked from the itinerary and each in-person packet's Bring
    line."""

    linkedin_premium: StrictBool = Field(False, examples=[False])
    """true: you have LinkedIn Premium, so a connection note may be 300 characters instead of 200
    (people with `outreach.channel: linkedin`)."""


class Lodging(Strict):
    name: Text = Field(examples=["Hotel Harrington"])
    """Where you stay."""

    address: Text | None = Field(None, examples=["436 11th St NW, Washington, DC 20004"])
    """Its street address (gets a map link)."""

    geo: Geo | None = Field(None, examples=[[38.8966, -77.0268]])
    """[latitude, longitude], for travel estimates to the day's first meeting (`infoprep
    propose`)."""


class Language(str, Enum):
    """A language infoprep writes pages, PDFs, bank questions and drafts in (a catalog under
    generator/locale/)."""

    EN = "en"
    EN_GB = "en_GB"
    DE = "de"
    FR = "fr"
    ES = "es"
    PT_BR = "pt_BR"
    ZH_HANS = "zh_Hans"
    JA = "ja"
    KO = "ko"

    @property
    def tag(self) -> str:
        """The BCP 47 tag of HTML `lang` and PDF `/Lang`: en-GB, pt-BR, zh-Hans."""
        return self.value.replace("_", "-")

    @property
    def home_locale(self) -> str:
        """The locale its dates are written in when `defaults.locale` does not say."""
        return _HOME_LOCALES[self.value]

    @classmethod
    def of_locale(cls, locale: str) -> Language:
        """The language a locale is written in: en_US -> en, other English -> en_GB, pt_PT -> pt_BR,
        zh_* -> zh_Hans, a language without a catalog -> en."""
        code = locale.replace("-", "_").split("_")[0].lower()
        if code == "en":
            return cls.EN if locale.replace("-", "_") in ("en", "en_US") else cls.EN_GB
        return {
            "de": cls.DE,
            "fr": cls.FR,
            "es": cls.ES,
            "pt": cls.PT_BR,
            "zh": cls.ZH_HANS,
            "ja": cls.JA,
            "ko": cls.KO,
        }.get(code, cls.EN)


_HOME_LOCALES = {
    "en": "en_US",
    "en_GB": "en_GB",
    "de": "de_DE",
    "fr": "fr_FR",
    "es": "es_ES",
    "pt_BR": "pt_BR",
    "zh_Hans": "zh_Hans_CN",
    "ja": "ja_JP",
    "ko": "ko_KR",
}


class TravelMode(str, Enum):
    WALK = "walk"
    TRANSIT = "transit"
    DRIVE = "drive"
    BIKE = "bike"


class Defaults(Strict):
    duration: Whole = Field(45, ge=5, le=600, examples=[45])
    """Minutes per meeting when a meeting does not say."""

    buffer: Whole = Field(30, ge=0, le=600, examples=[30])
    """Minimum free minutes between meetings."""

    per_day: tuple[Whole, Whole] = Field((3, 4), examples=[[3, 4]])
    """Planned meetings per day [fewest, most]: fewer or more is a warning."""

    day_hours: tuple[Clock, Clock] = Field(
        ("08:00", "18:30"), validate_default=True, examples=[["08:00", "18:30"]]
    )  # type: ignore[assignment]
    """Local working hours [from, to]: meetings outside them are a warning."""

    resume_copies: Whole = Field(2, ge=0, le=50, examples=[2])
    """Printed resumes to bring to each in-person meeting."""

    dress: Text = Field("business professional", examples=["business professional"])
    """Dress code, unless the company's own says otherwise."""

    follow_up_within: Whole = Field(24, ge=1, le=24 * 14, examples=[24])
    """Hours after a meeting ends that its thank-you is due."""

    min_questions: Whole = Field(15, ge=0, le=200, examples=[15])
    """A packet with fewer questions is a warning."""

    paper: Paper = Field(Paper.LETTER, examples=["letter"])
    """Paper size of the PDFs: letter or a4."""
    locale: LocaleName | None = Field(None, examples=["en_GB"])
    """How dates are written everywhere (pages, PDFs, drafts, calendar, terminal), as a locale such
    as en_GB ("Fri 21 May") or en_US ("Fri, May 21"); when absent, en_GB for paper: a4 and en_US for
    letter."""
    language: Language | None = Field(None, examples=["de"])
    """The language of pages, PDFs, bank questions and drafts: en, en_GB, de, fr, es, pt_BR,
    zh_Hans, ja or ko; when absent, the language of `locale` (de_AT: de, en_AU: en_GB), else en.

    A person's own `language` chooses the language of the drafts written to them.
    """

    @property
    def date_locale(self) -> str:
        """The locale dates are written in: `locale`, else the language's own (de: de_DE), else the
        one the paper size suggests."""
        if self.locale:
            return self.locale
        if self.language is not None:
            return self.language.home_locale
        return "en_GB" if self.paper is Paper.A4 else "en_US"

    @property
    def page_language(self) -> Language:
        """The language pages and PDFs are written in: `language`, else the one of `locale`, else
        en."""
        if self.language is not None:
            return self.language
        return Language.of_locale(self.locale) if self.locale else Language.EN

    travel_mode: TravelMode = Field(TravelMode.TRANSIT, examples=["transit"])
    """How you get around the city, for travel estimates from `geo` (`infoprep propose`): walk (4.5
    km/h), bike (13 km/h + 3 min), transit (18 km/h + 8 min to walk and wait) or drive (22 km/h + 7
    min to park); the straight-line distance counts 1.3 times, for streets."""


PUBLIC_VARIABLES = frozenset(
    {
        "PATH",
        "HOME",
        "USER",
        "USERNAME",
        "LOGNAME",
        "SHELL",
        "PWD",
        "OLDPWD",
        "LANG",
        "LANGUAGE",
        "TERM",
        "TERM_PROGRAM",
        "HOSTNAME",
        "HOST",
        "TMPDIR",
        "TEMP",
        "TMP",
        "EDITOR",
        "VISUAL",
        "PAGER",
        "DISPLAY",
        "MAIL",
        "TZ",
        "SHLVL",
        "COLUMNS",
        "LINES",
        "PYTHONPATH",
        "VIRTUAL_ENV",
        "SSH_AUTH_SOCK",
        "SSH_CONNECTION",
        "SSH_CLIENT",
        "SSH_TTY",
        "COLORTERM",
        "SOURCE_DATE_EPOCH",
        "CI",
        "GITHUB_ACTIONS",
        "INFOPREP_PDF_TIMEOUT",
        "INFOPREP_RENDER_TIMEOUT",
    }
)
"""Variables every shell sets or every program may read: a site keyed with one of them is keyed with
no secret."""


def _secret_variable(name: str) -> str:
    if name.upper() in PUBLIC_VARIABLES or name.upper().startswith(
        ("XDG_", "LC_", "GIT_", "DBUS_")
    ):
        raise ValueError(
            f"{name} is not a secret (every shell sets it, every program can read it); name a "
            "variable of your own, e.g. INFOPREP_PASSWORD"
        )
    return name


class Site(Strict):
    private: StrictBool = Field(False, examples=[False])
    """true: every page, PDF and calendar file of the built site is encrypted."""

    password_env: Annotated[Text, AfterValidator(_secret_variable)] = Field(
        "INFOPREP_PASSWORD", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", examples=["INFOPREP_PASSWORD"]
    )
    """The environment variable the passphrase is read from (one of your own: PATH, HOME and the
    like are refused)."""
    url: Url | None = Field(None, examples=["https://alex.example/dc-trip/"])
    """Where the built site is published; calendar entries then link each meeting's hosted
    packet."""

    remember_days: Whole = Field(14, ge=0, le=90, examples=[14])
    """A private site's lock screen offers "Keep unlocked on this device for N days" (off unless
    ticked); 0 takes the offer away, so every visit asks for the passphrase."""


class TripFile(Strict):
    """trip.yaml: the trip, the traveler and the defaults."""

    title: Text = Field(min_length=1, examples=["Washington, D.C. informational interviews"])
    """The trip's title, shown on every page."""

    city: Text = Field(min_length=1, examples=["Washington, D.C."])
    """The city you are visiting."""

    timezone: TimeZone = Field(examples=["America/New_York"])
    """IANA time zone of the trip; a meeting's `start` is local to it unless the meeting names its
    own `timezone`."""

    country: CountryCode | None = Field(None, examples=["US"])
    """ISO 3166-1 alpha-2 code of the country you visit, or ISO 3166-2 code of its part (GB-ENG,
    US-CA, DE-BY): phone numbers written without +country code are read as this country's, and its
    weekends and public holidays (the subdivision's own too) are days without meetings. When absent,
    the time zone's country (America/New_York: US, Europe/Dublin: IE)."""

    start: Day = Field(examples=["2027-03-08"])
    """First day of the trip."""

    end: Day = Field(examples=["2027-03-12"])
    """Last day of the trip (inclusive)."""

    days_off: list[Day] = Field(default_factory=list, max_length=366, examples=[["2027-03-10"]])
    """Your own days without meetings, besides weekends and public holidays: nothing is proposed,
    offered or asked for on them, and the itinerary shows each as one line."""

    theme: Text = Field("default", examples=["default"])
    """default, compact, or a path to a theme folder."""

    traveler: Traveler = Field(
        examples=[{"name": "Alex Rivera", "email": "alex.rivera@example.com"}]
    )
    """Who is travelling."""

    lodging: Lodging | None = Field(
        None,
        examples=[{"name": "Hotel Harrington", "address": "436 11th St NW, Washington, DC 20004"}],
    )
    """Where you stay."""

    defaults: Defaults = Field(
        Defaults(), examples=[{"duration": 45, "buffer": 30, "paper": "letter"}]
    )
    """Defaults for every meeting."""

    site: Site = Field(Site(), examples=[{"private": True, "password_env": "INFOPREP_PASSWORD"}])
    """Settings for the built site."""

    translations: dict[
        Annotated[str, Field(min_length=1, max_length=2000)],
        Annotated[Text, Field(max_length=2000)],
    ] = Field(default_factory=dict, examples=[{"Before you go": "Before the meeting"}])
    """Your own wording for any phrase infoprep writes, by its English text (the msgid of its
    catalog): it wins over every language's catalog.

    Keep the phrase's placeholders (`%(name)s`), no more and no fewer.
    """


# ----- companies/<slug>.yaml -------------------------------------------------------------------


class NewsItem(Strict):
    date: Day = Field(examples=["2027-01-15"])
    """When it happened."""

    title: Text = Field(min_length=1, examples=["Opened a health-policy practice"])
    """The headline, in your words."""

    url: Url | None = Field(None, examples=["https://news.example/cag-health"])
    """Where you read it."""


LampScore = Annotated[Whole, Field(ge=0, le=3)]
"""One LAMP score: 0 (none) to 3 (high)."""


class Lamp(Strict):
    """Steve Dalton's LAMP scores (The 2-Hour Job Search), each 0-3: `infoprep targets` ranks
    organisations by motivation, then postings, then advocacy."""

    advocacy: LampScore | None = Field(None, examples=[2])
    """How well placed you are to be championed there: when absent, derived from the people you know
    there (3: a friend, family, colleague, mentor or professor, or someone on the schedule or who
    replied; 2: alumni, a referral or another warm tie; 1: only cold contacts; 0: nobody), one more
    (at most 3) when two or more of them are warm."""

    motivation: LampScore | None = Field(None, examples=[3])
    """How much you want to work there (your gut, 0-3); 0 when absent."""

    postings: LampScore | None = Field(None, examples=[1])
    """How well their current openings fit you (0: none, 3: a posting made for you); 0 when
    absent."""


class CompanyFile(Strict):
    """companies/<slug>.yaml: an organisation you meet people from."""

    name: Text = Field(min_length=1, examples=["Capitol Analytics Group"])
    """The organisation's name, in full (legal form and all): used where it is formal (a packet's
    cover, a card's address)."""

    short_name: Text | None = Field(None, min_length=1, examples=["Capitol Analytics"])
    """The name people say ("Kestrel" for "Kestrel Clinical Software Solutions (UK) Holdings Ltd"):
    used in drafts, cards and headings.

    When absent, `name` without a legal form at its end ("Pillar Health, Inc." -> "Pillar Health").
    """

    industry: Text | None = Field(None, examples=["Public policy consulting"])
    """Its field, in a few words; matched against question tags."""

    website: Url | None = Field(None, examples=["https://capitol-analytics.example"])
    """Its website."""

    address: Text | None = Field(None, examples=["1200 K St NW, Washington, DC 20005"])
    """Street address; meetings here default to it."""

    geo: Geo | None = Field(None, examples=[[38.9028, -77.0282]])
    """[latitude, longitude] of the address, for travel estimates (`infoprep propose`); never looked
    up online."""

    size: Whole | None = Field(None, ge=1, examples=[120])
    """Number of employees."""
    dress: Text | None = Field(None, examples=["business casual"])
    """Dress code here, overriding the trip's default."""

    overview: Markdown | None = Field(
        None, examples=["A 120-person consultancy serving federal agencies."]
    )
    """What the organisation does (Markdown)."""

    news: list[NewsItem] = Field(
        default_factory=list,
        examples=[
            [
                {
                    "date": "2027-01-15",
                    "title": "Opened a health-policy practice",
                    "url": "https://news.example/cag-health",
                }
            ]
        ],
    )
    """Recent news worth mentioning."""

    questions: list[Text] = Field(
        default_factory=list, examples=[["How did the new practice change hiring?"]]
    )
    """Questions specific to this organisation."""

    notes: Markdown | None = Field(None, examples=["Their 2026 annual report stresses data work."])
    """Research notes (Markdown)."""

    lamp: Lamp | None = Field(None, examples=[{"advocacy": 2, "motivation": 3, "postings": 1}])
    """Dalton's LAMP scores (advocacy, motivation, postings; each 0-3, each optional): `infoprep
    targets` and the network page rank organisations by them, and whom to ask next comes from the
    higher-ranked ones first."""


# ----- people/<slug>.yaml ----------------------------------------------------------------------


class MeetingFormat(str, Enum):
    IN_PERSON = "in-person"
    VIDEO = "video"
    PHONE = "phone"


class Priority(str, Enum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Seniority(str, Enum):
    DECISION_MAKER = "decision-maker"
    MANAGER = "manager"
    STAFF = "staff"
    PEER = "peer"


class ConnectionKind(str, Enum):
    """The usual kinds of connection; `connection.kind` also takes any other word or phrase."""

    FRIEND = "friend"
    FAMILY = "family"
    ALUMNI = "alumni"
    COLLEAGUE = "colleague"
    REFERRAL = "referral"
    COLD = "cold"
    PROFESSOR = "professor"
    MENTOR = "mentor"
    MANAGER = "manager"
    CLASSMATE = "classmate"
    CLIENT = "client"
    NEIGHBOUR = "neighbour"
    COMMUNITY = "community"


class OutreachStatus(str, Enum):
    TO_ASK = "to-ask"
    ASKED = "asked"
    SCHEDULED = "scheduled"
    DECLINED = "declined"
    NO_REPLY = "no-reply"
    INTRODUCER = "introducer"
    """Someone who introduced you to others and whom you will not meet this trip: no request
    drafted, no warning."""


class Channel(str, Enum):
    EMAIL = "email"
    LINKEDIN = "linkedin"


class Connection(Strict):
    via: Text | None = Field(None, examples=["priya-natarajan"])
    """Who introduced you: a person's slug, or free text such as "Georgetown alumni"."""

    kind: (
        Annotated[
            Text,
            WithJsonSchema(
                {"anyOf": [{"enum": [k.value for k in ConnectionKind]}, {"type": "string"}]}
            ),
        ]
        | None
    ) = Field(None, examples=["alumni"])
    """How you know them: friend, family, alumni, colleague, referral, cold, professor, mentor,
    manager, classmate, client, neighbour, community, or your own word ("choir", "former
    landlord")."""

    note: Text | None = Field(None, examples=["Priya's former manager"])
    """How the connection came about."""


class Outreach(Strict):
    status: OutreachStatus = Field(OutreachStatus.TO_ASK, examples=["scheduled"])
    """to-ask, asked, scheduled, declined, no-reply, or introducer (they introduced you to others;
    you will not meet them this trip: no request is drafted). When absent: scheduled if they are on
    the schedule, else to-ask."""

    asked_on: DayOrMoment | None = Field(None, examples=["2027-02-10 14:10"])
    """When you asked for the meeting: a date, or a date and time (read in their `timezone`, else
    the trip's).

    The outreach clock counts business days from it (from the next business day when sent after
    12:00, on a weekend or on a public holiday): with no reply after 3, ask a second person at their
    organisation; after 7, nudge them once.
    """

    replied_on: DayOrMoment | None = Field(None, examples=["2027-02-12"])
    """When they replied: the outreach clock stops, and keeping in touch counts from it."""

    nudged_on: Day | None = Field(None, examples=["2027-02-21"])
    """When you sent the one polite nudge (7 business days without a reply): the nudge is then
    done."""

    channel: Channel = Field(Channel.EMAIL, examples=["linkedin"])
    """How you ask: email (the default: a request draft with a subject) or linkedin (a
    connection-request note within LinkedIn's limit, 200 characters or 300 with
    `traveler.linkedin_premium`, counted as LinkedIn counts them)."""


def _keep_in_touch(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(
            "keep_in_touch is monthly, quarterly, twice-a-year, or a number of weeks such as 6"
        )
    if isinstance(value, int):
        if not 1 <= value <= 104:
            raise ValueError(
                f"keep_in_touch of {value} weeks: give 1 to 104 weeks, or monthly, quarterly, "
                "twice-a-year"
            )
        return value
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in CADENCES:
            return text
        weeks = re.fullmatch(r"(?:every\s+)?(\d{1,3})\s*weeks?", text)
        if weeks:
            return _keep_in_touch(int(weeks.group(1)))
    raise ValueError(
        f"{value!r} is not a keep_in_touch: write monthly, quarterly, twice-a-year, or a number of "
        "weeks such as 6"
    )


CADENCES = ("monthly", "quarterly", "twice-a-year")
"""The named keep_in_touch intervals: 1, 3 and 6 months."""

KeepInTouch = Annotated[
    int | str,
    BeforeValidator(_keep_in_touch),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(CADENCES)},
                {"type": "integer", "minimum": 1, "maximum": 104},
                {"type": "string", "pattern": r"^(every )?\d{1,3} ?weeks?$"},
            ]
        }
    ),
]
"""monthly, quarterly, twice-a-year, or a number of weeks (6, "6 weeks")."""


class PersonFile(Strict):
    """people/<slug>.yaml: someone you meet or could meet."""

    name: Text = Field(min_length=1, examples=["Jordan Ellis"])
    """Full name."""

    greeting: Text | None = Field(None, examples=["Jordan"])
    """How drafts address them ("Dear Meera,"); when absent, their first name, found by a name
    parser that skips honorifics and suffixes.

    `check` warns when the name leaves it unsure (mixed scripts, middle names).
    """

    title: Text | None = Field(None, examples=["Director of Research"])
    """Job title."""

    company: Slug | None = Field(None, examples=["capitol-analytics-group"])
    """Slug of a file in companies/ (leave out for independents)."""

    seniority: Seniority | None = Field(None, examples=["decision-maker"])
    """decision-maker, manager, staff or peer."""

    email: Email | None = Field(None, examples=["jordan.ellis@example.com"])
    """E-mail address."""

    phone: Text | None = Field(None, examples=["+1 202 555 0143"])
    """Phone number (quote it)."""

    linkedin: Url | None = Field(None, examples=["https://www.linkedin.com/in/example"])
    """Profile URL."""

    connection: Connection | None = Field(
        None, examples=[{"via": "priya-natarajan", "kind": "alumni"}]
    )
    """How you reached this person."""

    outreach: Outreach | None = Field(
        None, examples=[{"status": "scheduled", "asked_on": "2027-02-10"}]
    )
    """Where asking for the meeting stands."""

    background: Markdown | None = Field(
        None, examples=["Spent eight years at the Federal Reserve."]
    )
    """Career background (Markdown)."""

    talking_points: list[Text] = Field(
        default_factory=list, examples=[["Both studied economics at Georgetown"]]
    )
    """Things in common, openers."""

    questions: list[Text] = Field(
        default_factory=list, examples=[["What made you move from the Fed to consulting?"]]
    )
    """Questions for this person."""

    notes: Markdown | None = Field(None, examples=["Prefers e-mail to calls."])
    """Research notes (Markdown)."""

    timezone: TimeZone | None = Field(None, examples=["America/Chicago"])
    """Their own time zone, when it is not the trip's: their windows are read in it and drafts offer
    times in it."""

    available: list[Window] = Field(
        default_factory=list,
        examples=[
            ["2027-03-09 13:00-17:00", "2027-03-10 09:00-11:00 video", "thursday 14:00-17:00"]
        ],
    )
    """Windows they offered, for `infoprep propose` and the drafts (without any: every weekday's
    working hours): `DATE HH:MM-HH:MM` or `WEEKDAY HH:MM-HH:MM`, then optionally the formats the
    window allows (in-person, video, phone) and a time zone (`Europe/Berlin`); times are in the
    window's zone, else `timezone`, else the trip's."""

    available_ics: Text | None = Field(None, examples=["assets/jordan-ellis.ics"])
    """An .ics file they sent, inside the content folder: busy times (VFREEBUSY, busy VEVENTs) and
    offered times (VAVAILABILITY / AVAILABLE) count like `available:` windows."""
    duration: Whole | None = Field(None, ge=5, le=600, examples=[30])
    """Minutes to ask them for when infoprep proposes a time; `defaults.duration` when absent."""

    format: MeetingFormat | None = Field(None, examples=["in-person"])
    """How to meet them when infoprep proposes a time: in-person (the default), video or phone; a
    window that names formats decides for itself."""

    priority: Priority | None = Field(None, examples=["high"])
    """high, normal or low: who `infoprep propose` places first when not everyone fits;
    decision-makers are high and everyone else normal unless set."""

    name_lang: Text | None = Field(
        None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", examples=["ko"]
    )
    """The language of the name, as a BCP 47 tag (ko, ga, ru, zh-Hant), so screen readers say it
    right; in a name that mixes scripts ("박재원 Jae-won Park") only the part not in Latin
    letters is marked. For zh, ja, ko, vi, hu, mn and km a name in Latin letters is read family
    name first: drafts greet "Tan Wei Ling" (zh) as Wei Ling, "Nguyễn Thị Mai" (vi) as Mai."""

    keep_in_touch: KeepInTouch | None = Field(None, examples=["quarterly"])
    """How often to get back in touch after the trip: monthly, quarterly, twice-a-year, or a number
    of weeks (6).

    `infoprep followup` lists the ping when it is due, counted from the latest meeting, reply or
    `last_contact`; the calendar carries the next one as a to-do.
    """

    last_contact: Day | None = Field(None, examples=["2027-06-02"])
    """When you were last in touch outside infoprep's view (a call, a note): keep_in_touch counts
    from it when it is the latest."""

    mailing_address: Text | None = Field(
        None, examples=["Clearwater Reuse, 400 Pine St, Seattle, WA 98101"]
    )
    """Where a thank-you card goes (`follow_up.channel: card`); the organisation's address when
    absent."""

    language: Language | None = Field(None, examples=["en"])
    """The language of the drafts written to them (thank-yous, confirmations, outreach); when
    absent, the trip's."""

    informal: bool | None = Field(None, examples=[True])
    """Drafts to them say the informal "you" where their language has one (German du, French tu,
    Spanish tú) and greet them by first name; when absent, true for a friend or family
    (`connection.kind`) unless their `greeting` starts with an honorific ("Herr Dr. Brandt": a
    family friend you say Sie to), else the formal one (Sie, vous, usted): names.is_familiar."""


# ----- schedule.yaml ---------------------------------------------------------------------------
