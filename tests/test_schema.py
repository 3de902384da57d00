"""The registry is consistent: every type belongs to a family and allows only known kinds."""

from explorer import schema


def test_every_relationship_type_belongs_to_a_known_family():
    assert {rel.family for rel in schema.REL_TYPES.values()} <= set(schema.FAMILIES)


def test_every_endpoint_kind_is_a_known_entity_kind():
    for rel in schema.REL_TYPES.values():
        assert set(rel.source_kinds) | set(rel.target_kinds) <= set(schema.ENTITY_KINDS), rel.name


def test_symmetric_types_are_exactly_the_person_to_person_kinship_and_friendship_ties():
    symmetric = {name for name, rel in schema.REL_TYPES.items() if rel.symmetric}
    assert symmetric == {"SPOUSE_OF", "SIBLING_OF", "RELATIVE_OF", "FRIEND_OF"}


def test_labels_and_types_differ_by_more_than_case():
    # ArcadeDB shares one case-insensitive namespace between labels and relationship types.
    names = [k.label.lower() for k in schema.ENTITY_KINDS.values()] + [t.lower() for t in schema.REL_TYPES]
    assert len(names) == len(set(names))


def test_route_out_and_binding_families_come_from_the_registry():
    assert all(schema.REL_TYPES[t].family == "rupture" for t in schema.ROUTE_OUT_TYPES)
    assert set(schema.BINDING_FAMILIES) == {"family", "bond", "hierarchy"}


def test_confidence_rank_orders_strongest_first():
    assert schema.confidence_rank("confirmed") < schema.confidence_rank("reported") < schema.confidence_rank("rumoured")


def test_grade_shows_reliability_then_credibility_and_defaults_to_cannot_be_judged():
    assert schema.grade("B", 2) == "B2"
    assert schema.grade(None, None) == "F6"


def test_status_events_map_to_known_statuses():
    assert {s for s in schema.STATUS_EVENT_KINDS.values() if s} <= set(schema.STATUSES)
