"""Every name in the seed report resolves; ambiguous and unknown names say what to do."""

import pytest

from explorer.dataset import load_dataset
from explorer.errors import AmbiguousName, NameNotFound
from explorer.graph import build_graph
from explorer.names import fold, resolve, skeleton


@pytest.fixture(scope="module")
def nodes():
    return build_graph(load_dataset()).nodes


@pytest.mark.parametrize(
    "name, entity",
    [
        ("Manaf Tlass", "manaf-tlass"),
        ("Manaf Tass", "manaf-tlass"),  # the seed's typo
        ("manaf tlass", "manaf-tlass"),
        ("General Tlass", "manaf-tlass"),
        ("Brig. Gen. Manaf Tlass", "manaf-tlass"),
        ("Bashar al Assad", "bashar-al-assad"),
        ("Bashar al-Assad", "bashar-al-assad"),
        ("Hafez al Assad", "hafez-al-assad"),
        ("Hafez", "hafez-al-assad"),
        ("Basil", "basil-al-assad"),
        ("Mustafa Tlass", "mustafa-tlass"),
        ("Firas", "firas-tlass"),
        ("Tiras", "firas-tlass"),  # the seed's typo
        ("Bashar al-Heraki", "bashar-al-heraki"),
        ("Mr. Heraki", "bashar-al-heraki"),
        ("Col. Riad al-Assad", "riad-al-assad"),
        ("Syrian National Council", "syrian-national-council"),
        ("Free Syrian Army", "free-syrian-army"),
        ("Syrian Observatory for Human Rights", "syrian-observatory-for-human-rights"),
        ("New York Times", "new-york-times"),
        ("Al Jazeera", "al-jazeera"),
        ("Friends of Syria conference", "friends-of-syria-paris-2012"),
        ("Turkey", "turkey"),
        ("Paris", "paris"),
        ("Damascus", "damascus"),
        ("Harasta", "harasta"),
        ("Douma", "douma"),
        ("United Arab Emirates", "united-arab-emirates"),
        ("Saudi Arabia", "saudi-arabia"),
        ("Britain", "united-kingdom"),
    ],
)
def test_every_name_in_the_seed_report_resolves(nodes, name, entity):
    assert resolve(nodes, name) == entity


def test_transliteration_variants_and_accents_resolve(nodes):
    assert resolve(nodes, "Mustapha Tlas") == "mustafa-tlass"
    assert resolve(nodes, "Hafiz al-Asad") == "hafez-al-assad"
    assert resolve(nodes, "MANAF TLÄSS") == "manaf-tlass"
    assert resolve(nodes, "مناف طلاس") == "manaf-tlass"


def test_an_ambiguous_name_lists_every_candidate(nodes):
    with pytest.raises(AmbiguousName) as error:
        resolve(nodes, "Tlass")
    tlasses = sorted(n for n, d in nodes.items() if any("Tlass" in name.split() for name in [d["name"], *d.get("aliases", [])]))
    assert {"firas-tlass", "manaf-tlass", "mustafa-tlass"} <= set(tlasses)
    listed = "; ".join(f"{nodes[n]['name']} ({nodes[n]['kind']}, id {n})" for n in tlasses)
    assert str(error.value) == f"'Tlass' could be {len(tlasses)} entities: {listed}. Use the id or a fuller name."


def test_an_unknown_name_suggests_near_matches(nodes):
    with pytest.raises(NameNotFound) as error:
        resolve(nodes, "Manav Tlaas")
    assert str(error.value).startswith("no entity called 'Manav Tlaas'; did you mean: Manaf Tlass (person, id manaf-tlass)")


def test_kinds_restrict_the_search(nodes):
    with pytest.raises(NameNotFound):
        resolve(nodes, "Turkey", kinds=["person"])


def test_fold_and_skeleton_absorb_case_accents_articles_and_spelling():
    assert fold("Al-Assad, Bashar") == "al assad bashar"
    assert skeleton("Makhlouf") == skeleton("Makhluf")
    assert skeleton("Shawkat") == skeleton("Shaukat")
    assert skeleton("Assef") == skeleton("Asef")
    assert skeleton("Tlass") == skeleton("Tlas")
