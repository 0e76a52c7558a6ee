"""Name search finds a member whatever the spelling variant, in Arabic or Latin script, on both databases."""

import pytest
from django.db import connection

from tanzim.members.selectors import MemberFilters, member_list, persons_named
from tanzim.territory.scope import Scope
from tests.members.factories import make_member


@pytest.fixture
def registry(party):
    return {
        "abdelilah": make_member(
            "S-1", first_ar="عبد الإله", last_ar="الخليفي", first_latin="Abdelilah", last_latin="El Khalifi"
        ),
        "mohamed": make_member("S-2", first_ar="مُحَمَّد", last_ar="الزكاري", first_latin="Mohammed", last_latin="Zakkari"),
        "fatima": make_member(
            "S-3", first_ar="فاطمة", last_ar="أطنين", first_latin="Fatima", last_latin="Atnine", gender="f"
        ),
        "mustapha": make_member(
            "S-4",
            first_ar="مصطفى",
            last_ar="الإدريسي",
            first_latin="Mustapha",
            last_latin="Idrissi",
            commune="03.531.01.05",
        ),
        "youssef": make_member("S-5", first_ar="يوسف", last_ar="مجاهد", first_latin="Youssef", last_latin="Moujahid"),
    }


def found(text, scope=None):
    return {m.card_number for m in member_list(scope=scope or Scope.everything(), filters=MemberFilters(text=text))}


@pytest.mark.parametrize(
    ("query", "card"),
    [
        # Arabic variant classes
        ("عبدالاله", "S-1"),  # compound spacing and hamza on alef
        ("عبد الاله الخليفي", "S-1"),
        ("محمد", "S-2"),  # diacritics in the stored name
        ("مـحـمـد الزكاري", "S-2"),  # tatweel in the query
        ("فاطمه", "S-3"),  # ta marbuta / ha
        ("اطنين", "S-3"),  # alef with hamza
        ("مصطفي", "S-4"),  # alef maksura / ya
        ("الادريسي", "S-4"),
        # Latin variant classes
        ("Abd El Ilah", "S-1"),
        ("abdelilah khalifi", "S-1"),  # El prefix dropped
        ("Mohamed", "S-2"),
        ("Muhammad Zakari", "S-2"),
        ("FATIMA", "S-3"),
        ("Mustafa El Idrissi", "S-4"),
        ("Yousef", "S-5"),
    ],
)
def test_each_variant_finds_the_member(registry, query, card):
    assert card in found(query)


def test_different_names_are_not_confused(registry):
    assert "S-3" not in found("Fatna")
    assert found("Hussein") == set()


def test_search_keeps_to_the_scope(registry):
    assert found("Mustapha", scope=Scope.of("01/01.571/")) == set()
    assert found("Mustapha", scope=Scope.of("03/03.531/")) == {"S-4"}


def test_a_card_number_or_cin_finds_the_member(registry):
    assert found("S-5") == {"S-5"}


def test_arabic_search_works_on_this_database(registry):
    """On PostgreSQL: the key's Arabic words are words of its full-text index, and search reads that index."""
    assert found("محمد") == {"S-2"}
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [" محمد العلوي "])
        assert "محمد" in cursor.fetchone()[0]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_name_key_words'")
        assert "to_tsvector" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = persons_named("محمد").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        assert "person_name_key_words" in " ".join(row[0] for row in cursor.fetchall())


def test_a_name_does_not_match_inside_another(party):
    make_member("N-1", first_latin="Ahmed", last_latin="Tazi", first_ar="أحمد", last_ar="التازي")
    make_member("N-2", first_latin="Mohamed", last_latin="Tazi", first_ar="محمد", last_ar="التازي")
    assert found("Ahmad") == {"N-1"}
    assert found("Mohammed") == {"N-2"}
    assert found("احمد") == {"N-1"}
    assert found("Taz") == {"N-1", "N-2"}  # a word being typed matches the names it starts


def test_finished_words_match_whole_and_the_last_one_by_its_start(party):
    make_member("W-1", first_latin="Mohamed", last_latin="Tazi", first_ar="محمد", last_ar="التازي")
    make_member("W-2", first_latin="Mohamedin", last_latin="Tazi", first_ar="محمدين", last_ar="التازي")
    assert found("Mohammed Taz") == {"W-1"}  # "Mohammed" was finished: Mohamedin is another name
    assert found("محمد التا") == {"W-1"}
    assert found("التازي محم") == {"W-1", "W-2"}  # the word being typed still finds both
    assert found("Moh Tazi") == set()  # a finished word is a whole word, not the start of one


def test_a_card_or_cin_typed_in_small_letters_is_found_through_the_plain_indexes(party):
    everything = Scope.everything()
    member = make_member("CARD-77", first_latin="Rachid", cin="AB123456")
    typed = [member.card_number.lower(), member.person.cin.lower()]

    found = [list(member_list(scope=everything, filters=MemberFilters(text=t, cin_scope=everything))) for t in typed]
    sql = str(member_list(scope=everything, filters=MemberFilters(text=typed[0], cin_scope=everything)).query)

    assert found == [[member], [member]]
    assert "UPPER(" not in sql  # compared as stored, so the plain index answers


def test_a_territory_and_a_card_are_read_through_the_one_index_each_keeps(registry):
    """A province's members are one prefix scan and a card one lookup, each through its own index; the pattern
    twins PostgreSQL gets from db_index and unique=True (a plain path index, a LIKE index of card numbers) are
    not built, since no query reads them and every write and import paid for them."""
    everything = Scope.everything()
    province = member_list(scope=everything, filters=MemberFilters(territory_path="03/03.531/"))
    card = member_list(scope=everything, filters=MemberFilters(text="s-4"))
    assert [m.card_number for m in province] == ["S-4"]
    assert [m.card_number for m in card] == ["S-4"]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'members_member' "
            "AND (indexdef LIKE '%%(path%%' OR indexdef LIKE '%%(card_number%%')"
        )
        definitions = sorted(row[0].split(" USING ")[1] for row in cursor.fetchall())
        assert definitions == ["btree (card_number)", "btree (path varchar_pattern_ops)"]
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset, index in ((province, "member_path"), (card, "member_card_number_unique")):
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            assert index in " ".join(row[0] for row in cursor.fetchall())
