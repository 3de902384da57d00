"""The one registry of entity kinds, relationship types, statuses and grades.

The validator, the graph builder, the Neo4j loader (as a whitelist for labels and types), the
views' styles and the analysis all read this module; nothing else names a relationship type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "EntityKind",
    "ENTITY_KINDS",
    "RelType",
    "REL_TYPES",
    "FAMILIES",
    "BINDING_FAMILIES",
    "OPPOSITION_ORG_KINDS",
    "OPPOSITION_FAMILIES",
    "CHAIN_HOP",
    "ROUTE_OUT_TYPES",
    "DEFECTION_TYPE",
    "STATUSES",
    "STATUS_EVENT_KINDS",
    "STATUS_EVENT_STATES",
    "POSTHUMOUS_EVENT_KINDS",
    "CONFIDENCE",
    "CONFIDENCE_ORDER",
    "RELIABILITY",
    "CREDIBILITY",
    "STANCES",
    "BOOLEAN_FIELDS",
    "heads",
    "ORGANIZATION_KINDS",
    "PLACE_KINDS",
    "DATE_FIELDS",
    "TIE_DATE_FIELDS",
    "begin_of",
    "end_of",
    "to_dict",
    "rel_type",
    "SOURCE_LABEL",
    "DATASET_LABEL",
    "store_labels",
    "confidence_rank",
    "grade",
]


@dataclass(frozen=True)
class EntityKind:
    """A kind of entity: its data file, its Neo4j label and the fields it may carry."""

    name: str
    label: str
    file: str
    plural: str
    fields: tuple[str, ...] = ()
    description: str = ""
    begins: str | None = None  # the date field from which the entity exists (born, founded, start)
    ends: str | None = None  # the date field at which it ends (died, dissolved, end)

    @property
    def date_fields(self) -> tuple[str, ...]:
        return tuple(f for f in (self.begins, self.ends) if f)


COMMON_FIELDS = ("id", "name", "name_ar", "aliases", "description", "notes")

ENTITY_KINDS: dict[str, EntityKind] = {
    kind.name: kind
    for kind in (
        EntityKind(
            "person",
            "Person",
            "people.yaml",
            "people",
            COMMON_FIELDS + ("born", "died", "titles", "sect", "gender"),
            "A human being.",
            begins="born",
            ends="died",
        ),
        EntityKind(
            "organization",
            "Organization",
            "organizations.yaml",
            "organizations",
            COMMON_FIELDS + ("kind", "founded", "dissolved"),
            "A unit, agency, body, party, group, company, outlet or state.",
            begins="founded",
            ends="dissolved",
        ),
        EntityKind(
            "place",
            "Place",
            "places.yaml",
            "places",
            COMMON_FIELDS + ("kind",),
            "A country, city or district.",
        ),
        EntityKind(
            "event",
            "Event",
            "events.yaml",
            "events",
            COMMON_FIELDS + ("kind", "start", "end"),
            "Something that happened at a date: a conference, a bombing, an uprising.",
            begins="start",
            ends="end",
        ),
    )
}

# Every field that holds a partial date: entities' begin and end, a tie's span, a status event's day.
ENTITY_BEGIN_FIELDS = tuple(dict.fromkeys(k.begins for k in ENTITY_KINDS.values() if k.begins))
ENTITY_END_FIELDS = tuple(dict.fromkeys(k.ends for k in ENTITY_KINDS.values() if k.ends))
TIE_DATE_FIELDS = ("start", "end")
STATUS_DATE_FIELD = "date"
DATE_FIELDS = tuple(dict.fromkeys(ENTITY_BEGIN_FIELDS + ENTITY_END_FIELDS + TIE_DATE_FIELDS + (STATUS_DATE_FIELD,)))


def begin_of(data: dict) -> object:
    """The date an entity (its attributes) begins to exist, whatever its kind calls it."""
    kind = ENTITY_KINDS.get(data.get("kind", ""))
    return data.get(kind.begins) if kind and kind.begins else None


def end_of(data: dict) -> object:
    """The date an entity (its attributes) ends, whatever its kind calls it."""
    kind = ENTITY_KINDS.get(data.get("kind", ""))
    return data.get(kind.ends) if kind and kind.ends else None


ORGANIZATION_KINDS = (
    "military_unit",
    "security_agency",
    "government_body",
    "party",
    "opposition_group",
    "armed_group",
    "monitor",
    "business",
    "media",
    "state",
    "international",
)
PLACE_KINDS = ("country", "city", "district", "region")
EVENT_KINDS = ("uprising", "conference", "attack", "meeting", "election", "other")


@dataclass(frozen=True)
class RelType:
    """A relationship type: its family, direction and which kinds may stand at each end."""

    name: str
    family: str
    label: str
    source_kinds: tuple[str, ...]
    target_kinds: tuple[str, ...]
    symmetric: bool = False
    extra_fields: tuple[str, ...] = field(default=())
    description: str = ""
    # The chain of command (docs/analysis.md): a person holding a `serves` tie serves in its target
    # organization; a `heads` tie makes its holder that organization's head (True: always; a field
    # name: when that field is true); an `answers_to` tie makes its source organization answer to
    # the head of its target.
    serves: bool = False
    heads: bool | str = False
    answers_to: bool = False
    label_from_target: str = ""  # how the tie reads from its target's side, where "X label them" reads badly
    # Kinship outlives a death: a `posthumous` tie may be dated after a party died (rule after-death).
    posthumous: bool = False
    # A tie that exists only through another of its holder's ties (SERVES_UNDER through a post):
    # it may not start when none of the ties of these types holds (rule dependent-early).
    depends_on: tuple[str, ...] = ()


PERSON = ("person",)
ORG = ("organization",)
PLACE = ("place",)

FAMILIES: dict[str, str] = {
    "family": "Kinship: parents, spouses, siblings and other relatives.",
    "bond": "Personal bonds: friendship, advice, patronage, declared loyalty.",
    "hierarchy": "Formal ties: membership, command, posts, subordination.",
    "rupture": "The route out: defection, flight, refuge, joining the other side.",
    "context": "Where things are and who spoke to whom; never binds anyone.",
}

# Ties that hold a person to the core: loyalty paths walk only these families.
BINDING_FAMILIES = ("family", "bond", "hierarchy")
# A hierarchy or rupture tie to an organization of these kinds puts a person in the opposition.
OPPOSITION_ORG_KINDS = ("opposition_group", "armed_group")
OPPOSITION_FAMILIES = ("hierarchy", "rupture")

REL_TYPES: dict[str, RelType] = {
    rel.name: rel
    for rel in (
        # family
        RelType("PARENT_OF", "family", "parent of", PERSON, PERSON, posthumous=True),
        RelType("SPOUSE_OF", "family", "spouse of", PERSON, PERSON, symmetric=True),
        RelType("SIBLING_OF", "family", "sibling of", PERSON, PERSON, symmetric=True, posthumous=True),
        RelType(
            "RELATIVE_OF",
            "family",
            "relative of",
            PERSON,
            PERSON,
            symmetric=True,
            extra_fields=("relation",),
            description="Any other kinship; say which in `relation` (cousin, in-law, uncle ...).",
            posthumous=True,
        ),
        # bond
        RelType("FRIEND_OF", "bond", "friend of", PERSON, PERSON, symmetric=True),
        RelType("ADVISER_TO", "bond", "adviser to", PERSON, PERSON),
        RelType("PATRON_OF", "bond", "patron of", PERSON, PERSON),
        RelType("LOYAL_TO", "bond", "loyal to", PERSON, PERSON + ORG),
        # hierarchy
        RelType("MEMBER_OF", "hierarchy", "member of", PERSON + ORG, ORG, serves=True),
        RelType("COMMANDS", "hierarchy", "commands", PERSON, ORG, description="Commands a unit: heads it.", serves=True, heads=True),
        RelType(
            "HOLDS_POSITION",
            "hierarchy",
            "holds position in",
            PERSON,
            ORG,
            extra_fields=("role", "head"),
            description="A named post in a body; say which in `role`, and `head: true` when the post heads the body.",
            serves=True,
            heads="head",
        ),
        RelType(
            "SERVES_UNDER",
            "hierarchy",
            "serves under",
            PERSON,
            PERSON,
            description="Under another person's orders, through a post: dated within a MEMBER_OF, COMMANDS or HOLDS_POSITION of its holder.",
            depends_on=("MEMBER_OF", "COMMANDS", "HOLDS_POSITION"),
        ),
        RelType("PART_OF", "hierarchy", "part of", ORG, ORG, description="A body within another: it answers to that one's head.", answers_to=True),
        RelType(
            "ASSIGNED_TO",
            "hierarchy",
            "assigned to",
            PERSON,
            PLACE,
            extra_fields=("role",),
            description="A task in a place, e.g. holding a district for the regime.",
        ),
        # rupture
        RelType("DEFECTED_FROM", "rupture", "defected from", PERSON, ORG),
        RelType("FLED_TO", "rupture", "fled to", PERSON, PLACE),
        RelType("SOUGHT_REFUGE_IN", "rupture", "sought refuge in", PERSON, PLACE),
        RelType("JOINED", "rupture", "joined", PERSON, ORG),
        RelType("ATTENDED", "rupture", "attended", PERSON + ORG, ("event",)),
        RelType("OFFERED_ASYLUM", "rupture", "offered asylum to", ORG + PLACE, PERSON, label_from_target="offered asylum by"),
        # context
        RelType("MOVED_TO", "context", "moved to", PERSON, PLACE),
        RelType("LOCATED_IN", "context", "located in", ORG + PLACE + ("event",), PLACE),
        RelType("QUOTED_BY", "context", "quoted by", PERSON, ORG),
    )
}

# The route out of the regime, in the order a defection story usually runs.
# The tie that records a person breaking with a body (a defection has its status event too).
DEFECTION_TYPE = "DEFECTED_FROM"
ROUTE_OUT_TYPES = (DEFECTION_TYPE, "FLED_TO", "SOUGHT_REFUGE_IN", "JOINED", "ATTENDED")

# A derived hop of the chain of command (never written in data): a person bound to the head of
# the body they serve in, or of the body that body is part of. Shown apart from recorded ties.
CHAIN_HOP = "CHAIN_OF_COMMAND"
CHAIN_FAMILY = "chain"

STATUSES: dict[str, str] = {
    "loyal": "Inside the regime's web at that date, as far as the data says.",
    "defected": "Broke with the regime (a reported or confirmed defection).",
    "opposition": "Stood against the regime without having served it.",
    "dead": "Died before that date.",
    "unknown": "The data holds nothing either way.",
}

# A status event turns into a status from its date on.
STATUS_EVENT_KINDS: dict[str, str | None] = {
    "defected": "defected",
    "died": "dead",
    "joined_opposition": "opposition",
    "dismissed": None,
    "appointed": None,
    "left_country": None,
    "sanctioned": None,  # put on a sanctions list (US Treasury, EU ...): a dated fact, no change of side
    "wounded": None,  # wounded in an attack: a dated fact, no change of side
}
STATUS_EVENT_STATES = ("reported", "confirmed", "denied")
# Status events that may be dated after the person's death (rule after-death): the death itself.
POSTHUMOUS_EVENT_KINDS = ("died",)

# Strongest first. A tie's grade keeps the hedging of its sources.
CONFIDENCE: dict[str, str] = {
    "confirmed": "Stated as fact by the parties or by several independent, reliable sources.",
    "reported": "Reported as fact by a credible outlet, not independently confirmed.",
    "claimed": "Asserted by an interested party (a spokesman, a rival, an opposition group).",
    "unconfirmed": "Reported, with the source itself saying it could not confirm it.",
    "rumoured": "Rumours, or unnamed sources' suggestions.",
    "disputed": "Sources contradict each other; see the separate claims.",
}
CONFIDENCE_ORDER = tuple(CONFIDENCE)

# The Admiralty code: a source's reliability, a citation's credibility.
RELIABILITY: dict[str, str] = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY: dict[int, str] = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}
STANCES = ("supports", "disputes")

# Extra tie fields that hold a yes/no rather than text.
BOOLEAN_FIELDS = ("head",)


def heads(rel: RelType, attrs: dict) -> bool:
    """Whether a tie of type `rel` with these attributes makes its holder the head of its target."""
    return rel.heads is True or (isinstance(rel.heads, str) and attrs.get(rel.heads) is True)


# Labels of the records the Neo4j store writes besides entities (one namespace with the types).
SOURCE_LABEL = "Source"
DATASET_LABEL = "Dataset"


def store_labels() -> tuple[str, ...]:
    """Every node label the Neo4j store may write: the whitelist for labels in Cypher text."""
    return tuple(k.label for k in ENTITY_KINDS.values()) + (SOURCE_LABEL, DATASET_LABEL)


def rel_type(name: str) -> RelType:
    """The relationship type called `name`; KeyError names the known ones."""
    try:
        return REL_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown relationship type {name!r}") from None


def confidence_rank(grade_name: str) -> int:
    """0 for the strongest grade; higher is weaker."""
    return CONFIDENCE_ORDER.index(grade_name)


def grade(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty grade shown beside a citation, e.g. 'B2'."""
    return f"{reliability or 'F'}{credibility or 6}"


