// The lessons screen. ImGui 1.86 has no rich text and the UI font one weight: the page is laid
// out here word by word, with bold drawn twice a device pixel apart.
// [SECTION] Rich text: words, weights and wrapping
// [SECTION] Navigation, keys and the frame
// [SECTION] List
// [SECTION] Page
// [SECTION] Test hook state
#include "app/screens/lessons_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "app/keys.hpp"
#include "app/pictures.hpp"
#include "app/question_pictures.hpp"
#include "app/screens/signs_screen.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

constexpr float kSignPicture = 88.0f;  // CSS px: a sign inline in a lesson, beside its name
constexpr float kMaxImage = 320.0f;    // CSS px: an [image:path] picture
constexpr float kLineSpacing = 1.35f;  // reading text needs more air than ImGui's 1.0
constexpr float kListIndent = 24.0f;   // hanging indent of list items
constexpr std::size_t kWordsPerMinute = 180;

// [SECTION] Rich text: words, weights and wrapping

// The text of a run of spans, with its weight byte by byte.
struct RichText {
  std::string text;
  std::vector<bool> bold;

  void add(const std::string& piece, bool is_bold) {
    text += piece;
    bold.insert(bold.end(), piece.size(), is_bold);
  }
  bool blank() const { return text.find_first_not_of(' ') == std::string::npos; }
};

struct TextStyle {
  ImFont* font = nullptr;
  float size = 0;     // CSS px
  bool bold = false;  // the whole text
  ImU32 colour = 0;
};

// Bold is the regular weight drawn twice, one CSS pixel apart: ImGui puts text on whole CSS
// pixels, so a smaller offset would vanish or not depending on where the word falls.
constexpr float kBoldOffset = 1.0f;

float line_height(float size) { return std::round(size * kLineSpacing); }

// A space before French ":;!?»" or after "«" is no place to break a line.
bool glued(const std::string& text, std::size_t space_begin, std::size_t space_end) {
  if (space_end < text.size()) {
    const char c = text[space_end];
    if (c == ':' || c == ';' || c == '!' || c == '?' || text.compare(space_end, 2, "\xC2\xBB") == 0) return true;
  }
  return space_begin >= 2 && text.compare(space_begin - 2, 2, "\xC2\xAB") == 0;
}

