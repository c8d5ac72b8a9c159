"""Eval sets: one contract (``base.Eval``), a registry of the evals (``registry``: QA,
SciTLDR, BEIR), their pure scoring functions, the resumable runner and its reports."""
