"""Guards for traps of the layout: Ape lists at most 500 files under contracts/ (a
dependency copy can push ours out of `project.<Name>`), and the Makefile runs the
suite in two halves that must together cover every test folder."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_contract__reachable_as_project_attribute(project):
    names = set()
    for path in (ROOT / "contracts").rglob("*.sol"):
        if ".cache" in path.parts:
            continue
        names |= set(re.findall(r"^(?:abstract\s+)?contract\s+(\w+)", path.read_text(), re.M))
    assert len(names) > 20
    missing = [name for name in sorted(names) if not hasattr(project, name)]
    assert missing == []


def test_civic_command__dependency_copy_unpacked__scripts_list_only_our_sources(
    tmp_path, monkeypatch
):
    """`ape run` scripts run in their own process, without the suite's conftest: the
    command itself keeps a full ``contracts/.cache`` from pushing our contracts out."""
    import ape.managers.project as project_manager
    from ape.cli import ConnectedProviderCommand
    from ape.utils.os import get_all_files_in_directory

    from civic.cli import CivicCommand

    ours = tmp_path / "test" / "Ours.sol"
    ours.parent.mkdir()
    ours.write_text("//")
    for i in range(600):
        copy = tmp_path / ".cache" / "dep" / f"D{i}.sol"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text("//")
    monkeypatch.setattr(project_manager, "get_all_files_in_directory", get_all_files_in_directory)
    monkeypatch.setattr(ConnectedProviderCommand, "invoke", lambda self, ctx: "connected")
    command = CivicCommand(name="script", callback=lambda: None)
    assert command.invoke(command.make_context("script", [])) == "connected"
    assert project_manager.get_all_files_in_directory(tmp_path, max_files=500) == [ours]


def test_makefile_halves__cover_every_test_folder():
    makefile = (ROOT / "Makefile").read_text()
    listed = set()
    for var in ("TESTS_A", "TESTS_B"):
        words = re.search(rf"^{var} := (.*)$", makefile, re.M).group(1).split()
        listed |= {w for w in words if re.fullmatch(r"tests/\w+", w)}  # folders, not files
    moved = re.search(r"^MOVED :=[ \t]*(.*)$", makefile, re.M).group(1).split()
    assert all((ROOT / path).is_file() for path in moved)
    folders = {
        f"tests/{p.name}"
        for p in (ROOT / "tests").iterdir()
        if p.is_dir() and any(p.glob("test_*.py"))
    }
    assert folders == listed


def test_product_package__never_imports_tools():
    """Development tools (tools/) build on the product (civic/), never the other way."""
    import re
    from pathlib import Path

    pattern = re.compile(r"^\s*(from|import)\s+tools\b", re.M)
    offenders = [str(p) for p in Path("civic").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_state_machines__one_base_class_and_one_profile():
    """Every property machine is a CivicMachine run by run_machine under the civic profile
    (tests/state_machine.py): no settings block of its own, no phase left out."""
    import re
    from pathlib import Path

    files = [
        p
        for p in Path("tests").rglob("test_*.py")
        if "RuleBasedStateMachine" in p.read_text() or "CivicMachine" in p.read_text()
    ]
    assert files, "no state machine found"
    for path in files:
        text = path.read_text()
        if path.parent.name == "toolchain":
            continue
        assert "RuleBasedStateMachine" not in text, f"{path}: derive from CivicMachine"
        assert "run_state_machine_as_test" not in text, f"{path}: run it with run_machine"
        own = "Phase" in text or re.search(r"(?<![_\w])settings\(", text)
        assert not own, f"{path}: use the civic profile"
