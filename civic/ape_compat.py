"""Work-arounds for measured Ape 0.8.51 behaviour, in one place."""

from __future__ import annotations


def list_sources_without_dependency_copies() -> None:
    """Ape lists at most 500 files under contracts/ and counts the dependency copies it
    unpacks into contracts/.cache (~550 files: OpenZeppelin, solady, weird-erc20), so our
    own contracts in a folder walked after it vanish from ``project.<Name>``. That copy
    is never a source of ours: leave it out of the listing before the limit applies."""
    import ape.managers.project as project_manager
    from ape.utils.os import get_all_files_in_directory

    def listing(path, pattern=None, max_files=None):
        files = [
            f
            for f in get_all_files_in_directory(path, pattern=pattern)
            if ".cache" not in f.parts[len(path.parts) :]
        ]
        return files[:max_files] if max_files else files

    project_manager.get_all_files_in_directory = listing
