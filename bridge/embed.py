"""Copies ray_trials.py into Sources/NNScript/Search/RayBridgeSource.swift, which carries it
inside the nnscript binary. Run after changing the bridge: a test fails while the copy is stale.

usage: python3 bridge/embed.py
"""

from pathlib import Path

root = Path(__file__).resolve().parent.parent
source = (root / "bridge" / "ray_trials.py").read_text().rstrip("\n")
assert '"""#' not in source, "the bridge must not contain the raw string's closing delimiter"
body = "\n".join("    " + line if line else "" for line in source.split("\n"))
(root / "Sources" / "NNScript" / "Search" / "RayBridgeSource.swift").write_text(
    "/// The Ray bridge (bridge/ray_trials.py), carried inside the binary: a copied binary can\n"
    "/// still run a search on a cluster. `python3 bridge/embed.py` refreshes it; a test fails\n"
    "/// while it differs from the file.\n"
    "enum RayBridgeSource {\n"
    '  static let text = #"""\n' + body + '\n    """#\n}\n'
)