// Lays `rich` out in lines of at most `width` from `at`, breaking at spaces, and draws it; returns
// the height. A line is drawn one stretch of one weight at a time, not word by word: ImGui rounds
// every text position down to a whole pixel, which would make the spaces uneven. A word longer
// than a line (none in natural text at these widths) overflows it.
float draw_rich_text(const RichText& rich, const ImVec2& at, float width, const TextStyle& style) {
  const std::string& t = rich.text;
  const char* text = t.c_str();
  // Calls `run(begin, end, bold)` for each stretch of one weight in [begin, end).
  auto for_each_run = [&](std::size_t begin, std::size_t end, auto run) {
    for (std::size_t s = begin; s < end;) {
      std::size_t e = s;
      while (e < end && rich.bold[e] == rich.bold[s]) ++e;
      run(s, e, style.bold || rich.bold[s]);
      s = e;
    }
  };
  auto run_width = [&](std::size_t s, std::size_t e, bool bold) {
    return style.font->CalcTextSizeA(style.size, FLT_MAX, 0.0f, text + s, text + e).x + (bold ? kBoldOffset : 0.0f);
  };
  auto measure = [&](std::size_t begin, std::size_t end) {
    float w = 0;
    for_each_run(begin, end, [&](std::size_t s, std::size_t e, bool bold) { w += run_width(s, e, bold); });
    return w;
  };

  // Lines: [begin, end) of the text, from the first word's start to the last word's end.
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  const float space = style.font->CalcTextSizeA(style.size, FLT_MAX, 0.0f, " ").x;
  float x = 0;
  for (std::size_t i = 0; i < t.size();) {
    while (i < t.size() && t[i] == ' ') ++i;
    if (i >= t.size()) break;
    std::size_t j = i;
    while (j < t.size()) {
      if (t[j] != ' ') {
        ++j;
        continue;
      }
      std::size_t k = j;
      while (k < t.size() && t[k] == ' ') ++k;
      if (k >= t.size() || !glued(t, j, k)) break;
      j = k;
    }
    const float w = measure(i, j);
    if (lines.empty() || x + space + w > width) {
      lines.emplace_back(i, j);
      x = w;
    } else {
      x += measure(lines.back().second, i) + w;  // the spaces as they are in the text
      lines.back().second = j;
    }
    i = j;
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float height = line_height(style.size);
  float y = at.y;
  for (const auto& [begin, end] : lines) {
    float left = at.x;
    const float top = y + (height - style.size) / 2;
    for_each_run(begin, end, [&](std::size_t s, std::size_t e, bool bold) {
      draw->AddText(style.font, style.size, ImVec2(left, top), style.colour, text + s, text + e);
      if (bold) draw->AddText(style.font, style.size, ImVec2(left + kBoldOffset, top), style.colour, text + s, text + e);
      left += run_width(s, e, bold);
    });
    y += height;
  }
  return y - at.y;
}

std::size_t count_words(const std::string& text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

// [SECTION] Navigation, keys and the frame

std::string LessonsScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Lessons", "Leçons"); }

void LessonsScreen::on_show(AppContext&) {
  if (m_back_from_sign) {
    // Back from a sign the page showed: where the student was reading (ClientApp scrolls to the top).
    m_back_from_sign = false;
    m_restore_scroll = m_page_scroll;
  }
}

void LessonsScreen::on_pack_changed(AppContext& ctx) {
  if (m_view == View::page && !lesson(ctx)) m_view = View::list;
  m_markup_key.clear();
  m_facts.clear();
  changed();
}

bool LessonsScreen::on_back(AppContext&) {
  if (m_view == View::list) return false;
  const bool elsewhere = m_opened_elsewhere;
  m_view = View::list;
  m_opened_elsewhere = false;
  changed();
  if (elsewhere) return false;  // back to the screen that opened the lesson
  m_restore_scroll = m_list_scroll;
  return true;
}

void LessonsScreen::open(AppContext& ctx, const std::string& lesson_slug) {
  if (!ctx.pack) return;
  m_view = View::page;
  m_slug = lesson_slug;
  m_opened_elsewhere = true;
  m_back_from_sign = false;
  changed();
}

void LessonsScreen::show_page(AppContext& ctx, const std::string& slug) {
  if (m_view == View::list) m_list_scroll = ImGui::GetScrollY();
  m_view = View::page;
  m_slug = slug;
  changed();
  ctx.navigator.show(ScreenId::lessons);  // scrolls to the top
}

std::vector<const Lesson*> LessonsScreen::ordered(const AppContext& ctx) const {
  std::vector<const Topic*> topics;
  for (const Topic& topic : ctx.pack->topics) topics.push_back(&topic);
  std::stable_sort(topics.begin(), topics.end(), [](const Topic* a, const Topic* b) { return a->order < b->order; });
  std::vector<const Lesson*> lessons;
  for (const Topic* topic : topics) {
    for (const Lesson& lesson : ctx.pack->lessons) {
      if (lesson.topic == topic->id) lessons.push_back(&lesson);
    }
  }
  for (const Lesson& lesson : ctx.pack->lessons) {
    if (!ctx.pack->find_topic(lesson.topic)) lessons.push_back(&lesson);
  }
  return lessons;
}

const LessonsScreen::Facts& LessonsScreen::facts(const AppContext& ctx, const Lesson& lesson) {
  const std::string key = lesson.slug + '|' + ctx.language;
  auto found = m_facts.find(key);
  if (found != m_facts.end()) return found->second;
  const std::string& body = lesson.body.in(ctx.language);
  Facts facts;
  facts.minutes = std::max<std::size_t>(1, (count_words(body) + kWordsPerMinute / 2) / kWordsPerMinute);
  for (const MarkupBlock& block : parse_lesson_markup(body).blocks) {
    facts.signs += static_cast<std::size_t>(
        std::count_if(block.spans.begin(), block.spans.end(), [](const MarkupSpan& s) { return s.kind == MarkupSpan::Kind::sign; }));
  }
  return m_facts.emplace(key, facts).first->second;
}

const Lesson* LessonsScreen::lesson(const AppContext& ctx) const {
  if (!ctx.pack) return nullptr;
  const auto found = std::find_if(ctx.pack->lessons.begin(), ctx.pack->lessons.end(), [&](const Lesson& l) { return l.slug == m_slug; });
  return found == ctx.pack->lessons.end() ? nullptr : &*found;
}

void LessonsScreen::draw(AppContext& ctx, float width) {
  if (!ctx.pack) return;
  if (m_restore_scroll) {
    ImGui::SetScrollY(*m_restore_scroll);
    m_restore_scroll.reset();
    request_redraw();
  }
  if (m_view == View::page && !ImGui::GetIO().WantTextInput && (key_pressed(Key::left) || key_pressed(Key::right))) {
    const std::vector<const Lesson*> lessons = ordered(ctx);
    const auto at = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson* l) { return l->slug == m_slug; });
    const bool back = key_pressed(Key::left);
    if (at != lessons.end() && back && at != lessons.begin()) show_page(ctx, (*(at - 1))->slug);
    if (at != lessons.end() && !back && at + 1 != lessons.end()) show_page(ctx, (*(at + 1))->slug);
  }
  m_drawn_serial = m_serial;
  m_drawn_language = ctx.language;
  if (m_view == View::page && lesson(ctx)) draw_page(ctx, width);
  else draw_list(ctx, width);
}

