"""Numbers a question states, checked against the numbers a paper gives for the same thing."""

from __future__ import annotations

import pytest

from paperqa_lite.quantities import longer_than_bound, quantities, unsaid_numbers

PAPER = ("SRPO: Self-Referential Policy Optimization. Starting from a supervised baseline with 48.9% "
         "success, SRPO achieves a success rate of 99.2% in just 200 RL steps, a 4x gain over 2-turn "
         "baselines, with 1,000 demonstrations and a 7B model over two benchmarks; it scores 91.3% on "
         "LIBERO, trains on 10K episodes, and compares with Qwen2.5-7B and Llama-3.1-8B (2025).")


@pytest.mark.parametrize("question, unsaid", [
    ("how did SRPO reach 99.2% on LIBERO in only 20 RL steps?", ["20"]),  # 20 is not 200
    ("why did SRPO need a 32B model?", ["32B"]),
    ("what success does SRPO get on 3-turn tasks?", ["3-turn"]),
    ("does SRPO use 5 benchmarks?", ["5"]),  # the paper gives "two benchmarks"
    ("what success does SRPO reach in 200 steps from 48.9%?", []),
    # the same number in another of its usual forms, or rounded
    ("does SRPO use 1000 demonstrations with a 7 billion model?", []),
    ("is SRPO's gain 4 times over 2 turn baselines on 2 benchmarks?", []),
    ("does SRPO get 99.2 percent, a 4-fold gain?", []),
    ("is SRPO's gain 3-fold?", ["3-fold"]),  # a fold is a factor: the paper's is 4x
    ("does SRPO reach 91% on LIBERO with 10,000 episodes?", []),
    # numbers inside names, ranges and years are not judged
    ("does SRPO beat Qwen3, GPT-4o, Qwen 2.5-7B or Llama 3.1-8B?", []),
    ("what are 3 key findings of SRPO, in 2 sentences, for 10-20 step budgets in 2025?", []),
])
def test_numbers_a_question_states_must_be_the_papers(question, unsaid):
    assert unsaid_numbers(question, PAPER) == unsaid


def test_quantities_know_what_they_count():
    got = {q.text: q.counts for q in quantities("a 32B model in 200 RL steps, 45% and 2.5x, 4-turn, 3D")}
    assert got == {"32B": ("mag", ""), "200": ("of", "rl"), "45%": ("%", ""), "2.5x": ("x", ""),
                   "4-turn": ("of", "turn")}


@pytest.mark.parametrize("question, clause, longer", [
    ("tasks that took teams several hours", "tasks that took teams up to 11 minutes", True),
    ("tasks that took teams 2 days", "tasks that took teams under 30 hours", True),
    ("tasks that took teams ten minutes", "tasks that took teams up to 11 minutes", False),
    ("tasks that took teams a few seconds", "tasks that took teams within 2 hours", False),
    # no bound in the clause: nothing to exceed
    ("tasks that took teams several hours", "tasks that took teams 11 minutes on average", False),
])
def test_a_duration_longer_than_the_bound(question, clause, longer):
    assert longer_than_bound(question, clause) == longer
