"""Entry point for ``python -m engine``."""

import os
import sys

from engine.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