// [SECTION] List

void LessonsScreen::draw_list(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  m_pictures.clear();
  const std::vector<const Lesson*> lessons = ordered(ctx);
  if (lessons.empty()) {
    muted_text(tr(l, "This pack has no lessons yet.", "Ce paquet n’a pas encore de leçons."), width);
    return;
  }
  std::string topic_id = "\n";  // no topic has this id: the first lesson starts a group
  for (const Lesson* lesson : lessons) {
    if (lesson->topic != topic_id) {
      topic_id = lesson->topic;
      const Topic* topic = ctx.pack->find_topic(topic_id);
      ImGui::Dummy(ImVec2(0, 2));
      heading(topic ? topic->name.in(l) : tr(l, "Other lessons", "Autres leçons"), ctx.fonts.large);
    }
    const Facts& f = facts(ctx, *lesson);
    std::string subtitle = format(tr(l, "About %zu min read", "Environ %zu min de lecture"), f.minutes);
    if (f.signs == 1) subtitle += tr(l, "  •  1 sign", "  •  1 panneau");
    else if (f.signs > 1) subtitle += format(tr(l, "  •  %zu signs", "  •  %zu panneaux"), f.signs);
    if (tap_row("lessons.open." + lesson->slug, lesson->title.in(l), subtitle, width)) show_page(ctx, lesson->slug);
  }
}

// [SECTION] Page

