// Picture lookups for questions and choices.
#include "app/question_pictures.hpp"

#include <set>
#include <string>

namespace umuhanda {

const MediaItem* prompt_picture(const Pack& pack, const Question& question) {
  if (!question.image.empty()) return pack.find_media(question.image);
  if (question.sign.empty()) return nullptr;
  const Sign* sign = pack.find_sign(question.sign);
  return sign ? pack.find_media(sign->image) : nullptr;
}

const MediaItem* choice_picture(const Pack& pack, const Choice& choice) {
  if (!choice.image.empty()) return pack.find_media(choice.image);
  if (choice.sign.empty()) return nullptr;
  const Sign* sign = pack.find_sign(choice.sign);
  if (!sign) return nullptr;
  // The large image, not the 128 px thumbnail: a choice is drawn up to 112 CSS px, which is 224-336
  // device pixels on the phones students use, and most signs a choice shows are also the picture of
  // some prompt. For the default pack that is 107 files and 887 KB instead of 188 files and 1.14 MB.
  return sign_picture(pack, *sign);
}

const MediaItem* sign_picture(const Pack& pack, const Sign& sign) {
  if (const MediaItem* image = pack.find_media(sign.image)) return image;
  return sign.thumbnail.empty() ? nullptr : pack.find_media(sign.thumbnail);
}

std::vector<MediaItem> offline_media(const Pack& pack) {
  std::vector<MediaItem> media = practice_media(pack);
  std::set<std::string> seen;
  for (const MediaItem& item : media) seen.insert(item.sha256);
  auto add = [&](const MediaItem* item) {
    if (item && seen.insert(item->sha256).second) media.push_back(*item);
  };
  for (const Sign& sign : pack.signs) add(sign_picture(pack, sign));
  for (const Lesson& lesson : pack.lessons) {
    for (const std::string& path : lesson.images) add(pack.find_media(path));
  }
  return media;
}

std::vector<MediaItem> practice_media(const Pack& pack) {
  std::vector<MediaItem> media;
  std::set<std::string> seen;
  auto add = [&](const MediaItem* item) {
    if (item && seen.insert(item->sha256).second) media.push_back(*item);
  };
  for (const Question& question : pack.questions) {
    add(prompt_picture(pack, question));
    for (const Choice& choice : question.choices) add(choice_picture(pack, choice));
  }
  return media;
}

}  // namespace umuhanda
