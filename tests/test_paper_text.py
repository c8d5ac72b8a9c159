"""The listing's typesetting artefacts are undone at ingest, and no number or name changes."""

import json
import re
from pathlib import Path

import pytest

from paperqa_lite.paper import clean_text

WEEK = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "weeks" / "hf-daily-papers-2026-03-09_15.json"


@pytest.mark.parametrize("raw,clean", [
    ("interpretability , significantly", "interpretability, significantly"),
    ("entropy collapse .", "entropy collapse."),
    ("Vision-Language Models ( VLMs ) on", "Vision-Language Models (VLMs) on"),
    ("a 5\\% gain", "a 5% gain"),
    ("\\textbf{DR^{3}} wins", "DR^3 wins"),
    ("We propose \\textit{boldsymbolπ-StepNFT} (Step-wise)", "We propose π-StepNFT (Step-wise)"),
    ("ImageNet 256{times}256 at 4{times} and 16{times}", "ImageNet 256×256 at 4× and 16×"),
    ("achieving 2.2times improvements", "achieving 2.2× improvements"),
    ("N times K distance matrix", "N times K distance matrix"),
    ("by +8.67~pp.", "by +8.67 pp."),
    ("acts as an internal ``evaluator'', providing", "acts as an internal \u201cevaluator\u201d, providing"),
    ("vision encoder s initialized", "vision encoders initialized"),
    ("the DC- DiT backbone", "the DC-DiT backbone"),
    ("low- and high-information regions", "low- and high-information regions"),
    ("we introduce \\OneMillion-Bench OneMillion-Bench, a", "we introduce OneMillion-Bench, a"),
    ("Code: https://github.com/a/b_c-d.git , and", "Code: https://github.com/a/b_c-d.git, and"),
])
def test_artefacts_are_undone(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.skipif(not WEEK.is_file(), reason="the shared data folder is not beside the checkout")
def test_every_number_and_url_of_a_real_week_survives():
    for row in json.loads(WEEK.read_text()):
        for text in (row["paper"]["title"], row["paper"]["summary"]):
            before, after = " ".join(text.split()), clean_text(text)
            assert re.findall(r"\d+", before) == re.findall(r"\d+", after)
            assert re.findall(r"https?://\S+?(?=[\s,)]|$)", before) == re.findall(r"https?://\S+?(?=[\s,)]|$)", after)


def test_words_the_highlighter_cut_around_an_acronym_are_joined():
    from paperqa_lite.paper import untypeset
    assert untypeset("Evalu ate d on KITTI, it beats prior st ate -of-the-art methods on ATE.") == (
        "Evaluated on KITTI, it beats prior state-of-the-art methods on ATE.")
    assert untypeset("On the FLUX.1-dev m ode l, we integrate the ODE.") == "On the FLUX.1-dev model, we integrate the ODE."
    # no acronym to explain the cut, or a join that is no word: left as written
    assert untypeset("Evalu ate d twice.") == "Evalu ate d twice."
    assert untypeset("We ate dinner after the ATE run.") == "We ate dinner after the ATE run."
