// FlashcardBoxes: the Leitner box of every road sign a student graded on a flashcard (0 = not known
// yet, up to kTopBox = known that many times in a row), kept in the "meta" store under
// "flashcards" (not in the progress log: its records are answers to questions).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {

class FlashcardBoxes {
public:
  static constexpr int kTopBox = 5;
  static constexpr const char* kStorageKey = "flashcards";  // in stores::kMeta

  // Reads the stored boxes once (later calls do nothing). `storage` null means there is no storage
  // (it did not open): boxes then live in memory for this visit. `on_loaded` runs when they are read.
  void load(KeyValueStore* storage, const Clock& clock, std::function<void()> on_loaded = {});
  // One grading: up a box (at most kTopBox) when the student knew the sign, back to 0 when not.
  // Saved at once; a grading given while the stored boxes are read is kept over the stored box.
  void grade(const std::string& sign_id, bool knew);

  std::optional<int> box(const std::string& sign_id) const;
  const std::map<std::string, int>& boxes() const { return m_boxes; }
  bool loaded() const { return m_loaded; }
  bool saving() const { return m_saving || m_save_again; }
  std::uint64_t saves_done() const { return m_saves_done; }
  const std::optional<std::string>& save_error() const { return m_save_error; }

private:
  void save();

  KeyValueStore* m_storage = nullptr;
  const Clock* m_clock = nullptr;
  std::map<std::string, int> m_boxes;  // sign id -> box
  bool m_loaded = false, m_loading = false;
  bool m_saving = false, m_save_again = false;
  std::uint64_t m_saves_done = 0;
  std::optional<std::string> m_save_error;
};

}  // namespace umuhanda
