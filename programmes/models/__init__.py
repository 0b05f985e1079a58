"""The programmes' records: the catalogue, and each programme's own life.

One module per programme; this package only gathers them for Django.
"""

from programmes.models.ambassadeurs import *  # noqa: F401,F403
from programmes.models.brigade import *  # noqa: F401,F403
from programmes.models.catalogue import (  # noqa: F401
    Partner,
    Programme,
    ProgrammeContact,
    ProgrammeMembership,
    ProgrammeResource,
)
from programmes.models.magistere import *  # noqa: F401,F403
from programmes.models.record import *  # noqa: F401,F403