def to_dict() -> dict:
    """The whole registry as plain data: `schema --format json`, docs and tools read this."""
    return {
        "entity_kinds": {
            k.name: {"label": k.label, "file": k.file, "fields": list(k.fields), "begins": k.begins, "ends": k.ends, "description": k.description}
            for k in ENTITY_KINDS.values()
        },
        "organization_kinds": list(ORGANIZATION_KINDS),
        "opposition_organization_kinds": list(OPPOSITION_ORG_KINDS),
        "place_kinds": list(PLACE_KINDS),
        "event_kinds": list(EVENT_KINDS),
        "families": FAMILIES,
        "binding_families": list(BINDING_FAMILIES),
        "relationship_types": {
            name: {
                "family": rel.family,
                "label": rel.label,
                "symmetric": rel.symmetric,
                "from": list(rel.source_kinds),
                "to": list(rel.target_kinds),
                "fields": list(rel.extra_fields),
                "serves": rel.serves,
                "heads": rel.heads,
                "answers_to": rel.answers_to,
                "posthumous": rel.posthumous,
                "depends_on": list(rel.depends_on),
                "description": rel.description,
            }
            for name, rel in REL_TYPES.items()
        },
        "route_out_types": list(ROUTE_OUT_TYPES),
        "derived_hop": CHAIN_HOP,
        "date_fields": list(DATE_FIELDS),
        "boolean_fields": list(BOOLEAN_FIELDS),
        "statuses": STATUSES,
        "status_event_kinds": {k: v for k, v in STATUS_EVENT_KINDS.items()},
        "status_event_states": list(STATUS_EVENT_STATES),
        "posthumous_event_kinds": list(POSTHUMOUS_EVENT_KINDS),
        "confidence": CONFIDENCE,
        "reliability": RELIABILITY,
        "credibility": {str(k): v for k, v in CREDIBILITY.items()},
        "stances": list(STANCES),
    }
