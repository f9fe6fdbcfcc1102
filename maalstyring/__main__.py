import sys

from maalstyring.cli import main

sys.exit(main())
