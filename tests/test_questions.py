"""Question-aware answers on fictional documents written for these tests: questions about
the publication itself, lists with a count, what a question asks for, refusals that say
why, false premises, and headings that are never answers on their own."""

from __future__ import annotations

import re

import pytest

from conftest import fictional_doc, indexed
from stepqa.pipeline import Assistant
from stepqa.question import CURRENCIES, analyse

HARBOUR = fictional_doc(
    "Harbour Modernisation Review (fictional)",
    """
HARBOUR POLICY NOTES

Harbour Modernisation Review

| No. 41 Mar. 3rd. 2023 |

**Ilse Varn · Tomas Orrel · Petra Lind**

## Findings

The harbour office of Velmar handles ferry permits slowly because each desk keeps its own files.
Night shipping has grown since the canal opened. Dock workers report longer queues at the locks.

## Recommendations

The review proposes three measures:

- Merge the permit desks into one office
- Open the locks for night traffic
- Train lock keepers every year

## Staffing

### Phase out rotating postings

- Officials stay in one post for at least five years.

### Keep a reserve crew

- A reserve crew of twelve covers storms and strikes.

## Funding

Four sources pay for the works:

- Port dues
- A regional grant
- Ferry operators' fees
- Loans from the harbour bank

The review recommends to expand the harbour office rather than close it.
""",
    authors="[Ilse Varn, Tomas Orrel, Petra Lind]",
    date="2023-03-03",
    publisher="Velmar Port Authority (fictional)",
)


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"harbour-review.md": HARBOUR})


def test_question_analysis_reads_type_count_and_key_terms() -> None:
    listed = analyse("What are the four sources that pay for the works?")
    assert (listed.kind, listed.count) == ("list", 4)
    when = analyse("In which year will the canal be dredged?")
    assert (when.kind, when.wants) == ("when", "date")
    money = analyse("How much did Velmar spend on locks in 2031?")
    assert money.wants == "amount" and "2031" in money.key_terms and "Velmar" in money.key_terms
    assert analyse("Who are the authors of this review?").facet == "authors"
    assert analyse("Which agency issues ferry permits?").wants == "name"
    assert analyse("Who should decide on night traffic?").wants == "role"  # a role, not a name
    # a body the documents propose may be one they describe ("a national harbour council")
    assert analyse("Whose staff should grow to cut permit delays?").wants == "role"
    assert analyse("Which body does the review want to steer port policy?").wants == "role"
    assert analyse("Which ministry will host the permit office?").wants == "name"
    # "event", like "reason", names a kind of answer: no passage need say "event"
    assert analyse("What event started the harbour reform?").asked_for == ""
    # a list asked for without a number; a plural before a verb names what is asked for
    listing = analyse("List the problems with pilots and cranes.")
    assert (listing.kind, listing.count, listing.listed) == ("list", None, "problems")
    assert analyse("What penalties apply to late ferries?").asked_noun == "penalties"
    # "what" as the subject of a verb asks for a cause, not for a name of the noun after it
    assert analyse("What keeps the harbour offices from sharing files?").wants == ""
    assert analyse("Which harbour offices share files?").body
    assert analyse('Respond with YES only. Is the "night traffic" plan costed?').key_terms == (
        "night traffic",)


def test_authors_come_from_the_title_block(harbour: Assistant) -> None:
    answer = harbour.ask("Who are the authors of this review?")
    assert not answer.refused
    assert "Ilse Varn" in answer.answer and "Petra Lind" in answer.answer


def test_publication_date_and_number_come_from_the_title_block(harbour: Assistant) -> None:
    when = harbour.ask("When was the review published?")
    assert "2023" in when.answer and not when.refused
    number = harbour.ask("Which volume number is this review?")
    assert "No. 41" in number.answer
    # The date asked for in other words; a topic that "appeared" is no question about it.
    for question in ("When did this review come out?",
                     "In which month and year did this issue of Harbour Policy Notes appear?"):
        said = harbour.ask(question)
        assert not said.refused and "Mar. 3rd. 2023" in said.answer, question
    assert analyse("When did night shipping appear in Velmar?").facet == ""


FERRIES = fictional_doc("Coastal Ferry Survey (fictional)", """
# Coastal Ferry Survey

## Findings

Coastal states such as Norway and Denmark already run ferries through the night.
Ticket prices rose after the storms of the last winter.
The Norwegian government pays for night ferries to its own islands.
The Pier Works Agency of Ardel pays for repairs to piers.

## Operators

Private ferry operators may bid for the summer routes to the outer islands.
Public ferry operators keep the winter routes to the outer islands.
Ferry operators sell tickets on board.

## Two tasks for the ferry board

- Publish one timetable for all island routes
- Repair the pier at the north landing
""")


