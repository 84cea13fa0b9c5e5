"""The record models: what a meeting file, a series file and the folder's settings hold. No I/O.

`MeetingFile` and `SeriesFile` are exactly what a TOML file may contain (their JSON Schema is the
editor schema); `Meeting` and `Series` add what the loader knows: the id (the file's stem) and the
path. `FolderSettings` is `briefing.toml` at the top of a records folder. All text is cleaned of
control characters as it is validated.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from briefing.countries import resolve
from briefing.dates import FuzzyDate
from briefing.text import clean, one_line


def _country_code(value: str) -> str:
    country = resolve(value)
    if country is None:
        # "Did you mean" is worked out where the problem is worded (briefing.wording), once per
        # distinct name: a file may hold tens of thousands of unknown names.
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise PydanticCustomError("unknown_country", "unknown country '{name}'", {"name": clean(shown)})
    return country.code


Text = Annotated[str, AfterValidator(clean)]
OneLine = Annotated[str, AfterValidator(one_line)]  # file names, ids, keys, problems: never a line break
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(clean)]
CountryCode = Annotated[str, AfterValidator(_country_code)]
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=200),
]


class Status(str, Enum):
    held = "held"
    planned = "planned"
    postponed = "postponed"
    cancelled = "cancelled"


class Kind(str, Enum):
    summit = "summit"
    foreign_ministers = "foreign-ministers"
    senior_officials = "senior-officials"
    ambassadors = "ambassadors"
    intellectual_dialogue = "intellectual-dialogue"
    expert = "expert"
    business = "business"
    parliamentary = "parliamentary"
    forum = "forum"
    visit = "visit"
    call = "call"
    other = "other"


# How high a kind of meeting ranks (lower is higher), for "highest level met" and for listing
# kinds in order. A visit, a call or "other" says nothing about level by its kind alone (a deputy
# minister's call on a secretary general is a visit too): they rank after every kind that does,
# and reports.level never names them the highest level.
KIND_LEVEL = {
    Kind.summit: 0,
    Kind.foreign_ministers: 1,
    Kind.parliamentary: 2,
    Kind.senior_officials: 3,
    Kind.ambassadors: 4,
    Kind.business: 5,
    Kind.intellectual_dialogue: 6,
    Kind.expert: 6,
    Kind.forum: 7,
    Kind.visit: 8,
    Kind.call: 8,
    Kind.other: 9,
}
LEVEL_UNSTATED_KINDS = frozenset({Kind.visit, Kind.call, Kind.other})

KIND_LABEL = {
    Kind.summit: "summit",
    Kind.foreign_ministers: "foreign ministers",
    Kind.senior_officials: "senior officials",
    Kind.ambassadors: "ambassadors",
    Kind.intellectual_dialogue: "intellectual dialogue",
    Kind.expert: "expert meeting",
    Kind.business: "business dialogue",
    Kind.parliamentary: "parliamentary",
    Kind.forum: "forum",
    Kind.visit: "visit",
    Kind.call: "call",
    Kind.other: "other",
}


class Level(str, Enum):
    """The level of an office, one closed list, highest first: what "highest level met" ranks.

    `legislator` (members of parliament) and `other` (an office none of these fits: a party
    office, say) stand apart from the executive's ladder: a legislator ranks below every other
    level, and `other` says nothing about level at all, so reports never name it the highest."""

    head_of_state = "head-of-state"
    head_of_government = "head-of-government"
    minister = "minister"
    deputy_minister = "deputy-minister"
    senior_official = "senior-official"
    ambassador = "ambassador"
    official = "official"
    legislator = "legislator"
    other = "other"


LEVEL_LABEL = {level: level.value.replace("-", " ") for level in Level}
# How high a level ranks (lower is higher); `other` is not ranked.
LEVEL_RANK = {level: i for i, level in enumerate(Level) if level is not Level.other}


class Mode(str, Enum):
    in_person = "in-person"
    video = "video"
    phone = "phone"
    hybrid = "hybrid"


class CommitmentStatus(str, Enum):
    open = "open"
    done = "done"
    dropped = "dropped"


class CommitmentStrength(str, Enum):
    """How firm a commitment is, as the source words it (strongest first).

    agreed: the sides agreed, decided or committed to it, or their joint readout says they "will";
    planned: the source says it is planned or scheduled, or "will" happen, without saying the sides
    agreed it; expected: the source says it is expected or hoped for; discussed: the source says only
    that it was discussed or that views were exchanged on it. Left out, the strength is not
    recorded, and reports treat it as no promise: only agreed and planned commitments can be
    overdue."""

    agreed = "agreed"
    planned = "planned"
    expected = "expected"
    discussed = "discussed"


# A commitment of these strengths whose due date has passed is overdue; any other (expected,
# discussed, or no strength recorded) is only "date passed, nothing on record".
BINDING_STRENGTHS = frozenset({CommitmentStrength.agreed, CommitmentStrength.planned})


class SourceKind(str, Enum):
    official = "official"
    press = "press"
    analysis = "analysis"


class Strict(BaseModel):
    # defer_build: a record's validator is built when a file is first validated, not on import;
    # a run that reads every record from the cache (as structs) never needs it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Place(Strict):
    city: Text | None = None
    country: CountryCode | None = None
    venue: Text | None = None


class Participant(Strict):
    """Someone who took part: by name, by the id of their person file, or by office alone ("the
    Foreign Minister of Kazakhstan", when the source names no one)."""

    name: NonEmptyText | None = None  # as the source writes it
    person: Id | None = None  # the id of their file in people/ (else matched by name)
    role: Text | None = None  # their role or office at the meeting, as the source words it
    office: Text | None = None  # the office they held, when the source names them by it
    level: Level | None = None  # that office's level (else the person file's, on the meeting's date)
    country: CountryCode | None = None
    organization: Text | None = None
    head_of_delegation: StrictBool = False

    @model_validator(mode="after")
    def _someone(self) -> Participant:
        if self.name is None and self.person is None and self.office is None and self.role is None:
            raise ValueError("give the participant's name, person (the id of a person file), office or role")
        return self

    def label(self) -> str:
        """How a report names them when it has nothing better: the name, else the office."""
        return self.name or self.office or self.role or self.person or ""


class CommitmentChange(Strict):
    """A dated change of a commitment's status: kept (done) or given up (dropped), or open again."""

    status: CommitmentStatus
    on: FuzzyDate
    previous_status: CommitmentStatus = CommitmentStatus.open
    note: Text | None = None
    source: Text | None = None  # the url or title of one of the record's [[sources]]


class Commitment(Strict):
    id: Id | None = None  # its own key (calendar UID, export row): kept when its words change
    text: NonEmptyText
    strength: CommitmentStrength | None = None  # None: not recorded, never read as a promise
    due: FuzzyDate | None = None
    date_text: Text | None = None
    status: CommitmentStatus = CommitmentStatus.open
    parties: tuple[Text, ...] = ()
    fulfilled_by: Id | None = None
    concerns: Id | None = None  # the record of the planned meeting it is about
    history: tuple[CommitmentChange, ...] = ()  # oldest first; the last one's status is `status`


class Source(Strict):
    title: NonEmptyText
    publisher: Text | None = None
    author: Text | None = None
    url: Text | None = None
    published: FuzzyDate | None = None
    kind: SourceKind | None = None
    note: Text | None = None


class StatusChange(Strict):
    """A dated change of a meeting's status: a planned meeting held, cancelled or postponed.

    `previous_status` (and `previous_date`, when the change moved the meeting) say what the record
    said before, so that a report as of an earlier day shows the meeting as it stood then."""

    status: Status
    on: FuzzyDate
    previous_status: Status = Status.planned
    previous_date: FuzzyDate | None = None  # the meeting's date before the change, if it changed
    previous_date_text: Text | None = None  # and the source's words for it, if the record had them
    note: Text | None = None
    source: Text | None = None  # the url or title of one of the record's [[sources]]


class MeetingFile(Strict):
    """A meeting record file: one meeting, held or planned."""

    title: NonEmptyText
    date: FuzzyDate
    date_text: Text | None = None
    status: Status = Status.held
    kind: Kind = Kind.other
    series: Id | None = None
    round: Annotated[StrictInt, Field(ge=0, le=100_000)] | None = None
    mode: Mode | None = None  # not stated unless the source says: never assume in-person
    summary: Text | None = None
    notes: Text | None = None
    caveats: tuple[NonEmptyText, ...] = ()  # what a reader must know before quoting it; reports show them
    place: Place | None = None
    countries: tuple[CountryCode, ...] = ()
    organizations: tuple[Text, ...] = ()
    participants: tuple[Participant, ...] = ()
    topics: tuple[NonEmptyText, ...] = ()  # what was discussed, as reported
    agenda: tuple[NonEmptyText, ...] = ()  # what was announced to be discussed (not reported as discussed)
    outcomes: tuple[NonEmptyText, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    realises: Id | None = None  # the planned meeting this one was held in place of
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    history: tuple[StatusChange, ...] = ()  # oldest first; the last one's status is `status`

    @field_validator("commitments")
    @classmethod
    def _commitment_ids_differ(cls, commitments: tuple[Commitment, ...]) -> tuple[Commitment, ...]:
        first: dict[str, int] = {}
        for i, c in enumerate(commitments):
            if c.id is not None and first.setdefault(c.id, i) != i:
                raise ValueError(f"commitments[{first[c.id]}] and commitments[{i}] have the same id '{c.id}'; each needs its own")
        return commitments


class Meeting(MeetingFile):
    """A meeting as loaded: the file's content plus its id and path."""

    id: OneLine  # from the file name, which may hold control characters and newlines too
    path: OneLine

    def involves(self, code: str) -> bool:
        """True when the country takes part (listed, or a participant from it)."""
        return code in self.countries or any(p.country == code for p in self.participants)

    def heads_of_delegation(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.head_of_delegation)


class Count(Strict):
    held: Annotated[StrictInt, Field(ge=0)]
    as_of: FuzzyDate
    source: Text | None = None
    implied: StrictBool = False  # the source implies it ("the 8th round": seven before), not states it


class SeriesFile(Strict):
    """A series file (records/series/<id>.toml): a dialogue track whose meetings are rounds."""

    name: NonEmptyText
    aliases: tuple[NonEmptyText, ...] = ()  # other names the sources use
    search_names: tuple[NonEmptyText, ...] = ()  # names no source uses, to find it by (CA+Japan FM)
    dialogue: Text | None = None
    kind: Kind | None = None
    established: FuzzyDate | None = None
    members: tuple[CountryCode, ...] = ()
    description: Text | None = None
    counts: tuple[Count, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


class Series(SeriesFile):
    id: OneLine
    path: OneLine


class HomeSetting(Strict):
    """Whose briefings these are: one country, or one organization."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra={"oneOf": [{"required": ["country"]}, {"required": ["organization"]}]}
    )

    country: CountryCode | None = None
    organization: NonEmptyText | None = None

    @model_validator(mode="after")
    def _one_side(self) -> HomeSetting:
        if (self.country is None) == (self.organization is None):
            raise ValueError("give either country or organization (one home side)")
        return self


class FolderSettings(Strict):
    """`briefing.toml` at the top of a records folder: settings for every record in it, one
    table per concern (`[home]`; more tables may come)."""

    home: HomeSetting | None = None


SETTINGS_FILE = "briefing.toml"


class Severity(str, Enum):
    error = "error"
    warning = "warning"


class Problem(BaseModel):
    """Something wrong in the records: where, which field, what, and a hint."""

    model_config = ConfigDict(frozen=True)

    # One line each, cleaned: a problem may quote a file name, a key or a value.
    path: OneLine
    line: int | None = None
    column: int | None = None  # where on the line the key is, from 1 (in characters), where known
    field: OneLine | None = None
    message: OneLine
    severity: Severity = Severity.error

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        level = " warning:" if self.severity is Severity.warning else ""
        return f"{where}:{level}{field} {self.message}"
