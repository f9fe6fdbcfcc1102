import sys

from maalstyring.commands.cli import main

sys.exit(main())
