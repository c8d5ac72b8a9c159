"""`python app.py [--host H] [--port P] [--auth-file F | --no-auth] [--ensure-sample] ...`

The web chat on the current collection: the same as `paperqa-lite serve` (same flags,
same settings: config file, PAPERQA_LITE_* environment variables; the login from
$PAPERQA_LITE_AUTH or --auth-file).
"""

import sys
from pathlib import Path

try:
    from paperqa_lite.cli import cli
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from paperqa_lite.cli import cli

if __name__ == "__main__":
    cli(["serve", *sys.argv[1:]], prog_name="app.py")
