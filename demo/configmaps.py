#!/usr/bin/env python3
"""Writes daemonset/demo/01-apps.yaml: the demo apps' code as two ConfigMaps, so that a stock
python image runs them in the cluster without a custom image.

A pod mounts ConfigMaps of its own namespace only, so the database's code (kvdb.py) goes to
a ConfigMap in `data` and the client's (client.py) to one in `shop`.

    python3 demo/configmaps.py           rewrite the file from demo/*.py
    python3 demo/configmaps.py --check   exit 1 if the file differs from what demo/*.py give

The end-to-end tests run --check, so the manifests cannot drift from the apps the local demo
runs.
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join("daemonset", "demo", "01-apps.yaml")

# (ConfigMap name, namespace, app label, files under demo/)
CONFIGMAPS = [
    ("kv-db-app", "data", "kv-db", ["kvdb.py"]),
    ("shop-frontend-app", "shop", "shop-frontend", ["client.py"]),
]

HEADER = """\
# The demo apps' code (demo/kvdb.py and demo/client.py), run by a stock python image from
# these ConfigMaps, so that the demo needs no image of its own. Generated: edit demo/*.py and
# run `python3 demo/configmaps.py`; the tests check that this file matches them.
"""


def block(text, indent):
    """`text` as the lines of a YAML literal block scalar indented by `indent` spaces."""
    lines = []
    for line in text.split("\n")[:-1]:
        lines.append((" " * indent + line) if line else "")
    return "\n".join(lines) + "\n"


def render():
    """The whole file's text."""
    documents = []
    for name, namespace, app, files in CONFIGMAPS:
        parts = [
            "apiVersion: v1\n",
            "kind: ConfigMap\n",
            "metadata:\n",
            "  name: %s\n" % name,
            "  namespace: %s\n" % namespace,
            "  labels:\n",
            "    app.kubernetes.io/name: %s\n" % app,
            "    app.kubernetes.io/part-of: earshot-demo\n",
            "data:\n",
        ]
        for file_name in files:
            with open(os.path.join(ROOT, "demo", file_name), encoding="utf-8") as source:
                text = source.read()
            if not text.endswith("\n") or "\t" in text:
                raise SystemExit("demo/%s must end with a newline and hold no tabs" % file_name)
            parts.append("  %s: |\n" % file_name)
            parts.append(block(text, 4))
        documents.append("".join(parts))
    return HEADER + "---\n" + "---\n".join(documents)


def main():
    parser = argparse.ArgumentParser(description="Writes the demo apps' ConfigMaps.")
    parser.add_argument("--check", action="store_true",
                        help="compare instead of writing; exit 1 when they differ")
    arguments = parser.parse_args()

    text = render()
    path = os.path.join(ROOT, OUTPUT)
    if arguments.check:
        try:
            with open(path, encoding="utf-8") as existing:
                current = existing.read()
        except OSError:
            current = None
        if current != text:
            sys.stderr.write("%s does not match demo/*.py; run: python3 demo/configmaps.py\n"
                             % OUTPUT)
            return 1
        return 0
    with open(path, "w", encoding="utf-8") as output:
        output.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
