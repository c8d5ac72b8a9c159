"""What kind of question it is, read from its structure: factual, a list (aggregate) or a
comparison; and which part of a factual question is asked, apart from the words that say
which paper it is about.

The kind comes from the question's grammar and the number of papers it names, never from
one word (issue 11, point 3): "In the work that ..., how does X differ from prior work?"
names one paper, so it is factual.
"""

from __future__ import annotations

import re

# the words a question asks with ("how many", "what", "which ...")
WH = r"(?:how|what|which|who|whom|when|where|why)"
# the auxiliaries a yes/no question opens with ("does X ...", "is X ...")
AUXILIARY = r"(?:does|do|did|is|are|was|were|can|could|has|have)"
COMPARATIVE = re.compile(
    r"\b(compare[sd]?|comparison|comparing|differ(?:s|ence|ences)?|versus|vs\.?|contrast|"
    r"similarit(?:y|ies)|relate to each other|stack up)\b", re.IGNORECASE)
# "the rl vs distillation study", "the paper comparing rlvr with distillation", "the
# benchmark comparing agents with human searchers": one paper, referred to by what it compares
ONE_DESCRIBED = re.compile(r"\bthe\s+(?:[\w-]+\s+){1,4}?(?:vs\.?|versus)\s+(?:[\w-]+\s+){1,4}?"
                           r"(?:study|paper|work|article|preprint)\b|"
                           r"\bthe\s+(?:[\w-]+\s+){0,2}?(?:paper|work|study|article|preprint|benchmark|dataset|"
                           r"method|framework|analysis|evaluation|survey)\s+(?:that\s+|which\s+)?"
                           r"(?:compar|contrast)\w*\s+(?:[\w-]+\s+){1,4}?(?:with|and|to|against|vs\.?|versus)"
                           r"\s+[\w-]+", re.IGNORECASE)
# "which two models were tested in the paper on flagging unsupported claims?": the words
# after "the paper on" say which paper (retrieval finds it by them), not what to answer
DESCRIPTION = re.compile(r"[\s,]*\b(?:in|of|from|by|for)\s+the\s+(?:paper|work|study|article|preprint|benchmark|"
                         r"dataset|framework)\s+"
                         r"(?:on|about|that|which|where|comparing|proposing|introducing|presenting|studying|"
                         r"with|asking|testing|measuring|probing|evaluating)\b[^?,;]*,?|^\s*in\s+the\s+(?:[\w-]+\s+){1,6}?(?:paper|work|study|article)\s*,|"
                         # "The sports dataset for badminton, tennis and table tennis - how many
                         # QA pairs ...": a lead set off by a dash or colon, asking nothing
                         # (a relative "where" or "which" inside the lead describes the paper:
                         # "the competition where tasks are described by ...: how many tasks")
                         rf"^(?!\s*{WH}\b)(?:(?!\s[-\u2013\u2014]\s|[\u2013\u2014]|:\s|\b(?:how|what|when|why)\b|"
                         rf",\s*{WH}\b|\b{WH}\s+(?:is|are|was|were|do|does|did|can|could)\b)"
                         r"[^?]){3,160}?"
                         r"(?:\s[-\u2013\u2014]\s|\s?[\u2013\u2014]\s?|:\s)"
                         rf"(?=\s*(?:{WH}|does|do|did|is|are|was|were|can)\b)",
                         re.IGNORECASE)
# "which papers ...", "list the works ...", "papers that ...": the question asks for a set
AGGREGATE = re.compile(
    r"\b(?:which|what|list|any|all|how many)\s+(?:of the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:papers|works|studies|articles|ones)\b|\bpapers (?:that|which|about|on)\b|"
    r"\b(?:every|each)\s+(?:\w+\s+)?(?:paper|work|study|article)\b|"
    # "spatial intelligence papers this week?": a topic's papers, asked tersely
    r"\b(?:papers|works|studies|articles)\s+(?:(?:from|of|in)\s+)?(?:this|the)\s+week\b|"
    r"^\W*(?!(?:what|which|how|why|who|when|where|is|are|do|does|did|can|could)\b)(?:any\s+)?[\w\s/-]{1,60}?"
    r"(?<!\bthe)(?<!\bthese)(?<!\bthose)\s+(?:papers|works|studies|articles)\s*\??\s*$", re.IGNORECASE)
