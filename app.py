"""Launch the stepqa chat app (src/stepqa/ui.py) on the indexed documents.

Run: `python app.py`. Settings come from STEPQA_* variables through the same path as the
CLI: an invalid one is a one-line error and exit code 2, not a traceback.
"""

from __future__ import annotations

import sys


def main() -> int:
    from stepqa.config import load_settings
    from stepqa.errors import StepqaError

    try:
        settings = load_settings()
        from stepqa.pipeline import Assistant
        from stepqa.ui import main as serve

        serve(Assistant(settings))
    except StepqaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
