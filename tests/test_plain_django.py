"""The application stays on Django's public API: no private names of Django or driver objects,
no SQL written, compiled, rewritten or prepared as text, no HTML kept per process. Migrations
may hold SQL where the ORM cannot say it; tests may look inside."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ["accounts", "config", "dsfr_crispy", "exports", "funding", "notifications"]
APPS += ["programmes", "requests", "workshops"]

FORBIDDEN = {
    # Django's query and prefetch internals.
    r"\._result_cache\b": "the queryset's private cache",
    r"\._prefetch_done\b": "the queryset's private prefetch flag",
    r"_prefetched_objects_cache\b": "the instance's private prefetch cache",
    r"\._state\b": "the instance's private state",
    r"\.from_db\(": "Model.from_db (instances are the ORM's to build)",
    r"\bsql_with_params\(": "compiling a query to SQL text",
    r"\.query\.(?:sql|get_compiler|where|add_)": "the query's internals",
    r"\bget_compiler\(": "the SQL compiler",
    # SQL as text.
    r"\bmogrify\(": "the driver's SQL interpolation",
    r"\bPREPARE\b|\bEXECUTE\s": "prepared statements",
    r"\bcursor\(\)": "a raw cursor",
    r"\.raw\(": "raw SQL queries",
    r"\bRawSQL\b": "raw SQL expressions",
    r"\.extra\(": "QuerySet.extra",
    # HTML from Python, and HTML kept per process.
    r"\bmark_safe\(": "HTML built in Python",
    r"\bformat_html(?:_join)?\(": "HTML built in Python",
    r"\bhtml_key\b|\bshared_html\b": "rendered forms kept per process",
}

# `Model._meta` is Django's documented Model _meta API; `_change_reason` is django-simple-
# history's documented way to give a reason; both are public despite their underscore.
ALLOWED_UNDERSCORE = {"_meta", "_change_reason"}
# `name._private` (or `call()._private`) on anything but the module's own `self` and `cls`.
PRIVATE_ATTRIBUTE = re.compile(
    r"(?<![\w.])(?!self\b|cls\b|super\(\))[A-Za-z]\w*(?:\(\))?\._[a-z]\w*"
)


def application_files():
    for app in APPS:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def findings(path, root=ROOT):
    text = path.read_text()
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        for pattern, why in FORBIDDEN.items():
            if re.search(pattern, code):
                found.append(f"{path.relative_to(root)}:{number}: {why}: {line.strip()}")
        for match in PRIVATE_ATTRIBUTE.finditer(code):
            name = "_" + match.group(0).split("._", 1)[1]
            if name not in ALLOWED_UNDERSCORE:
                found.append(f"{path.relative_to(root)}:{number}: private name {name}")
    return found


def test_application_code_uses_no_private_django_api_and_no_sql_text():
    found = [line for path in application_files() for line in findings(path)]
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        "queryset._result_cache = objects",
        "sql, params = queryset.query.sql_with_params()",
        "cursor.execute(f'PREPARE {name} AS {text}')",
        "text = cursor.mogrify(sql, params)",
        "return model.from_db('default', names, values)",
        "with connection.cursor() as cursor:",
        "return mark_safe(''.join(rows))",
        "request._member_statuses = cache",
    ],
)
def test_the_check_catches_what_it_forbids(tmp_path, line):
    module = tmp_path / "module.py"
    module.write_text(f"def f():\n    {line}\n")
    assert findings(module, root=tmp_path)
