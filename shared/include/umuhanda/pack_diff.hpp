// What changes between two versions of a pack, item by item and field by field: shown to staff
// before a new upload is published, or before a rollback, so nobody publishes an answer key they did
// not mean to change. Pure: no I/O, no exceptions (it also runs in the browser).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "umuhanda/pack.hpp"

namespace umuhanda {

// One item present in both versions whose content differs. `fields` name what changed as pack.json
// names it, in pack.json's order: "topic", "prompt.fr" (a text: one entry per language that changed),
// "choices[2].text.en", "choices" (when the number of choices changed), "correct", "tags", "sha256".
struct ItemChange {
  std::string key;  // the item's id; a lesson's slug; a media file's path
  std::vector<std::string> fields;

  bool operator==(const ItemChange&) const = default;
};

struct QuestionChange {
  std::string key;  // the question's id
  std::vector<std::string> fields;
  // What a student must pick is different: "correct" or "multiple_answers" changed, or a choice
  // marked correct now shows something else (its text in any language, its sign or its picture).
  // The change a reviewer must not miss: a UI flags it.
  bool answer_key_changed = false;

  bool operator==(const QuestionChange&) const = default;
};

struct ItemCounts {
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;

  std::size_t total() const { return added + removed + changed; }
  bool operator==(const ItemCounts&) const = default;
};

// One kind of item (questions, signs, ...), matched by key across the two versions. A move within
// the list is not a change. Added and changed follow the new version's order, removed the old one's.
template <typename Change>
struct ItemsDiff {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  std::vector<Change> changed;

  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
  ItemCounts counts() const { return {added.size(), removed.size(), changed.size()}; }
  bool operator==(const ItemsDiff&) const = default;
};

// The figures a UI shows at a glance: "12 questions changed (2 answer keys), 3 added, 1 removed; 4 new pictures".
struct PackDiffSummary {
  std::size_t pack_fields_changed = 0;
  ItemCounts topics;
  ItemCounts questions;
  std::size_t answer_keys_changed = 0;  // of questions.changed
  ItemCounts signs;
  ItemCounts lessons;
  ItemCounts blueprints;
  ItemCounts exam_sets;
  ItemCounts media;

  bool operator==(const PackDiffSummary&) const = default;
};

struct PackDiff {
  // Every upload bumps the version, so it is carried here rather than reported as a change.
  int from_version = 0;
  int to_version = 0;
  // The pack's own fields that changed: "id", "title.fr", "languages", "access.kind",
  // "access.free_sample.exam_sets", "access.free_sample.questions".
  std::vector<std::string> pack_fields;
  ItemsDiff<ItemChange> topics;         // by id
  ItemsDiff<QuestionChange> questions;  // by id
  ItemsDiff<ItemChange> signs;          // by id
  ItemsDiff<ItemChange> lessons;        // by slug
  ItemsDiff<ItemChange> blueprints;     // by id ("exam_blueprints" in pack.json)
  ItemsDiff<ItemChange> exam_sets;      // by id
  ItemsDiff<ItemChange> media;          // by path; a changed file has another "sha256"

  // Nothing but the version differs.
  bool empty() const;
  PackDiffSummary summary() const;
  bool operator==(const PackDiff&) const = default;
};

// What turns `from` into `to`. An invalid pack holding a key twice is compared by the first item
// with that key; validate_pack() rejects such packs before they are published.
PackDiff diff_packs(const Pack& from, const Pack& to);

// The diff as plain English lines, for the command line and test failures; a UI lays out the
// PackDiff itself. "" when the diff is empty.
//   questions: 1 added, 1 removed, 2 changed
//     + q9
//     - q3
//     ~ q1: prompt.fr, correct [answer key changed]
std::string describe(const PackDiff& diff);

}  // namespace umuhanda
