"""Our `requests` app shares its name with a PyPI package: nothing may depend on that package."""

from importlib.metadata import distributions
from pathlib import Path

from packaging.requirements import Requirement

BASE_DIR = Path(__file__).resolve().parents[1]


def _runtime_requirements(dist):
    for line in dist.requires or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            yield requirement


def test_no_installed_distribution_requires_the_requests_package():
    dependants = sorted(
        dist.metadata["Name"]
        for dist in distributions()
        if any(r.name.lower() == "requests" for r in _runtime_requirements(dist))
    )
    assert dependants == []


def test_the_requests_package_is_not_installed():
    names = {dist.metadata["Name"].lower() for dist in distributions()}
    assert "requests" not in names


def test_import_requests_is_our_app():
    import requests

    assert Path(requests.__file__).resolve().parent == BASE_DIR / "requests"
