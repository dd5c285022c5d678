"""Run ``python -m tui`` like the ``rapporteur`` command."""

from tui.cli import main

raise SystemExit(main())
