import pytest

from accounts.models import Role
from tests.factories import AcademieFactory, EtablissementFactory, user_with_role


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Plain HTTP, plain static storage: config/settings.py sees TESTING.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The timelines' chain under a key of the tests' own, not the one of the environment.
    settings.ANT_LOG_KEY = "tests-ant-log-key"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker (tests marked `worker`)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _broker_not_paused():
    """A test that makes a publish fail pauses publishing in this process: not for the next."""
    from notifications.broker import pause

    pause.end()
    yield
    pause.end()


@pytest.fixture
def academie(db):
    return AcademieFactory(code="24", name="Créteil", region_academique="Île-de-France")


@pytest.fixture
def other_academie(db):
    return AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")


@pytest.fixture
def school(academie):
    return EtablissementFactory(academie=academie, name="Collège Jean-Jaurès")


@pytest.fixture
def other_school(academie):
    return EtablissementFactory(academie=academie, name="Collège Pablo-Neruda")


@pytest.fixture
def teacher(school):
    return user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Claire Martin")


@pytest.fixture
def head(school):
    return user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=school, full_name="Paul Durand")


@pytest.fixture
def dafor(academie):
    return user_with_role(Role.DAFOR, academie=academie, full_name="Patricia Bourgeois")


@pytest.fixture
def other_academie_dafor(other_academie):
    return user_with_role(Role.DAFOR, academie=other_academie, full_name="Lucie Antoine")


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions the live server's request
    threads may have left open (PostgreSQL refuses to drop a database in use)."""
    yield
    from django.db import connection

    # A run of tests that use no database creates none: the connection still names the
    # real one, which there is nothing to do about.
    if connection.vendor != "postgresql" or not connection.settings_dict["NAME"].startswith(
        "test_"
    ):
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
