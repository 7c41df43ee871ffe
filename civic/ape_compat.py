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


def cache_struct_classes() -> None:
    """Ape decodes every struct a call returns into a dataclass it builds anew for that
    call (``make_dataclass``: ~1.5 ms, most of a getter's cost on a local node). Build
    each struct's class once per name and field list and reuse it; the instances are
    the same (fields, tuple and dict access, equality, pickling by value)."""
    import ape.utils.abi as abi_utils

    if getattr(abi_utils.create_struct, "cached", False):
        return
    original = abi_utils.create_struct
    classes: dict = {}

    def create_struct(name, types, output_values):
        key = (name, tuple((t.name, str(t.type)) for t in types))
        cls = classes.get(key)
        if cls is None:
            cls = type(original(name, types, output_values))

            def reduce(struct):
                return (create_struct, (name, types, tuple(struct.values())))

            cls.__reduce__ = reduce
            classes[key] = cls
        return cls(*output_values)

    create_struct.cached = True
    abi_utils.create_struct = create_struct


def launch_anvil_without_steps_tracing() -> None:
    """ape-foundry starts the test node with ``--steps-tracing``: Anvil then records every
    opcode of every transaction, which makes a verifier-heavy transaction ~1.7x slower
    and fills ``~/.foundry/anvil/tmp``. Ape's receipts (``return_value``, the revert's
    custom error from a deeper frame) come from ``debug_traceTransaction``, which Anvil
    answers by replaying the transaction, so nothing here needs the recording."""
    from ape_foundry.provider import FoundryProvider

    if getattr(FoundryProvider.build_command, "without_steps", False):
        return
    original = FoundryProvider.build_command

    def build_command(self) -> list[str]:
        return [arg for arg in original(self) if arg != "--steps-tracing"]

    build_command.without_steps = True
    FoundryProvider.build_command = build_command
