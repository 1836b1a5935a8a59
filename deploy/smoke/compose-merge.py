#!/usr/bin/env python3
"""Merges compose files the way Docker Compose does, for podman-compose 1.0.3, which appends lists instead.

usage: compose-merge.py BASE OVERRIDE... > merged.yml

Mappings merge key by key; any other value of a later file (a list such as a healthcheck's test or a command, a
string, a number) replaces the earlier one, except ports and volumes of a service, which add up; an entry under the
top-level secrets, volumes or networks replaces the earlier entry whole. Variables (${...}) are left for the compose
tool to substitute. Relative paths (build contexts, bind mounts) are made absolute against the first file's
directory, so the merged file may be written anywhere.
"""
import os
import sys

import yaml

ADDITIVE = {"ports", "volumes"}
REPLACED_ENTRIES = {"secrets", "volumes", "networks"}


def merge(base, override, path):
    if not isinstance(base, dict) or not isinstance(override, dict):
        if isinstance(base, list) and isinstance(override, list) and len(path) == 3 and path[0] == "services" \
                and path[2] in ADDITIVE:
            return base + [v for v in override if v not in base]
        return override
    out = dict(base)
    for key, value in override.items():
        if len(path) == 1 and path[0] in REPLACED_ENTRIES:
            out[key] = value
        else:
            out[key] = merge(base[key], value, path + [key]) if key in base else value
    return out


def absolute(merged, root):
    for service in merged.get("services", {}).values():
        build = service.get("build")
        if isinstance(build, dict) and "context" in build:
            build["context"] = os.path.normpath(os.path.join(root, build["context"]))
        mounts = service.get("volumes", [])
        for i, mount in enumerate(mounts):
            if isinstance(mount, str) and mount.startswith("."):
                host, rest = mount.split(":", 1)
                mounts[i] = os.path.normpath(os.path.join(root, host)) + ":" + rest
    return merged


def main(files):
    merged = {}
    for name in files:
        with open(name, encoding="utf-8") as f:
            merged = merge(merged, yaml.safe_load(f) or {}, [])
    root = os.path.dirname(os.path.abspath(files[0]))
    yaml.safe_dump(absolute(merged, root), sys.stdout, sort_keys=False)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1:])