@pytest.fixture(scope="module")
def ferries(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"ferries.md": FERRIES})


def test_a_count_of_named_things_is_answered_by_the_sentence_that_names_them(
        ferries: Assistant) -> None:
    """"Which two states ..." is answered by the sentence naming two states, not by the only
    two-item list, whose lead-in the question does not name and whose items are far from it."""
    answer = ferries.ask("Which two states are given as examples of night ferry service?")
    assert "Norway and Denmark" in answer.answer
    assert "Repair the pier" not in answer.answer
    tasks = ferries.ask("What are the two tasks for the ferry board?")  # the list is named
    assert "Publish one timetable" in tasks.answer and "Repair the pier" in tasks.answer


HARBOUR_AUTOMATION = fictional_doc("Harbour Automation Brief (fictional)", """
# Harbour Automation Brief

## Background

Since the rivalry between the states of Ostland and Kemmer over port automation began, the board acted.
Container traffic grew by a fifth in three years.
Ostland has spent heavily on automated cranes.
Kemmer paid 40 million crowns for new quays.
A new port automation agency will be set up next year.

## Next steps for the harbour board

- Train harbour staff to run automated cranes
- Fund port automation pilots with neighbouring boards
""")


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"brief.md": HARBOUR_AUTOMATION})


def test_a_count_of_named_things_is_not_answered_by_a_list_of_steps_close_to_its_topic(
        brief: Assistant) -> None:
    """"Which two countries ...?" asks for names. The only two-item list is close to the
    question's topic (port automation, the harbour board) but holds steps, not countries:
    before, it was quoted whole; now the sentence naming the two is."""
    for question in ("Which two countries compete over port automation?",
                     "Which two powers' rivalry over port automation prompted the harbour board to act?"):
        answer = brief.ask(question)
        assert "Ostland and Kemmer" in answer.answer, (question, answer.answer)
        assert "Train harbour staff" not in answer.answer, (question, answer.answer)
    steps = brief.ask("What are the two next steps for the harbour board?")  # a list of steps
    assert "Train harbour staff" in steps.answer and "Fund port automation" in steps.answer
    nobody = brief.ask("Which two ministries fund the harbour board?")  # no ministry is named
    assert nobody.refused and "name" in nobody.reason, nobody.reason


@pytest.mark.parametrize(("question", "wants", "facet"), [
    ("What did Ostland spend on port automation?", "amount", ""),
    ("What does the ministry invest in new quays?", "amount", ""),
    ("What did Ostland invest in?", "", ""),  # the thing, not the sum
    ("What did the board pay attention to?", "", ""),
    ("What is the name of the new agency?", "name", ""),
    ("What will the new agency be called?", "name", ""),
    ("What is the name of the brief?", "", "title"),
    ("What is called for in the brief?", "", ""),  # no question about its title
])
def test_what_a_sum_or_a_name_asked_in_other_words_wants(question: str, wants: str,
                                                         facet: str) -> None:
    asked = analyse(question)
    assert (asked.wants, asked.facet) == (wants, facet)


def test_a_sum_spent_or_a_name_is_not_answered_by_a_sentence_without_one(brief: Assistant) -> None:
    """"What did Ostland spend ...?" asks for a sum: "spent heavily" gives none, and the
    answer says so; Kemmer's 40 million crowns are a sum. "What is the name of ...?" asks
    for a name: "A new port automation agency will be set up" gives none."""
    spent = brief.ask("What did Ostland spend on automated cranes?")
    assert spent.refused and "sum of money" in spent.reason, (spent.answer, spent.reason)
    paid = brief.ask("What did Kemmer pay for new quays?")
    assert not paid.refused and "40 million crowns" in paid.answer, paid.reason
    named = brief.ask("What is the name of the new port automation agency?")
    assert named.refused and "name" in named.reason, (named.answer, named.reason)


def test_how_something_is_paid_for_needs_a_passage_that_speaks_of_money(ferries: Assistant) -> None:
    """"How are night ferries funded?" asks how they are paid for, and "The Norwegian
    government pays for night ferries" says it (a word of money, not the question's own)."""
    funded = ferries.ask("How are night ferries to the islands funded?")
    assert not funded.refused and "pays for night ferries" in funded.answer, funded.reason
    assert analyse("How will the new agency be paid for?").asked_for == "funding"
    assert analyse("How should think tanks be revitalized?").asked_for == ""


