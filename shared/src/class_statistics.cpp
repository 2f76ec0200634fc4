// A class's pooled topic figures and its weakest topics; the threshold is explained in
// class_statistics.hpp.
#include "umuhanda/class_statistics.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

namespace umuhanda {

std::vector<ClassTopic> pool_class_topics(std::span<const Statistics> students) {
  std::vector<ClassTopic> pooled;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const Statistics& student : students) {
    for (const TopicStatistics& topic : student.topics) {
      auto [at, added] = index.emplace(topic.topic, pooled.size());
      if (added) pooled.push_back(ClassTopic{topic.topic, {}, 0});
      ClassTopic& into = pooled[at->second];
      into.recent.answered += topic.recent.answered;
      into.recent.right += topic.recent.right;
      if (topic.recent.answered > 0) ++into.students;
    }
  }
  return pooled;
}

std::vector<ClassTopic> weakest_topics(std::span<const Statistics> students, std::size_t most, std::size_t min_answers) {
  std::vector<ClassTopic> ranked;
  for (ClassTopic& topic : pool_class_topics(students)) {
    if (topic.recent.answered > 0 && topic.recent.answered >= min_answers) ranked.push_back(std::move(topic));
  }
  // a.right / a.answered < b.right / b.answered, in integers (answered > 0 for every ranked topic).
  std::stable_sort(ranked.begin(), ranked.end(), [](const ClassTopic& a, const ClassTopic& b) {
    const auto left = static_cast<std::uint64_t>(a.recent.right) * b.recent.answered;
    const auto right = static_cast<std::uint64_t>(b.recent.right) * a.recent.answered;
    if (left != right) return left < right;
    return a.recent.answered > b.recent.answered;
  });
  if (ranked.size() > most) ranked.resize(most);
  return ranked;
}

}  // namespace umuhanda
