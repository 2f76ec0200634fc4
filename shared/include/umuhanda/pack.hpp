// The content model: a pack of topics, questions, road signs, lessons, exam blueprints, predefined
// exam sets and the media they show. Plain data; reading and writing live in pack_json.hpp, the
// rules in pack_validation.hpp, the lesson markup in lesson_markup.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/localized_text.hpp"

namespace umuhanda {

// Bumped when pack.json changes incompatibly; a reader rejects formats it does not know.
inline constexpr int kPackFormat = 1;
inline constexpr std::size_t kMinChoices = 2;
inline constexpr std::size_t kMaxChoices = 6;

// A topic groups questions (the origin site's "exam types": road signs, lights, ...).
struct Topic {
  std::string id;
  LocalizedText name;
  int order = 0;

  bool operator==(const Topic&) const = default;
};

// The categories of the 1968 Vienna Convention on Road Signs and Signals, plus markings,
// light signals and the gestures of an officer directing traffic.
enum class SignCategory {
  warning,
  priority,
  prohibitory,
  mandatory,
  special_regulation,
  information,
  road_marking,
  light_signal,
  officer_gesture,
};
inline constexpr std::string_view kSignCategoryNames[] = {
    "warning", "priority", "prohibitory", "mandatory", "special_regulation", "information", "road_marking", "light_signal", "officer_gesture",
};
std::string_view to_string(SignCategory category);
std::optional<SignCategory> sign_category_from(std::string_view name);

struct Sign {
  std::string id;
  std::string code;  // the pack's own catalogue code, e.g. "C-01"
  SignCategory category = SignCategory::warning;
  LocalizedText name;
  LocalizedText meaning;
  std::string image;      // media path, the large picture
  std::string thumbnail;  // media path, optional smaller picture

  bool operator==(const Sign&) const = default;
};

// A choice shows text, a sign, an image, or text with a picture.
struct Choice {
  LocalizedText text;
  std::string sign;   // sign id, or empty
  std::string image;  // media path, or empty

  bool operator==(const Choice&) const = default;
};

struct Question {
  std::string id;  // stable across pack versions: progress is recorded against it
  std::string topic;
  LocalizedText prompt;
  std::string sign;                  // sign id shown with the prompt, or empty
  std::string image;                 // media path shown with the prompt, or empty
  std::vector<Choice> choices;       // the same order in every language
  std::vector<std::size_t> correct;  // zero-based choice indexes; exactly one unless multiple_answers
  bool multiple_answers = false;
  LocalizedText explanation;
  int difficulty = 0;  // 1 (easy) to 3 (hard); 0 when not rated
  std::vector<std::string> tags;

  bool is_correct(std::size_t choice) const;
  bool operator==(const Question&) const = default;
};

struct Lesson {
  std::string slug;
  std::string topic;
  LocalizedText title;
  LocalizedText body;               // lesson markup, see lesson_markup.hpp
  std::vector<std::string> images;  // media paths the body shows with [image:path]

  bool operator==(const Lesson&) const = default;
};

struct TopicQuota {
  std::string topic;
  int count = 0;

  bool operator==(const TopicQuota&) const = default;
};

// How a mock exam is drawn and marked. Every figure comes from the pack, never from code.
struct ExamBlueprint {
  std::string id;
  LocalizedText name;
  int question_count = 0;
  int time_limit_minutes = 0;
  int pass_mark = 0;               // questions right needed to pass
  std::vector<TopicQuota> quotas;  // questions per topic; the rest are drawn from any topic

  bool operator==(const ExamBlueprint&) const = default;
};

// A fixed exam: a named, ordered list of questions (the origin site's predefined exams).
struct ExamSet {
  std::string id;
  LocalizedText name;
  std::string blueprint;  // the blueprint whose time limit and pass mark apply, or empty for the first
  std::vector<std::string> questions;

  bool operator==(const ExamSet&) const = default;
};

// A media file of the pack, content-addressed: clients fetch and cache it by sha256.
struct MediaItem {
  std::string path;    // relative to the pack folder, e.g. "media/signs/256/p-stop.png"
  std::string sha256;  // lower-case hex
  std::string mime;    // image/png, image/jpeg or image/webp
  int width = 0;
  int height = 0;
  std::uint64_t bytes = 0;

  bool operator==(const MediaItem&) const = default;
};

// Who may download a pack. Public packs are for everyone. A restricted pack is served whole only to
// a student whose subscription opens it; everyone else gets its free sample: the questions listed
// here and those of the exam sets listed here, with the rest of the pack (topics, signs, lessons,
// blueprints) as it is.
struct PackAccess {
  bool restricted = false;
  std::vector<std::string> free_exam_sets;  // ids of exam sets in the sample
  std::vector<std::string> free_questions;  // ids of questions in the sample besides those

  bool operator==(const PackAccess&) const = default;
};

struct Pack {
  int format = kPackFormat;
  std::string id;
  int version = 0;  // increases with every published change
  LocalizedText title;
  std::vector<LanguageCode> languages;  // languages every required text is written in
  std::vector<Topic> topics;
  std::vector<Question> questions;
  std::vector<Sign> signs;
  std::vector<Lesson> lessons;
  std::vector<ExamBlueprint> blueprints;
  std::vector<ExamSet> exam_sets;
  std::vector<MediaItem> media;
  PackAccess access;

  const Topic* find_topic(std::string_view id) const;
  const Sign* find_sign(std::string_view id) const;
  const Question* find_question(std::string_view id) const;
  const MediaItem* find_media(std::string_view path) const;
  bool operator==(const Pack&) const = default;
};

// The free sample of a restricted pack (PackAccess): its free questions and exam sets, and the rest
// of the pack as it is; media only what those use. A public pack is its own sample.
Pack free_sample(const Pack& pack);

// A scheduled exam's frozen paper, as its own pack: the questions `question_ids` in that order
// (unknown ids skipped), the topics, the signs they show and the media they use; no lessons,
// blueprints or exam sets. Later versions of the pack do not change it.
Pack exam_paper_pack(const Pack& pack, const std::vector<std::string>& question_ids);

// Every media path the pack refers to (questions, choices, signs, lessons), in order, unique.
std::vector<std::string> referenced_media_paths(const Pack& pack);

// A pack folder held in memory (relative path -> bytes): "pack.json", "media/signs/256/p-stop.png".
// Here, not in packio's pack_files.hpp, because the pure importers (shared/formats/) return media
// this way and must not depend on the file-reading library.
using PackFiles = std::map<std::string, std::string>;

}  // namespace umuhanda
