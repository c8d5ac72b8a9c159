"""What a question asks, read from its structure: the quantity it asks for, the names it is
about; and which clause of an abstract answers it (or that none does). Its kind is
:mod:`paperqa_lite.route`'s.

Everything here is code a reader can check, not the model's judgement (issue 11):
- a quantity question ("how many X", "what X does Y reach") is answered only by a number
  that measures X; a number of the same abstract that measures something else (recall
  when precision is asked) answers nothing, so the pipeline says what is not stated;
- which clauses answer it is :mod:`paperqa_lite.excerpt` (cutting) over
  :mod:`paperqa_lite.clauses` (splitting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .clauses import clauses, unquantified
from .sentences import NAME, NUMBER, STOP, acronym_definitions, stem, whole_word

NUMBER_WORDS = frozenset("""zero one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred
thousand million billion dozen dozens hundreds thousands millions single double""".split())
# Words after a number that are its unit, not what it measures ("23.5 percentage points").
UNITS = frozenset("""% x × times fold pp points point percentage percent percentages
absolute relative k m b""".split())
# Nouns that a percentage answers whatever it is of ("what share of X" -> "75% of X").
SHARE = frozenset("share fraction proportion percentage percent portion rate ratio".split())
# "how accurate is X", "how strongly do X's scores correlate with Y": a measure asked by
# its adjective or its verb, whose value is a number (an accuracy, a coefficient)
_HOW_MEASURED = (r"\bhow accurate(?:ly)?\b|\bhow (?:strongly|closely)\s+(?:[\w\-']+\s+){0,6}?"
                 r"(?:correlat|agree|align)\w*")
QUANTITY = re.compile(
    rf"\bhow (?:many|much|long|large|big|fast|often)\b|\bby how much\b|{_HOW_MEASURED}|"
    r"\bwhat (?!(?:is|are|was|were|do|does|did)\b)((?:[\w\-]+\s+){0,4}?)"
    r"(?=(?:on|in|of|for|at|does|do|did|is|are|was|were|can|could|has|have)\b)", re.IGNORECASE)
# (up to eight words: what is counted is the first plural among them, see measures)
_HOW_MANY = re.compile(r"\bhow many\s+([\w\-]+(?:\s+[\w\-]+){0,7}?)(?=\s+(?:does|do|did|is|are|was|were|"
                       r"can|could|has|have|in|on|of|for|used|and (?:how|which|what))\b|\s*[?,;]|\s*$)",
                       re.IGNORECASE)
# "how much GPU memory does X save", "how much compute does X cut": a saving of the noun, a
# resource, answered by a number of that resource (not "how much training data", which
# "13K monolingual examples" answers; not "how much does X improve", "how much faster")
_HOW_MUCH = re.compile(r"\bhow much\s+(?!(?:does|do|did|is|are|was|were|can|could|has|have|will|would|more|less|"
                       r"fewer|further|greater|better|worse|faster|slower|quicker|higher|lower|larger|smaller|"
                       r"bigger|longer|shorter|of)\b)([\w\-]+(?:\s+[\w\-]+){0,3}?)(?=\s+(?:does|do|did|is|are|"
                       r"was|were|can|could|has|have|will|would)\s+(?:[\w\-.]+\s+){1,3}?(?:save|cut|reduce|trim|spare|free)\b)",
                       re.IGNORECASE)
# comparing sizes, speeds or scores: the answer is each side's number
# ("which has more tasks": counts too, not "which learns more robust features")
BIGGER = re.compile(r"\b(?:bigger|larger|smaller|faster|slower|higher|lower|longer|shorter|cheaper)\b|"
                    r"\b(?:has|have|had|uses?|contains?|includes?|covers?|evaluates?|tests?|needs?|"
                    r"requires?)\s+(?:more|fewer|less)\s+[A-Za-z\-]+s\b|\bfewer\s+[A-Za-z\-]+s\b",
                    re.IGNORECASE)
# a plural noun: "questions", "VLMs", "entries" (not "analysis", "process", "bonus")
PLURAL = re.compile(r"^[A-Za-z][\w\-]*[^suiS]s$")
# "what did the average makespan go from (and to)", "what did X drop from": a quantity's
# two values, measured by the noun before the verb
_GO_FROM = re.compile(r"\bwhat did\s+(?:the\s+|its\s+|their\s+)?(?:[\w\-]+\s+){0,3}?([\w\-]+)\s+"
                      r"(?:go|drop|fall|rise|change|move|improve|decrease|increase|shrink|grow)\s+from\b",
                      re.IGNORECASE)
_HOW = re.compile(rf"\bhow (?:many|much|long|large|big|fast|often)\b|\bby how much\b|{_HOW_MEASURED}", re.IGNORECASE)
# what a quantity is when the question names its measure
_MEASURES = (r"(?:rate|accuracy|score|speedup|precision|recall|f1|bleu|fid|ate|error|gain|improvement|"
             r"latency|throughput|size|number|count|share|percentage|fraction|proportion|cost|savings?|"
             r"reduction|win rate|duration|makespan|runtime|length|"
             # metrics typed in lower case ("what fvd does X get"): the field's common ones
             r"fvd|psnr|ssim|lpips|rouge|comet|mae|mse|rmse|auc|ndcg|mrr|wer|perplexity|miou|iou|fps|flops)")
MEASURE_NOUN = re.compile(rf"\b{_MEASURES}\b", re.IGNORECASE)
# ... and in a "what <measures>" phrase, its plural ("what model sizes"); only there: "how
# much does X improve scores" asks how much, and "scores" there is no measure's name
MEASURE_NOUNS = re.compile(rf"\b{_MEASURES}s?\b", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")  # "in 2024" counts no tasks
MEASURE_STEMS = frozenset(stem(w) for w in re.findall(r"[a-z0-9]+", _MEASURES)) | {stem(w) for w in SHARE}
# "what's the largest model size ...", "what is the accuracy of ...": a measure after "the"
# "what is the success rate", "what is LoGeR's absolute trajectory error"
WHAT_IS = re.compile(rf"\bwhat(?:'s|\s+(?:is|was|are|were))\s+(?:the|[\w\-.]+'s)\s+"
                      rf"((?:[\w\-]+\s+){{0,3}}?{_MEASURES}s?)\b", re.IGNORECASE)
# "what prefill speedup follows", "what speedup results": a measure phrase ending the part
# or followed by a verb of following, not a noun ("what error types" asks for names)
_WHAT_MEASURE = re.compile(rf"\bwhat\s+((?:[\w\-]+\s+){{0,3}}?{_MEASURES}s?)(?=\s*$|\s*[?,;:]|\s+(?:follows?|"
                           rf"results?|comes?|ensues?|is|are|was|were|over|versus|vs\.?|against|relative)\b)",
                           re.IGNORECASE)
_TERSE = re.compile(rf":\s*(?:[\w\-']+\s+){{0,4}}?({_MEASURES})s?\b(?![^?]*\b(?:what|how|which|who|why|when|where|"
                    rf"does|do|did|is|are|was|were)\b)", re.IGNORECASE)
# ... or after a dash that opens the request: "ThinkTuning — average gain over zero-shot
# baselines?" (not "whose gain is bigger — X's or Y's", where it sets off sides, nor "X —
# number of Y", a count)
_TERSE_DASH = re.compile(rf"\s[\u2014\u2013]\s+(?:(?!(?:what|how|which|who|whose|why|when|where)\b)[\w\-']+\s+){{0,4}}?"
                         rf"({_MEASURES})s?\b(?!\s+of\b)"
                         rf"(?![^?]*\b(?:what|how|which|who|why|when|where|does|do|did|is|are|was|were)\b)",
                         re.IGNORECASE)
_ASKING = re.compile(r"\b(?:what|how|which|who|whose|why|when|where)\b", re.IGNORECASE)
_SCORE_VERB = re.compile(r"\bwhat (?:does|do|did) (?:[\w\-.]+\s+){1,4}?(?:score|reach|attain)\b(?!\s+(?:for|out|to)\b)",
                         re.IGNORECASE)
_BEFORE_AFTER = re.compile(r"\bbefore\s+(?:vs\.?|versus|and|or|/)\s*after\b", re.IGNORECASE)
# The verbs of "what did <who> get / score / record": who the question scores (see scored)
SCORED_BY = r"(?:get|achieve|score|reach|obtain|attain|record)"
MODEL_SIZE = re.compile(r"\bmodel\s+sizes?\b|\bparameters?\b|\bhow (?:big|large) (?:a |is the )?model", re.IGNORECASE)
SCORES = re.compile(r"\b(?:get|gets|got|reach\w*|achiev\w*|scor\w*|obtain\w*|attain\w*)\b", re.IGNORECASE)
# Measures English names two ways ("what gain" is answered by "3.99% improvements"); stems,
# plain English, not fitted to a week.
SAME_MEASURE = [frozenset(g.split()) for g in ("gain improv boost", "speedup speed-up acceler faster quicker",
                                                "model llm llms vlm vlms mllm mllms lm lms",  # "nine LLMs" counts models
                                                # "40 CTF tasks" counts CTF challenges
                                                "task challeng problem", "sampl exampl instanc",
                                                "video clip",
                                                # "how many kinds of difference": "ten difference types"
                                                "kind type sort categori class",
                                                # "what T2I-CompBench score": "boosting performance on T2I-CompBench from 82.18 to 88.37"
                                                "score perform",
                                                # "what sequence length": "128 frames"
                                                "length frame token second minut hour step word")]
# "what model sizes": a parameter count ("7B", "135M") is a size whatever follows it
SIZE = re.compile(r"\d(?:\.\d+)?[BM]$")


def _is_number(tok: str) -> bool:
    return bool(NUMBER.fullmatch(re.sub(r"(?<=\d)[KMBkmb]$", "", tok.strip("+-~").rstrip("×x%")))) \
        or tok.lower() in NUMBER_WORDS


def _tokens(text: str) -> list[str]:
    # "19k" and "1.3M" are numbers, "3D" is not (a number glued to other letters is a word)
    return re.findall(r"[+\-]?\d+(?:[.,]\d+)*(?:[%×x]|[KMBkmb](?![A-Za-z]))?(?![A-Za-z])|--|—|"
                      r"[\w.π][\w\-.π]*|[%×]|[,;:()]", text)


# "X: number of VLMs evaluated", "what is the number of tasks": a count, asked as "how
# many" is; only where the phrase is the question's (after its start, a colon, a dash, a
# "+" or "what is"), not "how does the number of personas affect ..."
_NUMBER_OF = re.compile(r"(?:^|(?<=[:—–+])|\bwhat(?:'s|\s+is|\s+was|\s+are)\s)\s*(?:the\s+)?(?:total\s+)?"
                        r"number\s+of\b", re.IGNORECASE)


# "number of tasks and number of variants": a second count asked after the first's "and"
_AND_NUMBER_OF = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:total\s+)?number\s+of\b", re.IGNORECASE)


def counting(question: str) -> str:
    counted = _NUMBER_OF.sub(" how many", question)
    if re.search(r"\bhow\s+many\b", counted, re.IGNORECASE):  # (a count asked first, either way)
        counted = _AND_NUMBER_OF.sub(" and how many", counted)
    return counted.strip()


def measures(question: str) -> list[str]:
    """Stems of what a quantity question asks for ("how many prompts ... and how many error
    categories" -> ["prompt", "categori"]); [] for a question that asks no quantity, [""]
    for one whose quantity has no named measure ("by how much does X beat Y")."""
    # "what model sizes (parameter counts) did X pretrain": the brackets gloss the phrase,
    # they do not end it
    question = counting(re.sub(r"\s*[()]\s*", " ", question))
    moved = _GO_FROM.search(question)
    if moved:  # "what did the average makespan go from and to": the makespan's two values
        # ... but "what did t2i-compbench go from and to" names where, not what: any number
        # there (the benchmark is the question's qualifier)
        word = moved.group(1)
        return [""] if re.search(r"\d|-", word) and stem(word.lower()) not in MEASURE_STEMS else [stem(word.lower())]
    quantity = QUANTITY.search(question) or WHAT_IS.search(question) or _WHAT_MEASURE.search(question)
    if not quantity:
        # "what does SRUM score on T2I-CompBench": a score, said by the verb, is a number;
        # so are the two values of "average makespan before vs after?"
        if _SCORE_VERB.search(question) or _BEFORE_AFTER.search(question):
            return [""]
        # "ExeVRM 8B: precision on video-execution assessment?": a measure typed as the
        # whole request after the colon, as a search box is typed
        terse = _TERSE.search(question) or _TERSE_DASH.search(question)
        if terse and terse.re is _TERSE_DASH and _ASKING.search(question[:terse.start()]):
            terse = None
        return [stem(terse.group(1).lower())] if terse else []
    # "what FVD does X get": a metric's initials before a verb of scoring name a measure
    # (with a variant's lower-case prefix too: "gFVD", "rFID")
    metric = re.fullmatch(r"\s*([a-z]?[A-Z][A-Z0-9\-]{1,6})\s*", quantity.group(1) or "") if SCORES.search(question) else None
    if metric:
        return [stem(metric.group(1).lower())]
    # "what <phrase> does ..." asks a quantity only when the phrase names a measure
    # ("what success rate"); "what instruction-tuning dataset" asks for a name
    if quantity.group(0).lower().startswith("what") and not _HOW.search(question) \
            and not MEASURE_NOUNS.search(quantity.group(1) or ""):
        return []
    heads = []
    for m in _HOW_MANY.finditer(question):
        # "how many samples and academic domains": one head per conjunct
        for conjunct in re.split(r"\s+(?:and|or)\s+", m.group(1)):
            if re.match(r"of\s+(?:them|these|those|it)\b", conjunct, re.IGNORECASE):
                heads.append("")  # "for how many of them": the noun asked before, any count
                continue
            words = [w for w in conjunct.split() if w.lower() not in STOP]
            if words:
                # "how many questions come with each story": what is counted is plural, so
                # the first plural word is the head and the words after it are the clause's
                # verb and objects; without one, the phrase's last word ("how many data")
                plural = [w for w in words if PLURAL.search(w)]
                heads.append(stem((plural[:1] or words[-1:])[0].lower()))
    if not heads:
        amount = _HOW_MUCH.search(question)
        words = [w for w in amount.group(1).split() if w.lower() not in STOP] if amount else []
        if words and not MEASURE_NOUNS.search(amount.group(1)):
            heads = [stem(words[-1].lower())]
    if not heads:
        # a measure is a word, not part of a name ("SCoRe" is not "score")
        nouns = [n for n in (MEASURE_NOUN.findall(question) or MEASURE_NOUNS.findall(quantity.group(1) or ""))
                 if n.islower() or n.isupper()]
        heads = [stem(nouns[0].lower())] if nouns else [""]
        # "how long were the training sequences": a length, in its units ("128 frames")
        if heads == [""] and re.search(r"\bhow long\b", question, re.IGNORECASE):
            heads = ["length"]
        # "how much faster is X": a speedup ("1.8× faster"), not "163x less data"
        if heads == [""] and re.search(r"\bhow much (?:faster|quicker|slower)\b", question, re.IGNORECASE):
            heads = ["speedup"]
        measured = re.search(_HOW_MEASURED, question, re.IGNORECASE)
        if measured:  # (before any noun: "how accurate is the failure predictor")
            verb = re.search(r"(correlat|agree|align)\w*$", measured.group(0), re.IGNORECASE)
            heads = [{"correlat": "correl", "agree": "agreement", "align": "align"}[verb.group(1).lower()]
                     if verb else "accuraci"]
    # "the size of the MADQA benchmark" is any count it gives ("2,250 questions"); a model's
    # size is its parameter count
    return ["" if h == "size" and not MODEL_SIZE.search(question) else h for h in heads]


def unsaid_modifiers(question: str, text: str) -> list[str]:
    """Words qualifying the asked measure that ``text`` never uses: "what decode speedup"
    of an abstract that says "speedup" but never "decode" asks for a number it does not
    give (the one it gives is another speedup). A hyphenated word counts when each of its
    parts is used ("image-mode" in "image mode")."""
    quantity = QUANTITY.search(question)
    phrase = quantity.group(1) if quantity and quantity.group(1) else ""
    used = {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}
    out = []
    for word in phrase.split():
        if word.lower() in STOP or MEASURE_NOUNS.fullmatch(word) or NUMBER.fullmatch(word):
            continue
        if any(stem(p) not in used for p in re.findall(r"[a-z0-9]+", word.lower()) if p not in STOP):
            out.append(word)
    return out


# What a system spends, measured in units or a percentage saved, never counted (the nouns of
# "how much GPU memory does X save"); English, not fitted to a week
RESOURCES = frozenset(stem(w) for w in "memory compute computation usage time energy storage bandwidth "
                      "power footprint overhead".split())
_CHANGE_NOUNS = frozenset(stem(w) for w in "saving savings reduction reductions cut cuts gain gains improvement "
                          "improvements increase increases decrease decreases drop drops boost boosts".split())


def number_states(tokens: list[str], i: int, head: str) -> bool | None:
    """Whether the number at ``tokens[i]`` measures ``head``: True if the words right after
    it (past units and a coordinated number: "4× and 16× compression") name it, False if
    they name something else, None if nothing follows (then the words before decide)."""
    j, seen, counted = i + 1, [], 0
    # four words: a number's noun phrase in English ("16 manipulation tasks", "52.65% test
    # Final Pass Rate", "25 proprietary and open-source VLMs"); chosen by reading both
    # weeks' abstracts, and a property of the language, not of a week. A name's words
    # count as one ("40 professional-level Capture the Flag (CTF) tasks")
    while j < len(tokens) and counted < 4:
        tok = tokens[j].lower()
        if tok == ")":  # "a perfect (100%) success rate": the brackets hold the number
            j += 1
            continue
        if tok == "(" and seen and j + 2 < len(tokens) and tokens[j + 2] == ")" and NAME.fullmatch(tokens[j + 1]):
            j += 3  # "(CTF)": the initials of the words before
            continue
        if tok in {",", ";", ":", "(", "--", "—", ".", "?", "!"}:
            break
        tok = tok.strip(".")
        if tok in UNITS or _is_number(tok):
            j += 1
            continue
        if tok in {"and", "or", "to"} and not seen:
            if j + 1 < len(tokens) and _is_number(tokens[j + 1]):
                j += 1
                continue
            break
        if tok in {"of", "on", "in", "at", "for", "across"} and not seen:
            if tokens[i].endswith("%") and head in {stem(s) for s in SHARE}:
                return True
            if tok == "of":
                j += 1
                continue
            break
        if tok in STOP and not seen:
            break
        if tok in {"in", "of"} and seen and stem(seen[-1]) in _CHANGE_NOUNS:
            j += 1  # "24.4% savings in average token usage": what changed is named after it
            continue
        seen.append(tok)
        # (and "open-source and closed-source" is one modifier: "20 state-of-the-art
        # open-source and closed-source models")
        counted += not (tokens[j][:1].isupper() and len(seen) > 1 or tok in {"and", "or"})
        j += 1
    stems = {stem(w) for t in seen for w in t.split("-")}
    if not seen:
        return None
    return not head or head in stems or any(head in g and g & stems for g in SAME_MEASURE)


def stating(head: str, sentences: Iterable[str], qualifiers: Iterable[str] = ()) -> list[str]:
    """The clauses of ``sentences`` with a number that measures ``head`` (the stem of the
    asked thing; "" = any number) and every qualifier the question adds ("on the VBR
    dataset": the clause must name VBR)."""
    quals = [q.lower() for q in qualifiers]
    sentences = list(sentences)
    # "how many tasks": a count of things; "a task success rate of 10.59%" is no count of
    # tasks (a percentage states a measure or a share, which the question would name)
    counted = bool(head) and head not in MEASURE_STEMS and head not in RESOURCES
    # a qualifier the text reports a number with ("167% ... on the LIBERO-Plus benchmark")
    # is where its numbers are: a clause without it is about another target
    anchored = [q for q in quals if any(names_word(c, q) and has_number(without_names(c, quals))
                                        for s in sentences for c in clauses(s))]
    # "37.42% (3-turn) FPR" of an abstract defining "Final Pass Rate (FPR)" states a pass
    # rate: a defined acronym reads as its long form's head noun
    # (unless the acronym is what is asked: "what FPR", "how many LoRAs")
    heads_of = {a: long.split()[-1] for a, long in acronym_definitions(" ".join(sentences)).items()
                if stem(a.lower()) != head}
    found = []
    for sentence in sentences:
        for clause in clauses(sentence):
            toks = _tokens(unquantified(without_names(clause, quals)))
            # (not where it is defined: "40 ... Capture the Flag (CTF) tasks" counts tasks)
            toks = [t if i and toks[i - 1] == "(" else heads_of.get(t.rstrip("."), t) for i, t in enumerate(toks)]
            if _elsewhere(clause, quals) or not all(names_word(clause, q) for q in anchored):
                continue
            before_stems = set()
            for i, tok in enumerate(toks):
                if _is_number(tok) and not (tok.lower() in NUMBER_WORDS and tok.lower() in {"single", "double"}) \
                        and not (counted and (tok.endswith("%") or YEAR.fullmatch(tok))):
                    says = number_states(toks, i, head)
                    if head == "size" and SIZE.search(tok):
                        says = True
                    # "reducing latency 2.5x": a number right after its noun measures it, as
                    # after "by" the noun just before it ("cuts peak GPU memory by 40%")
                    by = i > 1 and toks[i - 1].lower() == "by" and head in {
                        stem(w) for t in toks[max(0, i - 4):i - 1] for w in t.lower().split("-")}
                    if says is None or by or (head and i and stem(toks[i - 1].lower()) == head):
                        # ("improvements of +68.83%" states a gain: the words before, as after)
                        says = not head or head in before_stems or any(head in g and g & before_stems
                                                                       for g in SAME_MEASURE)
                    if says:
                        found.append(clause)
                        break
                before_stems |= {stem(w) for w in tok.lower().split("-")}
    return found


def without_names(clause: str, quals: list[str]) -> str:
    """The clause without the qualifiers' names, whose digits ("Claude Sonnet 4") are no
    numbers it reports."""
    for q in quals:
        clause = re.sub(rf"(?<![\w-]){re.escape(q)}(?![\w-])", " ", clause, flags=re.IGNORECASE)
    return clause


def has_number(text: str) -> bool:
    """A number of its own, not a digit inside a name ("StructT2IBench", "Qwen3-8B")."""
    return bool(re.search(r"(?<![\w\-.])[+\-~]?\d", text))


def names_word(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` as a whole word ("LIBERO" is not "LIBERO-Plus")."""
    return bool(whole_word(name, ignore_case=True).search(text))


def _elsewhere(clause: str, quals: list[str]) -> bool:
    """The clause's numbers are about another target than the asked one: it says "on
    <Name>" for a name that is not the qualifier ("ATE on KITTI" when VBR is asked). A
    clause that does not say where is not ruled out."""
    if not quals or all(q in clause.lower() for q in quals):
        return False
    return bool(re.search(r"\bon\s+(?:the\s+)?[A-Z][\w\-.+]*[A-Z0-9]", clause))


def asks_number(question: str) -> bool:
    """Whether a number answers the question: it asks a quantity (:func:`measures`) or
    which side is bigger, faster, ... ("which is larger, X or Y?": their sizes)."""
    return bool(measures(question) or BIGGER.search(question))
