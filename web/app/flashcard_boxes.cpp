// Flashcard boxes in storage: one write at a time, and never one before the stored boxes were read
// (it would replace them).
#include "app/flashcard_boxes.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace umuhanda {

void FlashcardBoxes::load(KeyValueStore* storage, const Clock& clock, std::function<void()> on_loaded) {
  if (m_loaded || m_loading) return;
  m_storage = storage;
  m_clock = &clock;
  if (!m_storage) {
    m_loaded = true;
    if (on_loaded) on_loaded();
    return;
  }
  m_loading = true;
  m_storage->get(stores::kMeta, kStorageKey, [this, on_loaded = std::move(on_loaded)](StorageResult<std::optional<std::string>> stored) {
    m_loading = false;
    m_loaded = true;
    if (stored.ok() && stored.value) {
      const auto json = nlohmann::json::parse(*stored.value, nullptr, false);
      if (!json.is_discarded() && json.is_object() && json.contains("boxes") && json["boxes"].is_object()) {
        for (const auto& [id, box] : json["boxes"].items()) {
          if (box.is_number_integer() && !m_boxes.count(id)) m_boxes[id] = std::clamp(box.get<int>(), 0, kTopBox);
        }
      }
    }
    if (m_save_again) {
      m_save_again = false;
      save();
    }
    if (on_loaded) on_loaded();
  });
}

void FlashcardBoxes::grade(const std::string& sign_id, bool knew) {
  int& box = m_boxes[sign_id];
  box = knew ? std::min(box + 1, kTopBox) : 0;
  save();
}

std::optional<int> FlashcardBoxes::box(const std::string& sign_id) const {
  const auto found = m_boxes.find(sign_id);
  if (found == m_boxes.end()) return std::nullopt;
  return found->second;
}

void FlashcardBoxes::save() {
  if (!m_storage) return;
  if (m_saving || m_loading) {
    m_save_again = true;
    return;
  }
  m_saving = true;
  const nlohmann::json stored = {{"boxes", m_boxes}, {"updated_at_ms", m_clock->now_ms()}};
  m_storage->put(stores::kMeta, kStorageKey, stored.dump(), WriteDurability::strict, [this](std::optional<StorageError> error) {
    m_saving = false;
    if (error) {
      m_save_error = error->message;
    } else {
      ++m_saves_done;
      m_save_error.reset();
    }
    if (m_save_again) {
      m_save_again = false;
      save();
    }
  });
}

}  // namespace umuhanda
