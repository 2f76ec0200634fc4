#!/usr/bin/python3
"""Assembles the default pack's pack.json from its source fragments.

The default pack (assets/packs/umuhanda-default) is written as fragments in
assets/sources/umuhanda-default/fragments, one file per topic
(questions-*.json), signs.json (written by tools/signs/generate_signs.py) and lessons.json, so
several authors can work at once. This script merges them, adds the topics, the exam blueprint
and the predefined exam sets, and writes pack.json. It is deterministic: re-run it after editing
a fragment, then check the result with `umuhanda-pack validate`.
"""
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACK_DIR = ROOT / "assets" / "packs" / "umuhanda-default"
FRAGMENTS = ROOT / "assets" / "sources" / "umuhanda-default" / "fragments"

# The origin site's six exam types; the Kinyarwanda names are the origin's own.
TOPICS = [
    ("signs", 1, "Ibyapa", "Road signs", "Panneaux de signalisation"),
    ("numbers", 2, "Imibare / Ibipimo", "Numbers and measurements", "Chiffres et mesures"),
    ("lights", 3, "Amatara", "Lights", "Feux"),
    ("long", 4, "Ibibazo birebire", "Long questions", "Questions longues"),
    ("pictures", 5, "Amashusho", "Pictures", "Images"),
    ("mixed", 6, "Ibivanze", "Mixed", "Questions variées"),
]

# The provisional-licence theory test as the brief gives it: 20 questions, 20 minutes, pass at 12.
# The quotas are this pack's own choice for a balanced mock exam (the official distribution is
# not known to us); the remaining questions are drawn from any topic.
BLUEPRINT = {
    "id": "provisional-licence",
    "name": {"en": "Provisional licence theory test", "fr": "Examen théorique du permis provisoire"},
    "question_count": 20,
    "time_limit_minutes": 20,
    "pass_mark": 12,
    "quotas": [
        {"topic": "signs", "count": 5},
        {"topic": "lights", "count": 3},
        {"topic": "numbers", "count": 2},
        {"topic": "long", "count": 2},
        {"topic": "pictures", "count": 2},
        {"topic": "mixed", "count": 2},
    ],
}
EXAM_SET_COUNT = 6


def load(name):
    path = FRAGMENTS / name
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def exam_sets(questions):
    """Fixed exams drawn like a mock exam (quotas first, then any topic), with a fixed seed."""
    by_topic = {}
    for q in questions:
        by_topic.setdefault(q["topic"], []).append(q["id"])
    sets = []
    for n in range(1, EXAM_SET_COUNT + 1):
        rng = random.Random(f"umuhanda-exam-set-{n}")
        chosen = []
        for quota in BLUEPRINT["quotas"]:
            chosen += rng.sample(sorted(by_topic[quota["topic"]]), quota["count"])
        rest = sorted(q["id"] for q in questions if q["id"] not in chosen)
        chosen += rng.sample(rest, BLUEPRINT["question_count"] - len(chosen))
        rng.shuffle(chosen)
        sets.append({
            "id": f"exam-{n:02d}",
            "name": {"en": f"Practice exam {n}", "fr": f"Examen blanc {n}"},
            "blueprint": BLUEPRINT["id"],
            "questions": chosen,
        })
    return sets


def main():
    questions = []
    for topic_id, *_ in TOPICS:
        fragment = FRAGMENTS / f"questions-{topic_id}.json"
        if fragment.exists():
            questions += load(fragment.name)
    ids = [q["id"] for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f"duplicate question ids across fragments: {duplicates}")

    pack = {
        "format": 1,
        "id": "umuhanda-default",
        "version": 1,
        "title": {"en": "Road code: practice pack", "fr": "Code de la route : pack d’entraînement"},
        "languages": ["en", "fr"],
        "topics": [
            {"id": t, "order": order, "name": {"rw": rw, "en": en, "fr": fr}} for t, order, rw, en, fr in TOPICS
        ],
        "questions": questions,
        "signs": load("signs.json") if (FRAGMENTS / "signs.json").exists() else [],
        "lessons": load("lessons.json") if (FRAGMENTS / "lessons.json").exists() else [],
        "exam_blueprints": [BLUEPRINT],
        "exam_sets": exam_sets(questions),
    }
    out = PACK_DIR / "pack.json"
    text = json.dumps(pack, ensure_ascii=False, indent=2) + "\n"
    if "--check" in sys.argv:
        # Used by the tests: the committed pack.json must be what the fragments give.
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            sys.exit(f"{out} is out of date with {FRAGMENTS}: run tools/content/assemble_default_pack.py")
        print(f"{out} matches its fragments")
        return
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: {len(questions)} questions, {len(pack['signs'])} signs, "
          f"{len(pack['lessons'])} lessons, {len(pack['exam_sets'])} exam sets")


if __name__ == "__main__":
    main()
