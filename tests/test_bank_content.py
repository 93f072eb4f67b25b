"""The shipped bank: the seed's questions kept verbatim, and coverage of every topic."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from engine import bank
from engine.schema import Kind, Source
from engine.search import TOPIC_ORDER

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "tests" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")
TOPICS = TOPIC_ORDER
LOADED = bank.load([ROOT / "questions"])
QUESTIONS = LOADED.questions
SEED = [q for q in QUESTIONS if q.source is Source.seed]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_bank_loads_without_problems():
    assert LOADED.problems == []


def test_the_seed_questions_are_all_present_in_article_order():
    assert [q.id.split("-")[1] for q in SEED] == [f"q{i}" for i in range(1, 8)]
    assert [q.kind for q in SEED] == [Kind.concept] * 5 + [Kind.coding] * 2


@pytest.mark.parametrize("question", SEED, ids=lambda q: q.id)
def test_seed_question_and_answer_keep_the_article_text_verbatim(question):
    assert squeeze(question.question.zh) in squeeze(ARTICLE)
    assert squeeze(question.answer.zh) in squeeze(ARTICLE)
    assert not re.search(r"[\u4e00-\u9fff]", question.question.en)


def test_seed_errors_listed_in_the_research_notes_are_corrected():
    wrong = {"q1", "q2", "q3", "q4", "q5", "q6", "q7"}  # every seed item has a flagged claim
    corrected = {q.id.split("-")[1] for q in SEED if q.correction}
    assert corrected == wrong
    q6 = next(q for q in SEED if q.id.startswith("seed-q6"))
    assert "np.where(x > threshold, x, 0)" in q6.answer.en
    assert q6.demo is not None and q6.demo.name == "threshold"
    q7 = next(q for q in SEED if q.id.startswith("seed-q7"))
    assert "ReLU(threshold=0.5)" in q7.correction.en
    assert "101,770" in q7.correction.en


def test_at_least_sixty_questions_beyond_the_seed():
    assert len(QUESTIONS) - len(SEED) >= 60


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_easy_medium_and_hard_questions(topic):
    difficulties = Counter(q.difficulty for q in QUESTIONS if q.topic == topic)
    assert set(difficulties) == {"easy", "medium", "hard"}, difficulties


def test_every_question_is_bilingual_in_every_text():
    for q in QUESTIONS:
        texts = [q.question, q.answer, q.explanation, *q.key_points, *q.follow_ups]
        for text in texts:
            assert text.en.strip() and text.zh.strip(), q.id
            assert re.search(r"[\u4e00-\u9fff]", text.zh), f"{q.id}: Chinese text without Chinese"


def test_every_concept_question_cites_a_reference():
    for q in QUESTIONS:
        if q.kind is Kind.concept:
            assert q.references, q.id


def test_every_question_has_an_automatically_graded_quiz_item():
    missing = [q.id for q in QUESTIONS if q.quiz is None or (q.quiz.choice is None and q.quiz.numeric is None)]
    assert missing == []


def test_choice_items_have_one_answer_and_distinct_options():
    for q in QUESTIONS:
        if q.quiz and q.quiz.choice:
            options = [q.quiz.choice.correct.en] + [w.text.en for w in q.quiz.choice.wrong]
            assert len(set(options)) == len(options), q.id


def test_ids_are_unique_and_files_hold_their_topic():
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    by_file = defaultdict(set)
    for path in sorted((ROOT / "questions").glob("*.yaml")):
        if path.name == "seed.yaml":
            continue
        questions, problems = bank.load_text(path.read_bytes(), path.name)
        assert problems == []
        by_file[path.stem] = {q.topic for q, _ in questions}
    for stem, topics in by_file.items():
        assert topics == {stem}, stem


def test_no_unconfirmed_number_from_the_research_notes_appears():
    # The facts file marks these as unconfirmed; the bank must not state them.
    blob = "\n".join(q.text_blob() for q in QUESTIONS)
    assert "46.7B" not in blob and "12.9B" not in blob
