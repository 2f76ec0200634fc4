#!/usr/bin/python3
"""Checks pack.json files against docs/pack.schema.json (Debian's python3-jsonschema).

Usage: check_schema.py SCHEMA PACK.json [PACK.json ...]; prints every violation with its path
and exits 1 if there is any. With --expect-invalid, exits 0 only if every file is rejected
(to prove the check can fail)."""
import json
import sys

import jsonschema


def main(argv):
    expect_invalid = "--expect-invalid" in argv
    args = [a for a in argv if a != "--expect-invalid"]
    schema = json.load(open(args[0], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for name in args[1:]:
        errors = sorted(validator.iter_errors(json.load(open(name, encoding="utf-8"))), key=lambda e: list(e.absolute_path))
        for e in errors[:50]:
            print(f"{name}: {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}")
        print(f"{name}: {'valid' if not errors else f'{len(errors)} schema violation(s)'}")
        failed += bool(errors)
    if expect_invalid:
        return 0 if failed == len(args) - 1 else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
