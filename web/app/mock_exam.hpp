// MockExam: one mock exam's life apart from its drawing (ExamScreen draws it). It begins from the
// pack's first blueprint or a fixed exam set, is saved in storage after every change (end time
// included), comes back after a reload with its clock still running (submitted at once if the
// time ran out meanwhile), and its attempt goes to the progress log exactly once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "app/progress_store.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/exam_session.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

class MockExam {
public:
  enum class Phase { intro, running, result };
  // What the screen reacts to: `changed` for every change to show, the others to navigate.
  enum class Event { changed, started, restored, submitted };
  static constexpr const char* kStorageKey = "exam:current";  // in stores::kMeta

  MockExam(KeyValueStore& storage, ProgressStore& progress, const Clock& clock, RandomSource& random);

  std::function<void(Event)> on_event;

  // At start, once storage opened (`storage_open` false: nothing is saved, the exam lives in memory):
  // reads an exam left in progress; it is restored as soon as its pack is in use.
  void load_saved(bool storage_open);
  // The pack in use (nullptr until one is loaded). A saved exam waiting for it is restored now.
  void use_pack(const Pack* pack);

  // The exam under way is resumed; otherwise a new one: the intro for the blueprint, or the exam set
  // `exam_set_id` at once. A result on display is recorded first.
  void begin(std::optional<std::string> exam_set_id);
  // Draws and starts an exam (the blueprint when no set is given); start_error() says why not.
  void start(const std::optional<std::string>& exam_set_id);
  // Each returns whether the exam changed (then it is saved).
  bool answer(std::size_t choice);
  bool go_to(std::size_t index);
  bool toggle_flag();
  void submit();
  // Submits the exam if its time is up; true when it did.
  bool submit_if_time_up();
  // Records a submitted exam once the progress log is read (or at once: ProgressStore then queues it).
  void record_if_due(bool even_before_the_log_is_read = false);

  Phase phase() const { return m_phase; }
  const std::optional<ExamSession>& session() const { return m_session; }
  // An exam under way, or a saved one not read yet, keeps the pack it was drawn from.
  bool holds_pack() const;
  bool restored() const { return m_restored; }
  bool record_due() const { return m_record_due; }
  const std::string& start_error() const { return m_start_error; }
  std::size_t saves_pending() const { return m_saves_pending; }
  std::size_t saves_done() const { return m_saves_done; }
  const std::optional<StorageError>& save_error() const { return m_save_error; }

private:
  void restore();
  void on_submitted();
  void save();
  void forget_saved();
  void emit(Event event) {
    if (on_event) on_event(event);
  }

  KeyValueStore& m_storage;
  ProgressStore& m_progress;
  const Clock& m_clock;
  RandomSource& m_random;
  const Pack* m_pack = nullptr;
  bool m_storage_open = false;

  Phase m_phase = Phase::intro;
  std::optional<ExamSession> m_session;
  std::optional<std::string> m_saved_json;  // read from storage, waiting for the pack
  bool m_reading_saved = false;
  bool m_restored = false;    // the exam came from storage
  bool m_record_due = false;  // submitted, not in the progress log yet
  std::string m_start_error;  // why the last exam could not be drawn
  std::size_t m_saves_pending = 0;
  std::size_t m_saves_done = 0;
  std::optional<StorageError> m_save_error;
};

}  // namespace umuhanda
