// What an instructor sees of a whole class: each topic's recent answers pooled over the class's
// students, and the topics the class knows least, from each student's Statistics (statistics.hpp).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "umuhanda/statistics.hpp"

namespace umuhanda {

// A topic's pooled answers below this count are not ranked. The class's accuracy in a topic is a
// proportion; with n answers its standard error near 70 % is about sqrt(0.7 * 0.3 / n): some 10
// points at 20 answers, 25 points at 3. Below 20, one student's few slips would put a topic at
// the top of the list, and the instructor would prepare a lesson on noise. 20 is still one
// evening's practice for a class of five, so a new class soon shows something.
inline constexpr std::size_t kMinClassTopicAnswers = 20;
// The class screen lists this many weakest topics at most: a lesson plan, not the whole pack.
inline constexpr std::size_t kWeakestTopicsShown = 5;

struct ClassTopic {
  std::string topic;
  Accuracy recent;           // the students' recent windows (kRecentAnswersPerTopic each) added together
  std::size_t students = 0;  // students with at least one recent answer in the topic

  bool operator==(const ClassTopic&) const = default;
};

// Every topic of the students' statistics, in the order the first student's lists them (the
// pack's: compute_statistics gives every student the same topics); topics only some students'
// statistics have come after, in the order first met.
std::vector<ClassTopic> pool_class_topics(std::span<const Statistics> students);

// The topics with at least `min_answers` pooled recent answers, the lowest accuracy first; at
// most `most`. Equal accuracies: the topic with more answers first (the surer figure), then pack
// order. Accuracies are compared as exact fractions, not doubles.
std::vector<ClassTopic> weakest_topics(std::span<const Statistics> students, std::size_t most = kWeakestTopicsShown,
                                       std::size_t min_answers = kMinClassTopicAnswers);

}  // namespace umuhanda
