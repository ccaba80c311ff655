"""Launch the stepqa chat app (src/stepqa/ui.py) on the indexed documents.

Run: `python app.py [--insecure]`. Settings come from STEPQA_* variables through the same
path as the CLI: an invalid one is a one-line error and exit code 2, not a traceback. The
app listens on 127.0.0.1; GRADIO_SERVER_NAME=0.0.0.0 needs logins (STEPQA_AUTH) or
--insecure.
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

        serve(Assistant(settings), insecure="--insecure" in sys.argv[1:])
    except StepqaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
