"""paperqa-lite's benchmarks, one module per section (``benchmarks/run.py`` runs them).

- ``common``: paths and sizes, logging, percentiles, memory from /proc, the SciFact
  loaders, and the server-process helpers shared with the tests.
- ``ingest``, ``query``, ``llm``, ``tldr``, ``ask``, ``serve``, ``scale``: the sections;
  each has ``run(args, res)``, which adds its figures to the result dict ``res``.
- ``synthetic`` and ``scale_worker``: the scale section's synthetic corpus and the worker
  process it starts per store size (``python -m bench.scale_worker``).
- ``report``: the goals, the machine description and the printed table.

How each section measures, and what its keys mean: ``benchmarks/README.md``.
"""