void LessonsScreen::draw_page(AppContext& ctx, float width) {
  const Palette& p = palette();
  const std::string& l = ctx.language;
  const Lesson& shown = *lesson(ctx);
  const std::string key = shown.slug + '|' + l;
  if (key != m_markup_key) {
    m_markup = parse_lesson_markup(shown.body.in(l));
    m_markup_key = key;
  }
  m_pictures.clear();

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  float y = origin.y;
  RichText title;
  title.add(shown.title.in(l), true);
  const float large = ctx.fonts.large ? ImGui::GetFontSize() * ctx.fonts.large->FontSize / ImGui::GetFont()->FontSize : ImGui::GetFontSize();
  ImFont* large_font = ctx.fonts.large ? ctx.fonts.large : ImGui::GetFont();
  y += draw_rich_text(title, ImVec2(origin.x, y), width, {large_font, large, true, to_u32(p.text)});
  RichText meta;
  const Topic* topic = ctx.pack->find_topic(shown.topic);
  meta.add((topic ? topic->name.in(l) + "  •  " : std::string()) +
               format(tr(l, "About %zu min read", "Environ %zu min de lecture"), facts(ctx, shown).minutes),
           false);
  y += draw_rich_text(meta, ImVec2(origin.x, y), width, {ImGui::GetFont(), ImGui::GetFontSize(), false, to_u32(p.text_muted)});
  y += 6.0f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + 2.0f), p.track, 1.0f);
  y += 8.0f;

  for (std::size_t i = 0; i < m_markup.blocks.size(); ++i) {
    const MarkupBlock& block = m_markup.blocks[i];
    const bool list_after_list = block.kind == MarkupBlock::Kind::list_item && i > 0 && m_markup.blocks[i - 1].kind == MarkupBlock::Kind::list_item;
    const bool title_like = block.kind == MarkupBlock::Kind::heading || block.kind == MarkupBlock::Kind::subheading;
    y += list_after_list ? 2.0f : title_like ? (i > 0 ? 20.0f : 14.0f) : 10.0f;
    y += draw_block(ctx, block, i, origin.x, y, width);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, y - origin.y + 8.0f));

  // On to the next lesson (or back), in the list's order.
  const std::vector<const Lesson*> lessons = ordered(ctx);
  const auto at = std::find(lessons.begin(), lessons.end(), &shown);
  if (at != lessons.end() && at + 1 != lessons.end()) {
    if (tap_row("lessons.next", tr(l, "Next lesson  →", "Leçon suivante  →"), (*(at + 1))->title.in(l), width)) show_page(ctx, (*(at + 1))->slug);
  } else {
    muted_text(tr(l, "This is the last lesson.", "C’est la dernière leçon."), width);
  }
  if (at != lessons.end() && at != lessons.begin()) {
    if (tap_row("lessons.previous", tr(l, "←  Previous lesson", "←  Leçon précédente"), (*(at - 1))->title.in(l), width)) {
      show_page(ctx, (*(at - 1))->slug);
    }
  }
}

float LessonsScreen::draw_block(AppContext& ctx, const MarkupBlock& block, std::size_t, float x, float y, float width) {
  const Palette& p = palette();
  const bool item = block.kind == MarkupBlock::Kind::list_item;
  const bool title_like = block.kind == MarkupBlock::Kind::heading || block.kind == MarkupBlock::Kind::subheading;
  ImFont* font = title_like && ctx.fonts.large ? ctx.fonts.large : ImGui::GetFont();
  const float size = ImGui::GetFontSize() * font->FontSize / ImGui::GetFont()->FontSize;
  const TextStyle style{font, size, block.kind == MarkupBlock::Kind::heading, to_u32(p.text)};
  const float indent = item ? kListIndent : 0.0f;
  if (item) {
    ImGui::GetWindowDrawList()->AddText(font, size, ImVec2(x + 6.0f, y + (line_height(size) - size) / 2), to_u32(p.text_muted), "•");
  }
  if (block.kind == MarkupBlock::Kind::subheading) {
    // A short accent bar under section titles: the page's structure at a glance without a bold font.
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, y - 6.0f), ImVec2(x + 28.0f, y - 3.0f), to_u32(p.accent), 1.5f);
  }
  float height = 0;
  RichText text;
  auto flush = [&] {
    if (!text.blank()) {
      if (height > 0) height += 8.0f;
      height += draw_rich_text(text, ImVec2(x + indent, y + height), width - indent, style);
    }
    text = RichText{};
  };
  for (const MarkupSpan& span : block.spans) {
    switch (span.kind) {
      case MarkupSpan::Kind::text: text.add(span.value, false); break;
      case MarkupSpan::Kind::bold: text.add(span.value, true); break;
      case MarkupSpan::Kind::sign:
      case MarkupSpan::Kind::image:
        flush();
        if (height > 0) height += 8.0f;
        height += span.kind == MarkupSpan::Kind::sign ? draw_sign(ctx, span.value, x + indent, y + height, width - indent)
                                                      : draw_image(ctx, span.value, x + indent, y + height, width - indent);
        break;
    }
  }
  flush();
  return height;
}

