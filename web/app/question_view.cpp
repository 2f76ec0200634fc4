// Drawing a question and its choices.
#include "app/question_view.hpp"

#include <algorithm>

#include "app/keys.hpp"
#include "app/pictures.hpp"
#include "app/question_pictures.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"

namespace umuhanda {
namespace {

constexpr float kMaxPromptPicture = 180.0f;  // CSS px; the 256 px image stays sharp up to ~1.4x
constexpr float kMaxChoicePicture = 112.0f;  // CSS px; the 128 px thumbnail

bool contains(const std::vector<std::size_t>& list, std::size_t value) { return std::find(list.begin(), list.end(), value) != list.end(); }

void draw_choice_frame(const Question& question, const QuestionLook& look, std::size_t index, const ImVec2& min, const ImVec2& max, bool hovered) {
  const Palette& p = palette();
  const bool picked = contains(look.selected, index);
  ImU32 fill = hovered && look.enabled ? p.surface_hovered : p.surface;
  if (look.reveal) {
    if (question.is_correct(index)) fill = p.right_fill;
    else if (picked) fill = p.wrong_fill;
  } else if (picked) {
    fill = p.selected_fill;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, fill, 10.0f);
  draw->AddRect(min, max, picked ? to_u32(p.accent) : p.border, 10.0f, 0, picked ? 2.5f : 1.0f);
  tap_targets().add("choice." + std::to_string(index), min, max);
}

void draw_badge(const ImVec2& center, float diameter, std::size_t index, bool on_picture) {
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircleFilled(center, diameter / 2, on_picture ? IM_COL32(18, 22, 31, 220) : p.track);
  const char letter[2] = {static_cast<char>('A' + index), 0};
  const ImVec2 size = ImGui::CalcTextSize(letter);
  draw->AddText(ImVec2(center.x - size.x / 2, center.y - size.y / 2), on_picture ? IM_COL32_WHITE : to_u32(p.text), letter);
}

// A full-width row: letter badge, an optional picture, and the text.
bool draw_choice_row(AppContext& ctx, const Question& question, const QuestionLook& look, std::size_t index, float width) {
  const Choice& choice = question.choices[index];
  const float badge = 34.0f;
  const MediaItem* picture = choice_picture(*ctx.pack, choice);
  const float picture_size = picture ? 64.0f : 0.0f;
  const float text_left = badge + 2 * kPadding + (picture ? picture_size + kPadding : 0.0f);
  const float wrap_width = width - text_left - kPadding;
  const std::string text = choice.text.empty() ? std::string() : choice.text.in(ctx.language);
  const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap_width);
  const float height = std::max({kMinTapHeight, text_size.y + 2 * kPadding, picture_size + 2 * 8.0f});

  ImGui::PushID(static_cast<int>(index));
  const bool clicked = ImGui::InvisibleButton("choice", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  draw_choice_frame(question, look, index, min, max, hovered);
  draw_badge(ImVec2(min.x + kPadding + badge / 2, min.y + height / 2), badge, index, false);
  if (picture) draw_picture(ctx.pictures, picture, ImVec2(min.x + badge + 2 * kPadding, min.y + (height - picture_size) / 2), picture_size);
  ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + text_left, min.y + (height - text_size.y) / 2),
                                      to_u32(palette().text), text.c_str(), nullptr, wrap_width);
  return clicked;
}

// Choices that are all pictures: a grid of picture buttons, two across on a phone, up to four
// on a wider screen, each far above the 44 CSS px tap minimum.
std::optional<std::size_t> draw_picture_choices(AppContext& ctx, const Question& question, const QuestionLook& look, float width) {
  std::optional<std::size_t> chosen;
  const std::size_t count = question.choices.size();
  const std::size_t columns = std::min<std::size_t>(count, width >= 560.0f ? 4 : 2);
  const std::size_t rows = (count + columns - 1) / columns;
  const float cell_width = (width - kGap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float picture_size = std::min(kMaxChoicePicture, cell_width - 2 * kPadding);
  const float cell_height = std::max(kMinTapHeight, picture_size + 2 * kPadding);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (std::size_t i = 0; i < count; ++i) {
    const ImVec2 min(origin.x + static_cast<float>(i % columns) * (cell_width + kGap),
                     origin.y + static_cast<float>(i / columns) * (cell_height + kGap));
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(static_cast<int>(i));
    const bool clicked = ImGui::InvisibleButton("choice", ImVec2(cell_width, cell_height));
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    draw_choice_frame(question, look, i, min, ImVec2(min.x + cell_width, min.y + cell_height), hovered);
    draw_picture(ctx.pictures, choice_picture(*ctx.pack, question.choices[i]), ImVec2(min.x + (cell_width - picture_size) / 2, min.y + kPadding),
                 picture_size);
    const float badge = 30.0f;
    draw_badge(ImVec2(min.x + 6 + badge / 2, min.y + 6 + badge / 2), badge, i, true);
    if (tapped(clicked) && look.enabled) chosen = i;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, static_cast<float>(rows) * cell_height + static_cast<float>(rows - 1) * kGap));
  return chosen;
}

}  // namespace

