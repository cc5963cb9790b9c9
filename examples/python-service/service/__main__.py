# SPDX-License-Identifier: MIT
"""`python3 -m service` and the zipapp's entry point."""

import sys

from service.app import main

sys.exit(main())
