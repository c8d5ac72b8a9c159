"""Topic words that abstracts say in their field's own words: "math" by "MATH-500",
"physical robot hardware" by "a real robotic system", "faster or cheaper" by a speedup,
"what other people believe" by "theory of mind", "text-to-image" by "T2I", "long inputs"
by "long-context" or "on 256K sequences".

Read by :mod:`paperqa_lite.topics` when it decides whether a paper says a list's topic.
Domain knowledge of ML abstracts, written as rules of reading and not fitted on a week:
each entry is a phrasing many papers share, not one paper's wording.
"""

from __future__ import annotations

import re

# A field's word is said by its full or clipped form ("math" by "mathematical") and by the
# field's standard benchmarks ("on MATH-500 and AIME" evaluates on math; "HumanEval" on
# code). Domain knowledge of ML abstracts, not fitted on a week.
_MATH = re.compile(r"\b(?:[Mm]ath(?:emat\w*|s)?|GSM-?8[Kk]|MATH(?:-?500)?|AIME(?:\s?\d+)?|AMC(?:\s?\d+)?|"
                   r"OlympiadBench|MathVista|Minerva)\b")
# a robot's experiments are physical when run "on a real robot" / "a real robotic system"
_PHYSICAL = re.compile(r"\b(?:[Pp]hysical|real(?:-world)?\s+(?:robot\w*|hardware))\b")
_EFFICIENT = re.compile(r"\b(?:[Ee]fficien\w*|[Aa]ccelerat\w*|[Ss]peed-?ups?|[Ff]ast(?:er)?|[Cc]heap(?:er)?|"
                        r"[Ll]atency|real-time|FLOPs|reduc\w*\s+(?:the\s+)?(?:compute|computation\w*|costs?|"
                        r"FLOPs|latency|memory))\b")
_MIND = re.compile(r"\b(?:[Tt]heory[- ]of[- ][Mm]ind|ToM|[Mm]ental[- ]states?|[Ff]alse[- ]beliefs?)\b")
_IN_WORDS = re.compile(r"\b(?:[Nn]atural[- ][Ll]anguage|[Ll]anguage|[Tt]extual|[Vv]erbal|[Ww]ritten|NL)\)?\s+"
                       r"(?:\(NL\)\s+)?(?:feedback|critiques?|hints?|reflections?|explanations?)\b")
# a long input to a language model is what abstracts call a long context or sequence, or
# give as its length in tokens ("27.78x speedup on 256K sequences")
_LONG = re.compile(r"\b[Ll]ong[- ](?:context|sequence|input|document|prompt|text)s?\b|"
                   r"\b\d+\s?[Kk]\s+(?:tokens?|contexts?|sequences?)\b|\b\d+\s?[Kk][- ](?:token|context)\b")
_LONG_SAYS = frozenset({"input", "context", "sequenc", "document", "prompt"})
_VLA = re.compile(r"\b(?:VLAs?|[Vv]ision[- ][Ll]anguage[- ][Aa]ction)\b")
_VLA_SAYS = frozenset({"camera", "imag", "vision", "visual", "languag", "instruct", "robot", "control", "action",
                       "polici"})
FIELDS = {"math": _MATH, "mathemat": _MATH,
          "code": re.compile(r"\b(?:[Cc]od(?:e|ing)|HumanEval\+?|MBPP\+?|LiveCodeBench|SWE-[Bb]ench\w*|"
                             r"CodeContests)\b"),
          "physic": _PHYSICAL,
          # ... and on robot hardware ("experiments on physical robot hardware")
          "hardwar": _PHYSICAL,
          # making a model "faster" or "cheaper" is what abstracts call efficiency:
          # acceleration, a speedup, lower latency or fewer FLOPs
          **dict.fromkeys(("faster", "cheaper", "fast", "cheap", "effici", "speed"), _EFFICIENT),
          # reasoning about what other people believe, intend, feel or know is "theory of mind"
          **dict.fromkeys(("believ", "belief", "intend", "intent", "awar", "mental", "peopl", "feel", "know"), _MIND),
          # feedback "in words" (verbal, written, textual) is what abstracts call language feedback
          **dict.fromkeys(("verbal", "written", "textual"), _IN_WORDS)}




def phrased(key: str, keys: set[str], text: str) -> bool:
    """Whether ``text`` says a topic keyword by its field's own phrasing (:data:`FIELDS`); a
    robot policy reading camera images and language instructions is what abstracts call a
    vision-language-action model (VLA), read so only in a topic about robots or policies
    ("image generation" is not said by a VLA paper)."""
    if key in FIELDS and FIELDS[key].search(text):
        return True
    # "long inputs" of "long-context" or "on 128K sequences" (which says "long" too)
    if (key in _LONG_SAYS or key == "long") and "long" in keys and keys & _LONG_SAYS and _LONG.search(text):
        return True
    return key in _VLA_SAYS and bool(keys & {"robot", "polici"}) and bool(_VLA.search(text))


_X_TO_Y = re.compile(r"([a-z])[a-z]*-to-([a-z])[a-z]*")


def abbreviated(key: str, text: str) -> bool:
    """Whether ``text`` says an X-to-Y compound keyword by its short form: "text-to-image"
    by "T2I" ("T2I-CompBench"), as such compounds are abbreviated (T2V, I2V, TTS)."""
    m = _X_TO_Y.fullmatch(key)
    return bool(m and re.search(rf"\b{m.group(1)[0]}(?:2|T){m.group(2)[0]}(?![a-z])", text, re.IGNORECASE))
