// Which media file shows what: the picture above a question's prompt, the picture of a choice, and
// every file the practice questions need on the device to work offline. Pure lookups in a Pack.
#pragma once

#include <vector>

#include "umuhanda/pack.hpp"

namespace umuhanda {

// The large picture shown with the prompt (the sign's `image`, or the question's own image).
const MediaItem* prompt_picture(const Pack& pack, const Question& question);
// The picture a choice shows (the sign's `image`, else its `thumbnail`; or the choice's image).
const MediaItem* choice_picture(const Pack& pack, const Choice& choice);
// The picture of a sign wherever it is drawn (grid, detail, lesson, choice): the large image, else
// the thumbnail. One file per sign, so the device never holds both.
const MediaItem* sign_picture(const Pack& pack, const Sign& sign);
// Every picture the questions show, in question order, each file once.
std::vector<MediaItem> practice_media(const Pack& pack);
// Every picture any screen shows (questions first, then signs, then lessons), each file once: what
// the device downloads to work offline.
std::vector<MediaItem> offline_media(const Pack& pack);

}  // namespace umuhanda
