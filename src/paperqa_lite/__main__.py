"""``python -m paperqa_lite``: the same command as ``paperqa-lite``."""

from .cli import main

if __name__ == "__main__":
    main()
