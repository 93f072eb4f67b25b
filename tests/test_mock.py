"""Mock interviews: drawing questions and summing up."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import bank, mock
from engine.mock import Answer
from engine.scheduling import Rating

QUESTIONS = bank.load().questions


@given(n=st.integers(1, mock.MAX_QUESTIONS), seed=st.integers(0, 2**64 - 1))
def test_draw_gives_n_different_questions_of_the_pool(n, seed):
    ids = mock.draw(QUESTIONS, n, seed)
    assert len(ids) == len(set(ids)) == n
    assert set(ids) <= {q.id for q in QUESTIONS}
    assert mock.draw(QUESTIONS, n, seed) == ids  # reproducible from the seed


def test_draw_refuses_sizes_out_of_range_and_pools_too_small():
    with pytest.raises(ValueError, match="1 to 20"):
        mock.draw(QUESTIONS, 0, 1)
    with pytest.raises(ValueError, match="1 to 20"):
        mock.draw(QUESTIONS, mock.MAX_QUESTIONS + 1, 1)
    with pytest.raises(ValueError, match="only 2 questions"):
        mock.draw(QUESTIONS[:2], 3, 1)


def test_weakest_topics_come_first_by_mean_grade_then_time():
    answers = [
        Answer("a", "speed", 60, Rating.Good),
        Answer("b", "speed", 30, Rating.Again),  # speed: mean 2.0
        Answer("c", "moe", 10, Rating.Hard),  # moe: mean 2.0, quicker
        Answer("d", "fundamentals", 5, Rating.Easy),
    ]
    ranked = mock.weakest_topics(answers)
    assert [s.topic for s in ranked] == ["speed", "moe", "fundamentals"]
    assert (ranked[0].questions, ranked[0].mean_grade, ranked[0].mean_seconds) == (2, 2.0, 45.0)


def test_summary_is_json_ready_with_times_and_grades():
    answers = [Answer("a", "speed", 61.25, Rating.Good), Answer("b", "moe", 20.0, Rating.Again)]
    summary = json.loads(json.dumps(mock.summary(answers)))
    assert summary["total_seconds"] == 81.2
    assert summary["mean_seconds"] == 40.6
    assert [a["grade"] for a in summary["answers"]] == [3, 1]
    assert summary["weakest_topics"][0]["topic"] == "moe"
    assert mock.summary([])["mean_seconds"] is None


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3600, "1:00:00"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_clock(seconds, shown):
    assert mock.clock(seconds) == shown