std::optional<std::size_t> draw_question(AppContext& ctx, const Question& question, const QuestionLook& look, float width) {
  const Pack& pack = *ctx.pack;
  if (const MediaItem* picture = prompt_picture(pack, question)) {
    // Smaller on short screens, so the answers stay in view under it.
    const float size = std::min({kMaxPromptPicture, width * 0.5f, std::max(96.0f, ImGui::GetIO().DisplaySize.y * 0.18f)});
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 min(at.x + (width - size) / 2, at.y);
    draw_picture(ctx.pictures, picture, min, size);
    tap_targets().add("picture.prompt", min, ImVec2(min.x + size, min.y + size));
    ImGui::Dummy(ImVec2(width, size));
  }
  ImGui::PushFont(ctx.fonts.large);
  wrapped_text(question.prompt.in(ctx.language), width);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 4));

  const bool all_pictures = std::all_of(question.choices.begin(), question.choices.end(),
                                        [&](const Choice& choice) { return choice.text.empty() && choice_picture(pack, choice); });
  if (all_pictures) return draw_picture_choices(ctx, question, look, width);
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < question.choices.size(); ++i) {
    if (tapped(draw_choice_row(ctx, question, look, i, width)) && look.enabled) chosen = i;
  }
  return chosen;
}

void draw_feedback(AppContext& ctx, const Question& question, bool right, float width) {
  const Palette& p = palette();
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::PushFont(ctx.fonts.large);
  if (right) {
    ImGui::TextColored(p.right, "%s", tr(ctx.language, "✓ Right", "✓ Bonne réponse"));
  } else {
    std::string letters;
    for (std::size_t index : question.correct)
      letters += letters.empty() ? std::string(1, static_cast<char>('A' + index)) : std::string(", ") + static_cast<char>('A' + index);
    ImGui::TextColored(p.wrong, "%s",
                       format(tr(ctx.language, "✗ Wrong: the answer is %s", "✗ Faux : la bonne réponse est %s"), letters.c_str()).c_str());
  }
  ImGui::PopFont();
  if (!question.explanation.empty()) wrapped_text(question.explanation.in(ctx.language), width);
}

std::optional<std::size_t> choice_key_pressed(std::size_t choice_count) {
  for (std::size_t i = 0; i < choice_count && i < 6; ++i) {
    if (key_pressed(digit_key(i)) || key_pressed(letter_key(i))) {
      return i;
    }
  }
  return std::nullopt;
}

bool confirm_key_pressed() { return key_pressed(Key::enter) || key_pressed(Key::keypad_enter); }

void prefetch_pictures(AppContext& ctx, const Question& question) {
  if (const MediaItem* item = prompt_picture(*ctx.pack, question)) ctx.pictures.get(*item);
  for (const Choice& choice : question.choices) {
    if (const MediaItem* item = choice_picture(*ctx.pack, choice)) ctx.pictures.get(*item);
  }
}

nlohmann::json question_pictures_state(AppContext& ctx, const Question& question) {
  nlohmann::json pictures = nlohmann::json::array();
  if (const MediaItem* item = prompt_picture(*ctx.pack, question)) {
    pictures.push_back({{"role", "prompt"}, {"sha256", item->sha256}, {"ready", ctx.pictures.ready(*item)}});
  }
  for (std::size_t i = 0; i < question.choices.size(); ++i) {
    if (const MediaItem* item = choice_picture(*ctx.pack, question.choices[i])) {
      pictures.push_back({{"role", "choice"}, {"choice", i}, {"sha256", item->sha256}, {"ready", ctx.pictures.ready(*item)}});
    }
  }
  return pictures;
}

}  // namespace umuhanda
