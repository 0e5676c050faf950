"""`python -m policy_handbook ...`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