@pytest.mark.parametrize(("question", "superlative"), [
    ("Which country does Korea cooperate with most?", "most"),
    ("Which of the problems is most serious?", "most"),
    ("What is the biggest risk for the ports?", "biggest"),
    ("Who gains the least?", "least"),
    ("What do most ministries do?", ""),  # most = the greater part
    ("What do most of the ministries lack?", ""),
    ("Which ministries have at least two experts?", ""),
    ("Why is it the most important?", ""),  # why: an explanation, not a ranking
])
def test_a_ranking_asked_for_is_read(question: str, superlative: str) -> None:
    assert analyse(question).superlative == superlative


def test_a_ranking_is_not_answered_by_a_passage_that_ranks_nothing(ferries: Assistant) -> None:
    """The survey says Norway and Denmark run night ferries, and ranks none of them: which
    runs the most is not in it. Which state the ferries are cheapest in is no more."""
    most = ferries.ask("Which coastal state runs the most night ferries?")
    assert most.refused and "'most'" in most.reason, (most.answer, most.reason)
    plain = ferries.ask("Which coastal states run night ferries?")
    assert not plain.refused and "Norway and Denmark" in plain.answer, plain.reason


def test_a_name_the_document_is_asked_to_recommend_must_come_from_its_proposals(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The review names Ostland and Kemmer as states that have worked with the board, and
    none of its recommendations names a partner: which states it recommends working with
    is not in it (before, the background sentence answered). A review whose recommendations
    name an authority answers the same kind of question."""
    def review(recommendations: str) -> Assistant:
        return indexed(tmp_path_factory, {"review.md": fictional_doc("Crane Safety Review (fictional)", f"""
# Crane Safety Review

## Background

The states of Ostland and Kemmer have worked with the harbour board on crane inspections since 2019.
Crane accidents rose at the northern quays last winter.

## Recommendations

{recommendations}
""")})
    unnamed = review("- Inspect every crane twice a year\n- Publish accident figures every quarter")
    asked = unnamed.ask("Which states does the review recommend the board work with on crane inspections?")
    assert asked.refused and "no proposal" in asked.reason, (asked.answer, asked.reason)
    named = review("- Work with the Velmar Port Authority on crane inspections\n"
                   "- Publish accident figures every quarter")
    answer = named.ask("Which authority does the review recommend working with on crane inspections?")
    assert not answer.refused and "Velmar Port Authority" in answer.answer, answer.reason


def test_a_sentence_saying_the_opposite_of_the_questions_word_loses_its_lexical_signal(
        ferries: Assistant) -> None:
    """"public" asked, "private" said: that sentence's lexical signal counts the word
    against it, below a sentence that says neither (before, the two were equal)."""
    answer = ferries.ask("What do public ferry operators do?")
    text = {c.start: c.quote for c in answer.citations}
    signal = {}
    for scored in answer.audit.evidence:
        passage = next(iter(ferries.store.passages([scored.passage_id]).values()))
        sentence = passage.text[scored.start - passage.start: scored.end - passage.start]
        signal[sentence.split()[0]] = scored.lexical
    assert signal["Public"] > signal["Ferry"] > signal["Private"], (signal, text)


def test_a_country_is_no_answer_to_which_ministry(ferries: Assistant) -> None:
    """A country or nationality names no ministry, agency or office: "the Norwegian
    government" does not answer "Which ministry ...?", a named agency does."""
    refused = ferries.ask("Which ministry pays for night ferries?")
    assert refused.refused and "name" in refused.reason
    agency = ferries.ask("Which agency pays for repairs to piers?")
    assert not agency.refused and "Pier Works Agency" in agency.answer
    assert not ferries.ask("Which countries run night ferries?").refused  # a country asked for


def test_a_list_question_with_a_count_gets_that_list_whole(harbour: Assistant) -> None:
    answer = harbour.ask("What are the four sources that pay for the works?")
    text = answer.answer
    for item in ("Port dues", "A regional grant", "Ferry operators' fees", "Loans from the harbour bank"):
        assert item in text
    assert "Merge the permit desks" not in text  # the three-item list is another list
    three = harbour.ask("Which three measures does the review propose?")
    for item in ("Merge the permit desks", "Open the locks", "Train lock keepers"):
        assert item in three.answer


def test_a_missing_year_is_refused_and_named(harbour: Assistant) -> None:
    answer = harbour.ask("How much did the harbour office spend on the locks in 2031?")
    assert answer.refused and "'2031'" in answer.reason


def test_a_missing_name_is_refused_and_named(harbour: Assistant) -> None:
    answer = harbour.ask("What does the review say about the Ostmark ferry alliance?")
    assert answer.refused and "Ostmark" in answer.reason


def test_a_question_asking_for_a_name_the_documents_never_give_is_refused(harbour: Assistant) -> None:
    answer = harbour.ask("Which ministry pays for training lock keepers?")
    assert answer.refused and "name" in answer.reason


@pytest.mark.xfail(strict=True, reason="known limit of the default embedder: all-MiniLM-L6-v2 "
                   "puts 'which staffing custom should end' far from 'Phase out rotating "
                   "postings' (cosine 0.12), so the heading's context cannot carry the bullet; "
                   "all-mpnet-base-v2 as the embedder finds it (tests/test_mpnet.py), as the "
                   "second reader of MiniLM's best sentences it does not")
def test_a_bullet_is_found_by_what_its_heading_says(harbour: Assistant) -> None:
    answer = harbour.ask("Which staffing custom should end?")
    assert "Officials stay in one post for at least five years." in answer.answer


def test_a_false_premise_is_named_and_not_quoted(harbour: Assistant) -> None:
    answer = harbour.ask("Why does the review recommend closing the harbour office?")
    assert not answer.refused and "premise" in answer.notice
    assert "expand the harbour office" in answer.answer
    assert all("closing the harbour office" not in s.text for s in answer.sentences)


HEADINGS = {"Findings", "Recommendations", "Staffing", "Funding", "Keep a reserve crew",
            "Phase out rotating postings", "Harbour Modernisation Review"}


@pytest.mark.parametrize("question", ["What does the review find?", "What about funding?",
                                      "What about staffing?", "Keep a reserve crew?",
                                      "How long should officials stay in one post?"])
def test_a_heading_is_never_an_answer_sentence_on_its_own(harbour: Assistant, question: str) -> None:
    """A heading may only lead in to what stands under it: never alone, never last."""
    texts = [s.text for s in harbour.ask(question).sentences]
    assert texts and texts[-1] not in HEADINGS, texts
    assert any(t not in HEADINGS for t in texts), texts


def test_a_why_question_gets_the_explanation_around_the_best_sentence(harbour: Assistant) -> None:
    answer = harbour.ask("Why are ferry permits handled slowly?")
    assert "because each desk keeps its own files" in answer.answer
    texts = [s.text for s in answer.sentences]
    assert texts == sorted(texts, key=HARBOUR.index)[:1] + sorted(texts[1:], key=HARBOUR.index)


def test_a_name_in_the_section_heading_counts_as_present(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A long section is split over passages; the later ones do not repeat the heading line,
    but a key term the heading names is present for them."""
    from stepqa.answer.evidence import missing_terms

    bullets = "\n".join(f"- Rule {i}: ferries carry life rafts for every passenger on route {i}."
                        for i in range(1, 14))
    doc = fictional_doc("Ferry Rules (fictional)", f"## Ostmark ferry rules\n\n{bullets}\n")
    ferries = indexed(tmp_path_factory, {"ferries.md": doc})
    later = [h for h in ferries.retrieve("ferries carry life rafts on route 12", k=5)
             if "Ostmark" not in h.passage.text]
    assert later and "Ostmark" in later[0].passage.section
    assert missing_terms(analyse("What do the Ostmark rules say about rafts?"), later[:1]) == []


EASTMARK = fictional_doc("Eastmark Think Tank Review (fictional)", """
## Think tanks

Eastmark funds its public think tanks for five years at a time.
Private think tanks in Eastmark receive no public money.
""", date="2024-02-01")
WESTMARK = fictional_doc("Westmark Research Strategy (fictional)", """
## Policy advice

Westmark commissions private think tanks to write yearly foresight studies.
Public research institutes in Westmark advise ministries on request.
""", date="2025-05-01")


def test_a_comparison_is_answered_from_each_document_grouped(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from stepqa.render import grouped_text

    two = indexed(tmp_path_factory, {"eastmark.md": EASTMARK, "westmark.md": WESTMARK})
    answer = two.ask("How does the Eastmark review differ from the Westmark strategy on think tanks?")
    assert {c.doc_id for c in answer.citations} == {"eastmark", "westmark"}
    text = grouped_text(answer)
    assert "— Eastmark Think Tank Review (fictional) (2024-02-01):" in text
    assert "— Westmark Research Strategy (fictional) (2025-05-01):" in text
    one_side = two.ask("Compare the Eastmark review with the Northmark plan on think tanks.")
    assert not one_side.refused and "Nothing found about: Northmark." in one_side.notice
    assert {c.doc_id for c in one_side.citations} <= {"eastmark", "westmark"}


PORTS = fictional_doc(
    "Inland Ports Audit (fictional)",
    """
# Inland Ports Audit

## Problems found at the inland ports

- Permits for barges take weeks to issue.
- Cargo records are still kept on paper.
- The lock desks do not share their records.

## Japan

Japan's transport ministry merged its barge permit desks into a single office.
""",
)


@pytest.fixture(scope="module")
def ports(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"ports-audit.md": PORTS})


def test_how_many_is_answered_by_the_list_that_names_what_is_counted(ports: Assistant) -> None:
    assert analyse("How many problems did the audit find at the ports?").measure == "problems"
    answer = ports.ask("How many problems did the audit find at the ports?")
    assert not answer.refused, answer.reason
    for item in ("Permits for barges", "Cargo records", "The lock desks"):
        assert item in answer.answer
    # A list whose lead-in does not name what is counted is no answer to "how many".
    counted = ports.ask("How many barges pass the locks each night?")
    assert counted.refused and "number" in counted.reason


def test_a_capital_stands_for_its_country(ports: Assistant) -> None:
    tokyo = ports.ask("What did Tokyo do with its barge permit desks?")
    assert not tokyo.refused and "merged its barge permit desks" in tokyo.answer
    paris = ports.ask("What did Paris do with its barge permit desks?")
    assert paris.refused and "'Paris'" in paris.reason


# A list long enough that the splitter cuts it between two passages (at most 600 characters
# each): its later items open the second passage without their bullet.
CANALS = fictional_doc("Canal Upkeep Audit (fictional)", """
CANAL POLICY NOTES

| No. 7 May 2nd. 2030 |

## Findings

The audit of the Orrin canal network found that upkeep has fallen behind for a decade and that
the boards responsible for the locks, the towpaths and the pumping stations rarely share plans.
It names five weaknesses in how the network is run:

- Each lock board budgets on its own, so repairs that cross two districts are postponed year after year.
- Inspections follow a calendar rather than the condition of the walls, so worn gates are missed.
- Contracts for dredging are let for a single season, which keeps skilled crews from staying on the canal.
- Records of past repairs are kept on paper in six offices, and no engineer sees a lock's history.
- Volunteers who report damage receive no reply, so fewer reports arrive every year.

## Measures

The audit proposes a joint upkeep fund for all districts. Two weaknesses in how the network is
run are to be fixed first:

- Shared budgets for the lock boards
- Inspections by the condition of the walls
""", date="2030-05-02", publisher="Orrin Waterways Board (fictional)")


@pytest.fixture(scope="module")
def canals(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"canal-audit.md": CANALS})


def test_a_list_cut_between_two_passages_is_still_counted_whole(canals: Assistant) -> None:
    passages = {h.passage.index: h.passage.text for h in canals.retrieve("weaknesses", k=10)}
    assert any(t.startswith("Records of past repairs") or t.startswith("Contracts for dredging")
               or t.startswith("Volunteers who") for t in passages.values()), "the list is not cut"
    # The two-item list matches these words better; the count picks the five-item one.
    answer = canals.ask("What are the five weaknesses to be fixed first?")
    for item in ("Each lock board", "Inspections follow", "Contracts for dredging",
                 "Records of past repairs", "Volunteers who report"):
        assert item in answer.answer


def test_an_amount_is_never_answered_by_the_issue_line(canals: Assistant) -> None:
    """"| No. 7 May 2nd. 2030 |" holds numbers; it states facts about the publication only."""
    answer = canals.ask("How much money does the joint upkeep fund hold?")
    assert answer.refused and "sum of money" in answer.reason
    assert "2030" in canals.ask("When was the audit published?").answer


def test_the_authors_as_speakers_do_not_make_a_question_about_the_authors() -> None:
    assert analyse("What do the authors want done with the lock boards?").facet == ""
    assert analyse("According to the authors, what is essential?").facet == ""
    assert analyse("Who are the authors of the audit?").facet == "authors"


def test_an_office_the_documents_never_mention_is_a_missing_key_term(harbour: Assistant) -> None:
    assert analyse("What did the harbour minister announce?").key_terms == ("minister",)
    answer = harbour.ask("What did the harbour minister announce about night traffic?")
    assert answer.refused and answer.reason == "'minister' does not occur in any passage found"


def test_a_sentence_of_the_opening_passage_is_not_a_title_block_line() -> None:
    from stepqa.answer.evidence import masthead
    from stepqa.store import DocInfo

    doc = DocInfo("plan", "v1", "Norland Plan (fictional)", "plan.pdf", date="2025-03-01",
                  authors=("Ada Ness", "Bo Lund"))
    assert masthead("| No. 7 Mar. 1st. 2025 |", doc)
    assert masthead("**Ada Ness · Bo Lund**", doc)
    assert masthead("NORLAND POLICY NOTES", doc)
    assert not masthead("Norland will fund 42 joint projects between 2025 and 2028.", doc)


def test_a_title_case_heading_names_no_one(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Capitals of style are not names: a "who" question is not answered by a heading in
    title case and the list under it."""
    doc = fictional_doc("Ferry Permits Note (fictional)", """
## Background

Queues for ferry permits at the harbour have grown longer every year since the canal opened.

## Measures to Improve Ferry Permit Handling

- Merge the permit desks into one office.
- Publish waiting times every week.
""")
    ferries = indexed(tmp_path_factory, {"ferries.md": doc})
    answer = ferries.ask("Who is responsible for improving ferry permit handling?")
    assert answer.refused and "name" in answer.reason
    assert not ferries.ask("What should be done about the permit desks?").refused


def test_who_published_it_asks_for_the_publisher_and_a_refusal_gives_the_documents_details(
        harbour: Assistant) -> None:
    assert analyse("Which institute published the review?").facet == "publisher"
    assert analyse("When was the review published?").facet == "date"
    # in the present tense, or as the body behind it (was asked for a name in its text)
    for question in ("Who publishes the review?", "Which organisation is behind the review?"):
        assert analyse(question).facet == "publisher", question
    assert analyse("Who issues ferry permits?").facet == ""  # not asked of the document
    answer = harbour.ask("Who published the review?")  # the text never names its publisher
    assert answer.refused
    assert answer.reason == ("no line of the document's text states its publisher; the "
                             "document's details give: Velmar Port Authority (fictional)")


def test_a_question_about_a_name_gets_the_sentences_that_mention_it(harbour: Assistant) -> None:
    answer = harbour.ask("What does the review say about Velmar?")
    assert not answer.refused, answer.reason
    assert all("Velmar" in c.quote for c in answer.citations)


def test_a_short_question_for_a_counted_list_is_answered_with_it(assistant: Assistant) -> None:
    """Its few words match no one sentence closely, but the report has a list of exactly five
    whose heading names them ("Suggestions for Measures ...")."""
    answer = assistant.ask("What are the five suggestions?")
    assert not answer.refused, answer.reason
    for item in ("Establish clear national goals", "Make a transition from short to long-term",
                 "Select, concentrate and create"):
        assert item in answer.answer


def test_an_item_asked_for_by_its_place_is_answered_with_that_item(harbour: Assistant,
                                                                    assistant: Assistant) -> None:
    assert analyse("What is the third policy suggestion?").ordinal == (3, ("policy", "suggestion"))
    assert analyse("What does measure 3 say?").key_terms == ()  # the list may not be numbered
    second = harbour.ask("What is the second measure the review proposes?")
    assert "Open the locks for night traffic" in second.answer
    assert "Merge the permit desks" not in second.answer
    assert "Train lock keepers" in harbour.ask("What does measure 3 say?").answer
    fourth = assistant.ask("List the measures under suggestion 4.")  # a numbered heading
    assert not fourth.refused, fourth.reason
    assert "Introduce a long-term operation system" in fourth.answer
    assert "Avoid short-term approaches" in fourth.answer
    assert "control tower" not in fourth.answer


@pytest.mark.parametrize(("question", "proposals"), [
    ("What does the report propose?", True),
    ("What does the study recommend?", True),
    ("What are the report's main recommendations?", True),
    ("What policy measures does the study suggest?", True),
    ("What does the report recommend for think tanks?", False),  # narrower: scored as usual
    ("Why does the report propose a control tower?", False),
    ("보고서는 무엇을 제안하나요?", True),  # "What does the report propose?"
    ("이 보고서가 제시한 정책 제언은 무엇인가요?", True),
    ("싱크탱크에 대해 무엇을 제안하나요?", False),  # "... about think tanks?"
])
def test_a_question_for_a_documents_proposals_as_a_whole(question: str, proposals: bool) -> None:
    assert analyse(question).proposals is proposals


def test_a_document_is_called_by_a_title_part_of_two_words_or_an_acronym() -> None:
    from stepqa.question import calls_by_title, of_named_document

    title, publisher = "Ferry Service Review (fictional)", "Belmar Harbour Office (fictional)"
    assert calls_by_title(analyse("What does the Ferry Service Review propose?"), title, publisher)
    assert calls_by_title(analyse("What does the Belmar Harbour Office say?"), title, publisher)
    assert calls_by_title(analyse("What does STEPI propose?"), "A Study", "STEPI") == "STEPI"
    # Called by its publisher, a document's proposals are still asked for as a whole.
    assert of_named_document(analyse("What does STEPI propose?"), [("r", "A Study", "STEPI")])[0].proposals
    assert not calls_by_title(analyse("What does Ferry say about Korea?"), title, publisher)
    assert not calls_by_title(analyse("Which S&T policies does Ostland plan?"),
                              "A Study of the S&T International Cooperation", "STEPI")
    asked, doc = of_named_document(analyse("Who published the Ferry Service Review?"),
                                   [("ferry", title, publisher), ("orchard", "Orchard Rules", "")])
    assert doc == "ferry" and asked.facet == "publisher"
    assert "ferry" not in asked.content and "review" not in asked.content


def test_the_thing_a_question_asks_for_is_read_unless_any_answer_is_one() -> None:
    assert analyse("What penalties does the board set for late records?").asked_for == "penalties"
    assert analyse("What is the headquarters of the port board?").asked_for == "headquarters"
    assert analyse("What is the budget for the new piers?").asked_for == ""  # a sum answers it
    assert analyse("How much funding goes to the locks?").asked_for == ""  # an amount: numbers
    assert analyse("What measures does the board propose?").asked_for == ""  # a kind of answer
    assert analyse("What will Velmar do with the grant?").asked_for == ""  # no noun asked for
    assert analyse("Which universities take part in the survey?").asked_for == "universities"
    assert analyse("How long do ferry permits last?").wants == "duration"
    assert analyse("How long-term is the plan?").wants == ""


MOBILITY = fictional_doc("Northmark Research Mobility Programme (fictional)", """
# Northmark Research Mobility Programme

## Overview

The programme funds researchers from Northmark who spend time at partner institutes abroad.
It was launched in 2019 and is run by the Northmark Research Council.

## Budget

| Year | Budget (million crowns) | Fellows |
|---|---|---|
| 2023 | 12.5 | 140 |
| 2024 | 14.0 | 165 |
| 2025 | 16.2 | 190 |

The budget for 2025 is 16.2 million crowns, an increase of 16 percent over 2024.

## Partner countries

The main partner countries are Japan, Germany and Canada. In 2024, 45 percent of fellows went to Japan.

## Destinations in 2025

| Host country | Share of fellows |
|---|---|
| Japan | 41 percent |
| Germany | 33 percent |
| Canada | 26 percent |

## Next steps

1. Open the programme to early-career researchers without a doctorate.
2. Add India as a partner country in 2026.
3. Shorten the application process to six weeks.
""", publisher="Northmark Ministry of Science (fictional)")


@pytest.fixture(scope="module")
def mobility(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"mobility.md": MOBILITY})


@pytest.mark.parametrize(("question", "row"), [
    ("What was the budget in 2023?", "| 2023 | 12.5 | 140 |"),
    ("How many fellows were funded in 2024?", "| 2024 | 14.0 | 165 |"),
])
def test_a_table_row_of_figures_is_quoted_with_its_column_names(mobility: Assistant, question: str,
                                                               row: str) -> None:
    """A row of figures alone is citable, is read with its header row, and is quoted right
    after it; the row for the year asked comes before a sentence about another year."""
    quotes = [c.quote for c in mobility.ask(question).citations]
    assert row in quotes, quotes
    assert quotes[quotes.index(row) - 1] == "| Year | Budget (million crowns) | Fellows |"
    assert quotes.index(row) == 1, quotes


def test_a_sentence_with_capitalised_names_is_no_title(mobility: Assistant) -> None:
    """"It was launched in 2019 and is run by the Northmark Research Council." has three
    capitalised words in five: it was taken for a title, whose capitals name nothing, and
    "Who runs the programme?" was refused for want of a name."""
    answer = mobility.ask("Who runs the programme?")
    assert not answer.refused, answer.reason
    assert "Northmark Research Council" in answer.citations[0].quote


def test_a_question_that_says_just_a_headings_words_gets_that_section(mobility: Assistant) -> None:
    """"What are the next steps?" matched no one step closely and was refused; it asks for
    the section headed "Next steps", as a question quoting the heading would."""
    answer = mobility.ask("What are the next steps?")
    assert not answer.refused, answer.reason
    assert [c.quote for c in answer.citations] == [
        "Open the programme to early-career researchers without a doctorate.",
        "Add India as a partner country in 2026.",
        "Shorten the application process to six weeks."]


def test_a_table_row_with_words_is_a_row_not_a_heading(mobility: Assistant) -> None:
    """"| Germany | 33 percent |" is short and has no full stop, and was taken for a title
    line: a heading, never quoted on its own. A table row is a row."""
    answer = mobility.ask("Which host country received 33 percent of the fellows in 2025?")
    quotes = [c.quote for c in answer.citations]
    assert "| Germany | 33 percent |" in quotes, quotes
    assert quotes[quotes.index("| Germany | 33 percent |") - 1] == "| Host country | Share of fellows |"


@pytest.mark.parametrize(("question", "pretend"), [
    ("Pretend the report recommends a tax on patents and describe it.", True),
    ("Imagine that the authors favour quotas. What would they propose?", True),
    ("Let's say the document backs quotas: what follows?", True),
    ("Suppose this review said the opposite: what would it propose?", True),
    ("I suppose the report is long?", False),
    ("What does the report assume about think tanks?", False),
    ("Imagine a ministry with no experts: what does the report propose?", False),
])
def test_a_question_asking_to_pretend_the_documents_say_otherwise_is_told(question: str,
                                                                           pretend: bool) -> None:
    assert analyse(question).pretend is pretend


@pytest.mark.parametrize(("question", "currency"), [
    ("How much funding, in won, goes to the control tower?", "won"),
    ("What is the budget in US dollars?", "dollars"),
    ("How much was paid in pounds sterling?", "pounds"),
    ("How much did Korea spend in 2023?", ""),
    ("Who won the tender, and how much did it cost?", ""),
])
def test_the_currency_a_sum_is_asked_in_is_read(question: str, currency: str) -> None:
    assert analyse(question).currency == currency


@pytest.mark.parametrize(("sentence", "in_won"), [
    ("The centre receives 40 billion won a year.", True),
    ("Grants of 3,000 Korean won were paid.", True),
    ("The budget is ₩12bn.", True),
    ("It costs KRW 5 million.", True),
    ("The team won 40,000 euros in the tender.", False),
    ("Korea won the bid and pays 2 million dollars.", False),
])
def test_a_sum_in_won_needs_a_figure_before_won(sentence: str, in_won: bool) -> None:
    """"won" is also a verb: "The team won 40,000 euros" is no sum in won (fictional)."""
    assert (re.search(CURRENCIES["won"], sentence, re.IGNORECASE) is not None) is in_won


def test_what_proposals_or_a_role_are_asked_for_is_read_as_a_noun_phrase() -> None:
    assert analyse("What does the board propose for vineyard irrigation?").asked_about == \
        "vineyard irrigation"
    assert analyse("What role does the board give to universities in the plan?").asked_about == \
        "universities"
    assert analyse("What is the role of the valley board?").asked_about == "valley board"
    assert analyse("What role should the board play?").asked_about == ""  # no thing named
    assert analyse("What steps for moving wells does it propose?").asked_about == ""


def test_names_are_asked_for_when_the_question_says_by_name() -> None:
    assert analyse("Which critical crops does the board single out by name?").wants == "name"
    assert analyse("Which crops does the review name?").wants == "name"
    assert analyse("What does the review name as the main problem?").wants == ""


@pytest.mark.parametrize(("question", "source"), [
    ("What did the survey of farmers find about dry summers?", "survey"),
    ("What did the survey of barge operators find about permits?", "survey"),
    ("What does the minister say about ferry permits?", "minister"),
    ("What did the audit committee conclude about the wells?", "committee"),
    ("What does the report say about ferry permits?", ""),  # the document itself
    ("What did the authors find about ferry permits?", ""),
    ("What did the board establish in 2020?", ""),  # no verb of saying or finding
    ("Why do the district boards find it hard to share records?", ""),  # not a finding
    ("What do the district boards find hard about sharing records?", ""),
])
def test_the_source_a_question_cites_is_read(question: str, source: str) -> None:
    assert analyse(question).source == source


@pytest.mark.parametrize(("question", "listed"), [
    ("What are the main problems with the quay system?", "problems"),
    ("What problems does the quay system have?", "problems"),
    ("What challenges does the board face?", "challenges"),
    ("What problems does the short-term approach cause?", ""),  # what it causes: not a list
    ("What are the problems of reluctance?", ""),
])
def test_a_list_of_problems_is_asked_without_saying_list(question: str, listed: str) -> None:
    asked = analyse(question)
    assert asked.listed == listed and (asked.kind == "list") == bool(listed)
