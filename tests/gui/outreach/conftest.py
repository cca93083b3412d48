"""The street fixture of the outreach use cases, for the screens that show them."""

from tests.unit.clinic.outreach.test_sessions import street  # noqa: F401
