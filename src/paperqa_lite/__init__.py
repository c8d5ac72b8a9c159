"""paperqa-lite: TL;DRs of, and cited answers about, a week of AI papers.

The package is laid out as the pipeline it runs:
``ingest`` (parsers) -> ``store`` (Chroma and paths) -> ``retrieve`` -> ``llm``
-> ``tldr`` / ``answer`` -> ``evals``; ``cli`` and ``web`` are thin shells.
"""

__version__ = "0.1.0"
