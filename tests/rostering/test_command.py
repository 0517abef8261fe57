"""`manage.py import_oneroster <zip> --district <slug> [--dry-run]`: the same job, its
progress and counts printed; a refused bundle exits 1 with its errors."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from rostering.models import RosterImport
from tests.rostering.bundles import bundle11, bundle12

pytestmark = pytest.mark.django_db


def write(tmp_path, bundle):
    path = tmp_path / "roster.zip"
    path.write_bytes(bundle.zip())
    return str(path)


def test_dry_run_prints_progress_and_counts_and_writes_nothing(tmp_path, capsys):
    call_command(
        "import_oneroster", write(tmp_path, bundle12(staff=2)), "--district", "riverside", "--dry-run"
    )
    out = capsys.readouterr().out
    assert "[  5%] reading" in out and "[  8%] planning" in out
    assert "Dry run ready" in out
    assert "Would create 2 schools and 4 people" in out
    assert "skip 2 rows {'student': 2}" in out
    assert not User.objects.filter(sourced_id="u-1").exists()
    assert RosterImport.objects.get().source == "command"


def test_import_applies_and_a_second_run_changes_nothing(tmp_path, capsys, admin):
    path = write(tmp_path, bundle11(staff=2))
    call_command("import_oneroster", path, "--district", "riverside")
    out = capsys.readouterr().out
    assert "Applied" in out and "[ 30%] people" in out and "Did create 2 schools and 3 people" in out
    assert User.objects.filter(sourced_id__in=["u-1", "u-2", "u-900"]).count() == 3
    call_command("import_oneroster", path, "--district", "riverside")
    assert "Did create 0 schools and 0 people; change 0 schools and 0 people" in capsys.readouterr().out


def test_refused_bundle_exits_1_with_its_errors(tmp_path, capsys):
    bundle = bundle11()
    bundle.orgs[1]["type"] = "campus"
    with pytest.raises(SystemExit) as exit_:
        call_command("import_oneroster", write(tmp_path, bundle), "--district", "riverside")
    assert exit_.value.code == 1
    assert "orgs.csv:3: type: must be one of" in capsys.readouterr().err


def test_unknown_district_and_not_a_zip(tmp_path):
    with pytest.raises(CommandError, match="No district 'atlantis'"):
        call_command("import_oneroster", write(tmp_path, bundle11()), "--district", "atlantis")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a zip file"):
        call_command("import_oneroster", str(bad), "--district", "riverside")
