"""Eval sets, scoring functions, the runner and its reports."""