# "any work on ...", "what work is there on ...", "is there research on ...": a mass noun
# asks for every paper too, when the question names none ("does KnowRL do any work on X"
# asks about KnowRL)
MASS = re.compile(r"\b(?:any|what|is there|are there)\s+(?:\w+\s+)?(?:work|research)\s+"
                  r"(?:is there\s+|exists\s+|has been done\s+)?(?:this week\s+|here\s+)?"
                  r"(?:on|about|that|which|using|in|into|studying)\b|"
                  # "anything on / involving X?" opening the question asks for every paper too
                  r"^\W*(?:is there\s+)?anything\s+(?:this week\s+)?(?:on|about|involving|regarding|"
                  r"related to|to do with|using|that|new on|new in)\b",
                  re.IGNORECASE)
# "who proposes / introduces / trains / looks at ...": the people are the papers (not "who won ...")
WHO = re.compile(r"\s*who\s+(?:\w+\s+)?(?:propos|introduc|present|buil|creat|develop|releas|train|"
                 r"stud|evaluat|us|benchmark|design|construct|tackl|address|work|look|investigat|examin|"
                 r"explor|focus|analy|measur|talk|discuss|prob|mention|cover|consider)\w*\b", re.IGNORECASE)
# two subjects of one comparison verb: "how do X and Y differ", "compare X and Y"
# (the second side is a name: "compare X with prior methods" is about X alone)
TWO_SIDES = re.compile(r"\b(?:(?:do|does|did|are|is)\s+\S.{0,60}?\s+and\s+(?-i:[A-Z]).{0,60}?\s+"
                       r"(?:differ|compare|contrast)|(?:compare|contrast)\s+\S.{0,60}?\s+(?:and|with|to)\s+"
                       r"(?-i:[A-Z]))", re.IGNORECASE)
# ... or the second side by description, when one paper is named: "which gives the bigger
# speedup, JiT or diagonal distillation for video?", "X vs the modality gap study: how
# many models did each evaluate?", "how does X differ from the metacognition paper",
# "how do SRPO and the perceptual rewards paper ...". English, not fitted on a week.
_PAPER = r"(?:[\w'-]+\s+){1,6}?(?:paper|study|work|article|preprint)\b"
# the words describing a paper the question does not name: "the RL-vs-distillation study"
DESCRIBED_PAPER = re.compile(r"\bthe\s+((?:(?!(?:paper|study|work|article|preprint)\b)[\w'-]+\s+){0,5}?[\w'-]+)\s+"
                             r"(?:paper|study|work|article|preprint)\b", re.IGNORECASE)