// A sign inline: its picture with its name and category beside it, on a card that opens its detail.
float LessonsScreen::draw_sign(AppContext& ctx, const std::string& sign_id, float x, float y, float width) {
  const Palette& p = palette();
  const std::string& l = ctx.language;
  const Sign* sign = ctx.pack->find_sign(sign_id);
  if (!sign) return 0.0f;  // pack validation reports unknown signs; nothing to show
  const float pad = 10.0f, arrow = 24.0f;
  const float text_x = x + pad + kSignPicture + 14.0f;
  const float text_width = x + width - pad - arrow - text_x;
  const std::string name = sign->name.in(l);
  const std::string meta = sign->code + "  •  " + sign_category_label(l, sign->category);
  const ImVec2 name_size = ImGui::CalcTextSize(name.c_str(), nullptr, false, text_width);
  const ImVec2 meta_size = ImGui::CalcTextSize(meta.c_str(), nullptr, false, text_width);
  const float text_height = name_size.y + 4.0f + meta_size.y;
  const float height = std::max(kSignPicture, text_height) + 2 * pad;
  const ImVec2 min(x, y), max(x + width, y + height);

  ImGui::SetCursorScreenPos(min);
  ImGui::PushID(static_cast<int>(m_pictures.size()));
  const bool clicked = ImGui::InvisibleButton("sign", ImVec2(width, height));
  ImGui::PopID();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::IsItemHovered() ? p.surface_hovered : p.surface, 10.0f);
  draw->AddRect(min, max, p.border, 10.0f);
  const MediaItem* item = sign_picture(*ctx.pack, *sign);
  const ImVec2 picture_min(x + pad, y + (height - kSignPicture) / 2);
  draw_picture(ctx.pictures, item, picture_min, kSignPicture);
  const float text_y = y + (height - text_height) / 2;
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(text_x, text_y), to_u32(p.text), name.c_str(), nullptr, text_width);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(text_x, text_y + name_size.y + 4.0f), to_u32(p.text_muted), meta.c_str(), nullptr,
                text_width);
  const ImVec2 arrow_size = ImGui::CalcTextSize("→");
  draw->AddText(ImVec2(max.x - pad - arrow_size.x, y + (height - arrow_size.y) / 2), to_u32(p.text_muted), "→");
  tap_targets().add("lesson.sign." + sign->id, min, max);
  m_pictures.push_back({sign->id, item ? item->path : std::string(), picture_min.x, picture_min.y, kSignPicture});
  if (tapped(clicked)) {
    m_page_scroll = ImGui::GetScrollY();
    m_back_from_sign = true;
    ctx.navigator.open_sign(sign->id);
  }
  return height;
}

float LessonsScreen::draw_image(AppContext& ctx, const std::string& path, float x, float y, float width) {
  const MediaItem* item = ctx.pack->find_media(path);
  const float size = std::min(kMaxImage, width);
  const ImVec2 min(x + (width - size) / 2, y);
  draw_picture(ctx.pictures, item, min, size);
  m_pictures.push_back({std::string(), path, min.x, min.y, size});
  return size;
}

// [SECTION] Test hook state

nlohmann::json LessonsScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", m_view == View::page ? "page" : "list"},
                          {"serial", m_serial},
                          {"drawn", {{"serial", m_drawn_serial}, {"language", m_drawn_language}}}};
  if (!ctx.pack) return state;
  state["lesson_count"] = ctx.pack->lessons.size();
  const Lesson* shown = m_view == View::page ? lesson(ctx) : nullptr;
  if (!shown) return state;
  state["slug"] = shown->slug;
  state["title"] = shown->title.in(ctx.language);
  state["block_count"] = m_markup.blocks.size();
  state["markup_problems"] = m_markup.problems.size();
  nlohmann::json pictures = nlohmann::json::array();
  for (const PagePicture& picture : m_pictures) {
    const MediaItem* item = ctx.pack->find_media(picture.path);
    nlohmann::json entry = {{"path", picture.path},
                            {"ready", item && ctx.pictures.ready(*item)},
                            {"rect", {{"x", picture.x}, {"y", picture.y}, {"width", picture.size}, {"height", picture.size}}}};
    if (!picture.sign.empty()) entry["sign"] = picture.sign;
    pictures.push_back(std::move(entry));
  }
  state["pictures"] = std::move(pictures);
  return state;
}

}  // namespace umuhanda
