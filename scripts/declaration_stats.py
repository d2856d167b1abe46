#!/usr/bin/env python3
"""Counts the endpoint declarations in endpoints/src and their size.

A declaration runs from its `#[endpoint(` line to the struct's closing `}`
(attributes and field doc comments included). Run from the repository root:

    python3 scripts/declaration_stats.py
"""
import glob
import re
import statistics

sizes = {}
groups = 0
for path in sorted(glob.glob("endpoints/src/**/*.rs", recursive=True)):
    lines = open(path).read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#[endpoint("):
            j = i
            while lines[j] != "}":
                j += 1
            name = next(re.search(r"pub struct (\w+)", x).group(1) for x in lines[i:j] if "pub struct" in x)
            sizes[path[len("endpoints/src/"):-3].replace("/", "::") + "::" + name] = j - i + 1
        if re.match(r"#\[(one_of|at_most_one_of|at_least_one_of)\(", line):
            groups += 1
for name, size in sorted(sizes.items(), key=lambda kv: kv[1]):
    print(f"{size:3} {name}")
values = list(sizes.values())
print(f"endpoints {len(values)}, group rules {groups}, lines per declaration: "
      f"median {statistics.median(values)}, min {min(values)}, max {max(values)}")