DESCRIBED_SIDE = re.compile(
    # (not "which benchmark does SRUM use, X or Y?": a choice within the named paper)
    # ("which study evaluated more models: X or the one using ...?": a colon sets them off too)
    # (not "what is X called, and do models have more trouble with verbs or with nouns?": a
    # clause after the comma asks its own question, and its "or" is a choice within it)
    r"^\W*(?:which|what)\b(?![^?,:]*\b(?:do|does|did)\b)[^?,:]*[,:]\s*(?!(?:and|but|so)\b)"
    r"(?![^?]*\b(?:do|does|did|is|are|was|were|has|have|had)\b)[^,?]+?\s+or\s+[^,?]+\?\s*$|"
    r"\b(?:vs\.?|versus)\s.*\b(?:each|both)\b|\b(?:each|both)\b.*\b(?:vs\.?|versus)\s|"
    rf"\bdiffer\w*\s+from\s+the\s+{_PAPER}|"
    # "Both the RL-vs-distillation study and ThinkTuning ask X. How do they differ?"
    r"^\W*both\s+\S.{0,80}?\s+and\s+\S.*\b(?:differ\w*|compar\w*|contrast\w*)\b|"
    rf"\b(?:do|did|are|were)\s+\S.{{0,60}}?\s+and\s+the\s+(?:{_PAPER}|(?:paper|study|work)\s+(?:on|about|that)\b)|"
    rf"\b(?:do|did|are|were)\s+the\s+(?:{_PAPER}|paper)\s+and\s+(?-i:[A-Z])|"
    # "compare the Looking Inward paper with the paper on metacognitive monitoring"
    rf"^\W*(?:compare|contrast)\s+\S.{{0,80}}?\s+(?:with|and|to|against)\s+the\s+"
    rf"(?:{_PAPER}|(?:paper|study|work)\s+(?:on|about|that)\b)|"
    # "DC-DiT and Just-in-Time both avoid ... . How do their approaches differ?": a statement
    # that two subjects both do something, then a question about each of them
    r"^\W*(?!(?:how|what|which|who|when|where|why|is|are|do|does|did|can|could)\b)[^.?!]{1,80}?\s+and\s+"
    r"[^.?!]{1,80}?\s+both\b[^?!]*?[.!:]\s+[^?]*\b(?:each|they|them|their|differ\w*|compar\w*|contrast\w*)\b",
    re.IGNORECASE)
COORDINATED = re.compile(r"\b(?:and|vs\.?|versus|between|with)\b", re.IGNORECASE)


def question_kind(question: str, n_named: int = 0) -> str:
    """factual, aggregate or comparative, from the question's structure.

    A comparison needs two sides: two or more papers named, or (when the question names
    none it could resolve) a comparison verb with a coordination ("X and Y", "between").
    Two named papers joined by "or" ("which is larger, X or Y?") are a choice between them:
    a comparison too. One named paper is never a comparison: it is asked about, and its
    "which ones" are its own items ("how many models does X evaluate and which ones ..."),
    not papers. "Who proposes ..." asks which papers do, when it names none."""
    question = ONE_DESCRIBED.sub("the paper", question)
    if n_named >= 2 and (COMPARATIVE.search(question) or re.search(r"\b(?:and|or)\b", question)):
        return "comparative"
    if n_named == 1 and (TWO_SIDES.search(question) or DESCRIBED_SIDE.search(question)):
        return "comparative"  # "How do X and <unresolved Y> differ"
    listing = AGGREGATE.search(question)
    if listing and not (n_named and listing.group(0).lower().endswith("ones")):
        return "aggregate"
    if n_named == 0 and (WHO.match(question) or MASS.search(question)):
        return "aggregate"
    if n_named == 0 and COMPARATIVE.search(question) and COORDINATED.search(question):
        return "comparative"
    return "factual"


# "A method lets a model reward its own generation. What score does it move from and to?":
# statements before the sentence that asks describe the paper (retrieval reads them), they
# are not asked
_STATED_LEAD = re.compile(rf"^[^?]*?[a-z0-9)\]][.!]\s+(?=(?:{WH}|does|do|did|is|are|was|were|can|could)\b)",
                          re.IGNORECASE)


def answer_part(question: str) -> str:
    """The question without a description of which paper it is about (:data:`DESCRIPTION`,
    or statements before the question), when something is left to ask."""
    rest = re.sub(r"\s+(?=[?.!])", "", " ".join(DESCRIPTION.sub(" ", question).split()))
    asked = _STATED_LEAD.sub("", rest, count=1) if rest.rstrip().endswith("?") else rest
    if len(re.findall(r"[A-Za-z]{3,}", asked)) >= 3:
        return asked
    return rest if len(re.findall(r"[A-Za-z]{3,}", rest)) >= 3 else question
