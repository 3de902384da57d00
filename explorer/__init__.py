"""regime-explorer: sourced, graded maps of who is bound to a ruler and how defections travel.

The library is usable on its own: `load_dataset` reads and validates a data directory,
`build_graph` turns it into a time-aware networkx graph, `snapshot` cuts it at a date;
`check_rules` finds contradictions between records.
Names are imported on first use, so that `regime-explorer --help` stays fast.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "load_dataset": "dataset",
    "read_dataset": "dataset",
    "check_dataset": "dataset",
    "check_rules": "rules",
    "build_graph": "graph",
    "snapshot": "graph",
    "status_at": "graph",
    "ExplorerError": "errors",
    "InvalidDataset": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'explorer' has no attribute {name!r}")
