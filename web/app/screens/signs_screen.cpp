// The road signs screen.
// [SECTION] Search: case- and accent-insensitive matching
// [SECTION] Navigation, keys and the frame
// [SECTION] Grid
// [SECTION] Detail
// [SECTION] Flashcards
// [SECTION] Flashcard boxes in storage
// [SECTION] Test hook state
#include "app/screens/signs_screen.hpp"

#include <SDL_scancode.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <map>

#include "app/pictures.hpp"
#include "app/question_pictures.hpp"
#include "app/question_view.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/key_value_store.hpp"

namespace umuhanda {
namespace {

constexpr const char* kFlashcardsKey = "flashcards";  // in the "meta" store
constexpr int kFlashcardTopBox = 5;
constexpr std::size_t kDealAgainAfter = 3;  // a "Not yet" card comes back after this many others
constexpr float kMinCellWidth = 128.0f;     // never fewer than three across (a 360-390 px phone)
constexpr float kMaxCellPicture = 120.0f;   // the 256 px image stays sharp at 2x
constexpr float kCellNameScale = 0.84f;     // names under the pictures, a little smaller than body text
constexpr std::size_t kCellNameLines = 3;
constexpr float kMaxBigPicture = 200.0f;

// [SECTION] Search: case- and accent-insensitive matching

struct FoldRange {
  char32_t first, last;
  const char* base;
};
// Latin-1 and Latin Extended-A letters to lower-case ASCII: "Cédez" matches "cedez", "œil" "oeil".
constexpr FoldRange kFolds[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},   {0xCC, 0xCF, "i"},   {0xD0, 0xD0, "d"},
    {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD8, 0xD8, "o"},   {0xD9, 0xDC, "u"},   {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},
    {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},   {0xE6, 0xE6, "ae"},  {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},
    {0xF0, 0xF0, "d"},   {0xF1, 0xF1, "n"},   {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},
    {0xFE, 0xFE, "th"},  {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

// Lower case without accents; punctuation and apostrophes become single spaces, so "cedez le
// passage" finds "Cédez-le-passage" and "l'arret" finds "l’arrêt". Other scripts pass unchanged.
std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (i + length > text.size()) break;
    char32_t code = lead;
    if (length == 2) code = ((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
    if (length == 3) {
      code = ((lead & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) | (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    }
    if (code < 0x80) {
      if (std::isalnum(static_cast<int>(code))) out += static_cast<char>(std::tolower(static_cast<int>(code)));
      else space();
    } else if (code == 0xA0 || code == 0x202F || (code >= 0x2010 && code <= 0x201F) || code == 0xAB || code == 0xBB) {
      space();  // no-break spaces, dashes, quotes
    } else {
      const auto* fold_range = std::find_if(std::begin(kFolds), std::end(kFolds), [&](const FoldRange& r) { return code >= r.first && code <= r.last; });
      if (fold_range != std::end(kFolds)) out += fold_range->base;
      else out.append(text.substr(i, length));
    }
    i += length;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> split_words(const std::string& folded) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Every word of the query appears in the sign's code, name or meaning ("C-01" also as "c01").
bool matches(const Sign& sign, const std::vector<std::string>& words, const std::string& language) {
  if (words.empty()) return true;
  std::string code = fold(sign.code);
  std::string compact = code;
  compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
  const std::string haystack = code + ' ' + compact + ' ' + fold(sign.name.in(language)) + ' ' + fold(sign.meaning.in(language));
  return std::all_of(words.begin(), words.end(), [&](const std::string& word) { return haystack.find(word) != std::string::npos; });
}

std::vector<const Sign*> grid_order(const Pack& pack, const char* query, const std::string& language) {
  const std::vector<std::string> words = split_words(fold(query));
  std::vector<const Sign*> found;
  for (std::size_t category = 0; category < std::size(kSignCategoryNames); ++category) {
    for (const Sign& sign : pack.signs) {
      if (static_cast<std::size_t>(sign.category) == category && matches(sign, words, language)) found.push_back(&sign);
    }
  }
  return found;
}

// The questions whose prompt or one of whose choices shows the sign.
std::vector<const Question*> related_questions(const Pack& pack, const std::string& sign_id) {
  std::vector<const Question*> related;
  for (const Question& question : pack.questions) {
    const bool shows = question.sign == sign_id ||
                       std::any_of(question.choices.begin(), question.choices.end(), [&](const Choice& c) { return c.sign == sign_id; });
    if (shows) related.push_back(&question);
  }
  return related;
}

std::string choice_label(const AppContext& ctx, const Choice& choice) {
  if (!choice.text.empty()) return choice.text.in(ctx.language);
  if (const Sign* sign = choice.sign.empty() ? nullptr : ctx.pack->find_sign(choice.sign)) return sign->name.in(ctx.language);
  return tr(ctx.language, "(a picture)", "(une image)");
}

// Lines of `text` that fit `width` at `size`, at most `max_lines`; the last one ends in "…" when cut.
std::vector<std::string> wrap_lines(ImFont* font, float size, const std::string& text, float width, std::size_t max_lines) {
  std::vector<std::string> lines;
  const char* s = text.c_str();
  const char* end = s + text.size();
  const float scale = size / font->FontSize;
  auto text_width = [&](const std::string& line) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, line.c_str()).x; };
  while (s < end && lines.size() < max_lines) {
    while (s < end && *s == ' ') ++s;
    if (s == end) break;
    const char* wrap = font->CalcWordWrapPositionA(scale, s, end, width);
    if (wrap == s) wrap = s + 1;
    while (wrap < end && (static_cast<unsigned char>(*wrap) & 0xC0) == 0x80) ++wrap;  // never inside a UTF-8 sequence
    std::string line(s, wrap);
    if (lines.size() + 1 == max_lines && wrap < end) {
      line.assign(s, end);
      while (!line.empty() && text_width(line + "…") > width) {
        do line.pop_back();
        while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80);
        if (!line.empty()) line.pop_back();
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      line += "…";
      wrap = end;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    s = wrap;
  }
  return lines;
}

// A card's background: the surface colour, lighter when hovered, with the border.
void draw_card(const ImVec2& min, const ImVec2& max, bool hovered) {
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, hovered ? p.surface_hovered : p.surface, 10.0f);
  draw->AddRect(min, max, p.border, 10.0f);
}

nlohmann::json rect_json(const ImVec2& min, float size) { return {{"x", min.x}, {"y", min.y}, {"width", size}, {"height", size}}; }

}  // namespace

const char* sign_category_label(const std::string& language, SignCategory category) {
  switch (category) {
    case SignCategory::warning: return tr(language, "Warning signs", "Panneaux de danger");
    case SignCategory::priority: return tr(language, "Priority signs", "Panneaux de priorité");
    case SignCategory::prohibitory: return tr(language, "Prohibitory signs", "Panneaux d’interdiction");
    case SignCategory::mandatory: return tr(language, "Mandatory signs", "Panneaux d’obligation");
    case SignCategory::special_regulation: return tr(language, "Special regulation signs", "Panneaux de prescription particulière");
    case SignCategory::information: return tr(language, "Information signs", "Panneaux d’indication");
    case SignCategory::road_marking: return tr(language, "Road markings", "Marquage au sol");
    case SignCategory::light_signal: return tr(language, "Light signals", "Feux de signalisation");
    case SignCategory::officer_gesture: return tr(language, "Police officers’ signals", "Signaux des agents de la circulation");
  }
  return "";
}

// [SECTION] Navigation, keys and the frame

std::string SignsScreen::title(const AppContext& ctx) const {
  if (m_view == View::flashcards) return tr(ctx.language, "Flashcards", "Cartes mémoire");
  return tr(ctx.language, "Road signs", "Panneaux");
}

void SignsScreen::on_show(AppContext& ctx) { load_boxes(ctx); }

void SignsScreen::on_pack_changed(AppContext& ctx) {
  if (m_view == View::detail && !ctx.pack->find_sign(m_sign_id)) m_view = View::grid;
  m_deck.erase(std::remove_if(m_deck.begin(), m_deck.end(), [&](const std::string& id) { return !ctx.pack->find_sign(id); }), m_deck.end());
  m_card = std::min(m_card, m_deck.size());
  m_drawn_pictures.clear();  // they pointed into the old pack
  changed();
}

bool SignsScreen::on_back(AppContext&) {
  if (m_view == View::grid) return false;
  const bool elsewhere = m_view == View::detail && m_opened_elsewhere;
  m_view = View::grid;
  m_opened_elsewhere = false;
  changed();
  if (elsewhere) return false;  // back to the lesson (or screen) that opened the sign
  m_restore_scroll = m_grid_scroll;
  return true;
}

void SignsScreen::open(AppContext& ctx, const std::string& sign_id) {
  if (!ctx.pack || !ctx.pack->find_sign(sign_id)) return;
  m_view = View::detail;
  m_sign_id = sign_id;
  m_opened_elsewhere = true;
  changed();
}

void SignsScreen::show_detail(AppContext&, const std::string& sign_id) {
  if (m_view == View::grid) m_grid_scroll = ImGui::GetScrollY();
  m_view = View::detail;
  m_sign_id = sign_id;
  changed();
}

std::vector<const Sign*> SignsScreen::matching(const AppContext& ctx) const { return grid_order(*ctx.pack, m_query, ctx.language); }

std::vector<const Sign*> SignsScreen::browse_list(const AppContext& ctx) const {
  std::vector<const Sign*> list = matching(ctx);
  if (std::none_of(list.begin(), list.end(), [&](const Sign* s) { return s->id == m_sign_id; })) list = grid_order(*ctx.pack, "", ctx.language);
  return list;
}

// The sign `step` places away in browse_list(), round the ends.
std::string SignsScreen::neighbour(const AppContext& ctx, int step) const {
  const std::vector<const Sign*> list = browse_list(ctx);
  const auto at = std::find_if(list.begin(), list.end(), [&](const Sign* s) { return s->id == m_sign_id; });
  if (at == list.end()) return m_sign_id;
  const auto n = static_cast<std::ptrdiff_t>(list.size());
  return list[static_cast<std::size_t>((((at - list.begin()) + step) % n + n) % n)]->id;
}

void SignsScreen::draw(AppContext& ctx, float width) {
  if (!ctx.pack) return;
  load_boxes(ctx);
  if (m_restore_scroll) {
    // Back on the grid where the student left it (ClientApp scrolled to the top on back).
    ImGui::SetScrollY(*m_restore_scroll);
    m_restore_scroll.reset();
    request_redraw();
  }
  // Arrows, Enter, 1 and 2 belong to the search box while it is being typed in.
  const bool keys = !ImGui::GetIO().WantTextInput;
  if (keys && m_view == View::detail) {
    if (ImGui::IsKeyPressed(SDL_SCANCODE_LEFT, false) || ImGui::IsKeyPressed(SDL_SCANCODE_RIGHT, false)) {
      show_detail(ctx, neighbour(ctx, ImGui::IsKeyPressed(SDL_SCANCODE_LEFT, false) ? -1 : 1));
      ctx.navigator.show(ScreenId::signs);  // scrolls to the top
    }
  } else if (keys && m_view == View::flashcards && m_card < m_deck.size()) {
    if (!m_revealed && confirm_key_pressed()) {
      m_revealed = true;
      changed();
    } else if (m_revealed && (ImGui::IsKeyPressed(SDL_SCANCODE_1, false) || ImGui::IsKeyPressed(SDL_SCANCODE_KP_1, false))) {
      grade(ctx, true);
    } else if (m_revealed && (ImGui::IsKeyPressed(SDL_SCANCODE_2, false) || ImGui::IsKeyPressed(SDL_SCANCODE_KP_2, false))) {
      grade(ctx, false);
    } else if (ImGui::IsKeyPressed(SDL_SCANCODE_LEFT, false)) {
      move_card(-1);
    } else if (ImGui::IsKeyPressed(SDL_SCANCODE_RIGHT, false)) {
      move_card(1);
    }
  }

  m_drawn_serial = m_serial;
  m_drawn_language = ctx.language;
  m_drawn_pictures.clear();
  switch (m_view) {
    case View::grid: draw_grid(ctx, width); break;
    case View::detail: draw_detail(ctx, width); break;
    case View::flashcards: draw_flashcards(ctx, width); break;
  }
}

// [SECTION] Grid

void SignsScreen::draw_search(AppContext& ctx, float width, const std::vector<const Sign*>& found) {
  const Palette& p = palette();
  const bool has_text = m_query[0] != '\0';
  const float clear_width = has_text ? kMinTapHeight + ImGui::GetStyle().ItemSpacing.x : 0.0f;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(kPadding, (kMinTapHeight - ImGui::GetFontSize()) / 2));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, ImGui::GetStyle().FrameBorderSize));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(p.border));
  ImGui::SetNextItemWidth(width - clear_width);
  const bool entered = ImGui::InputTextWithHint("##signs.search", tr(ctx.language, "Search: name, code or meaning", "Chercher : nom, code ou sens"),
                                                m_query, sizeof m_query, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemEdited()) changed();
  tap_targets().add_last_item("signs.search");
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
  if (has_text) {
    ImGui::SameLine();
    if (tap_button("signs.search.clear", "✗", ImVec2(kMinTapHeight, kMinTapHeight), ButtonKind::secondary)) {
      m_query[0] = '\0';
      changed();
    }
  }
  // Enter in the search box opens the first sign found.
  if (entered && !found.empty()) {
    show_detail(ctx, found.front()->id);
    ctx.navigator.show(ScreenId::signs);
  }
}

void SignsScreen::draw_grid(AppContext& ctx, float width) {
  const Palette& p = palette();
  const std::string& l = ctx.language;
  const std::vector<const Sign*> found = matching(ctx);
  m_visible = found.size();
  draw_search(ctx, width, found);
  if (m_view != View::grid) return;
  if (found.empty()) {
    muted_text(format(tr(l, "No sign matches “%s”.", "Aucun panneau ne correspond à « %s »."), m_query), width);
    return;
  }
  const std::string deal = found.size() == ctx.pack->signs.size() ? format(tr(l, "Flashcards: all %zu signs", "Cartes mémoire : les %zu panneaux"), found.size())
                           : found.size() == 1                    ? std::string(tr(l, "Flashcards: this sign", "Cartes mémoire : ce panneau"))
                                                                  : format(tr(l, "Flashcards: these %zu signs", "Cartes mémoire : ces %zu panneaux"), found.size());
  if (tap_button("signs.flashcards", deal.c_str(), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
    start_flashcards(ctx, found);
    return;
  }

  const float gap = kGap;
  const int columns = std::clamp(static_cast<int>((width + gap) / (kMinCellWidth + gap)), 3, 6);
  const float cell_width = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float inset = 8.0f;
  const float picture = std::min(kMaxCellPicture, cell_width - 2 * inset);
  ImFont* font = ImGui::GetFont();
  const float name_size = ImGui::GetFontSize() * kCellNameScale;
  const float line_height = name_size * 1.15f;
  const float name_width = cell_width - 2 * 6.0f;

  std::size_t first = 0;
  while (first < found.size()) {
    const SignCategory category = found[first]->category;
    std::size_t last = first;
    while (last < found.size() && found[last]->category == category) ++last;
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::PushFont(ctx.fonts.large);
    // A long category name ("Panneaux de prescription particulière") wraps on a phone, its count
    // after the last line.
    const std::string count = std::to_string(last - first);
    const float count_room = ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(count.c_str()).x;
    const std::vector<std::string> heading_lines =
        wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), sign_category_label(l, category), std::max(width - count_room, width / 2), 4);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0.0f));  // lines of one heading
    for (std::size_t i = 0; i + 1 < heading_lines.size(); ++i) ImGui::TextUnformatted(heading_lines[i].c_str());
    ImGui::PopStyleVar();
    if (!heading_lines.empty()) ImGui::TextUnformatted(heading_lines.back().c_str());
    ImGui::SameLine();
    ImGui::TextColored(p.text_muted, "%s", count.c_str());
    ImGui::PopFont();

    for (std::size_t row = first; row < last; row += static_cast<std::size_t>(columns)) {
      const std::size_t row_end = std::min(last, row + static_cast<std::size_t>(columns));
      std::vector<std::vector<std::string>> names;
      std::size_t lines = 1;
      for (std::size_t i = row; i < row_end; ++i) {
        names.push_back(wrap_lines(font, name_size, found[i]->name.in(l), name_width, kCellNameLines));
        lines = std::max(lines, names.back().size());
      }
      const float row_height = inset + picture + 6.0f + static_cast<float>(lines) * line_height + inset;
      const ImVec2 origin = ImGui::GetCursorScreenPos();
      // Only rows on screen ask for their pictures: 107 signs would not fit the texture cache.
      if (ImGui::IsRectVisible(origin, ImVec2(origin.x + width, origin.y + row_height))) {
        for (std::size_t i = row; i < row_end; ++i) {
          const Sign& sign = *found[i];
          const ImVec2 min(origin.x + static_cast<float>(i - row) * (cell_width + gap), origin.y);
          const ImVec2 max(min.x + cell_width, min.y + row_height);
          ImGui::SetCursorScreenPos(min);
          ImGui::PushID(sign.id.c_str());
          const bool clicked = ImGui::InvisibleButton("cell", ImVec2(cell_width, row_height));
          ImGui::PopID();
          draw_card(min, max, ImGui::IsItemHovered());
          const MediaItem* item = sign_picture(*ctx.pack, sign);
          draw_picture(ctx.pictures, item, ImVec2(min.x + (cell_width - picture) / 2, min.y + inset), picture);
          m_drawn_pictures.push_back(item);
          float y = min.y + inset + picture + 6.0f;
          for (const std::string& line : names[i - row]) {
            const float w = font->CalcTextSizeA(name_size, FLT_MAX, 0.0f, line.c_str()).x;
            ImGui::GetWindowDrawList()->AddText(font, name_size, ImVec2(min.x + (cell_width - w) / 2, y), to_u32(p.text), line.c_str());
            y += line_height;
          }
          tap_targets().add("signs.cell." + sign.id, min, max);
          if (tapped(clicked)) {
            show_detail(ctx, sign.id);
            ctx.navigator.show(ScreenId::signs);
          }
        }
        ImGui::SetCursorScreenPos(origin);
      }
      ImGui::Dummy(ImVec2(width, row_height));
    }
    first = last;
  }
}

// [SECTION] Detail

void SignsScreen::draw_detail(AppContext& ctx, float width) {
  const Palette& p = palette();
  const std::string& l = ctx.language;
  const Sign* sign = ctx.pack->find_sign(m_sign_id);
  if (!sign) {
    m_view = View::grid;
    changed();
    return;
  }
  const float size = std::min(kMaxBigPicture, width * 0.55f);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 picture_min(at.x + (width - size) / 2, at.y);
  draw_picture(ctx.pictures, sign_picture(*ctx.pack, *sign), picture_min, size);
  m_picture_min_x = picture_min.x, m_picture_min_y = picture_min.y, m_picture_size = size;
  ImGui::Dummy(ImVec2(width, size));

  muted_text(sign->code + "  •  " + sign_category_label(l, sign->category), width);
  ImGui::PushFont(ctx.fonts.large);
  wrapped_text(sign->name.in(l), width);
  ImGui::PopFont();
  wrapped_text(sign->meaning.in(l), width);

  const std::vector<const Sign*> list = browse_list(ctx);
  const auto index = static_cast<std::size_t>(std::find(list.begin(), list.end(), sign) - list.begin());
  m_position = index;
  ImGui::Dummy(ImVec2(0, 2));
  const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
  std::optional<std::string> go_to;
  if (tap_button("signs.detail.previous", tr(l, "←  Previous", "←  Précédent"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    go_to = neighbour(ctx, -1);
  }
  ImGui::SameLine();
  if (tap_button("signs.detail.next", tr(l, "Next  →", "Suivant  →"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    go_to = neighbour(ctx, 1);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
  const std::string position = format(tr(l, "Sign %zu of %zu", "Panneau %zu sur %zu"), index + 1, list.size());
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - ImGui::CalcTextSize(position.c_str()).x) / 2);
  ImGui::TextUnformatted(position.c_str());
  ImGui::PopStyleColor();
  // The neighbours' pictures decode while this one is read.
  for (std::size_t next : {(index + 1) % list.size(), (index + list.size() - 1) % list.size()}) {
    if (const MediaItem* item = sign_picture(*ctx.pack, *list[next])) ctx.pictures.get(*item);
  }

  draw_related(ctx, *sign, width);
  if (go_to) {
    show_detail(ctx, *go_to);
    ctx.navigator.show(ScreenId::signs);
  }
}

void SignsScreen::draw_related(AppContext& ctx, const Sign& sign, float width) {
  const Palette& p = palette();
  const std::string& l = ctx.language;
  const std::vector<const Question*> related = related_questions(*ctx.pack, sign.id);
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::PushFont(ctx.fonts.large);
  if (related.empty()) {
    ImGui::TextUnformatted(tr(l, "No question shows this sign", "Aucune question ne montre ce panneau"));
    ImGui::PopFont();
    return;
  }
  wrapped_text(related.size() == 1 ? tr(l, "1 question shows this sign", "1 question montre ce panneau")
                                   : format(tr(l, "%zu questions show this sign", "%zu questions montrent ce panneau"), related.size()),
               width);
  ImGui::PopFont();

  // Each question with its right answer, to read: a practice session picks its own questions.
  const float text_width = width - 2 * kPadding;
  for (const Question* question : related) {
    const std::string prompt = question->prompt.in(l);
    std::string answer;
    for (std::size_t index : question->correct) {
      if (index >= question->choices.size()) continue;
      if (!answer.empty()) answer += "; ";
      answer += choice_label(ctx, question->choices[index]);
    }
    answer = format(tr(l, "Answer: %s", "Réponse : %s"), answer.c_str());
    const ImVec2 prompt_size = ImGui::CalcTextSize(prompt.c_str(), nullptr, false, text_width);
    const ImVec2 answer_size = ImGui::CalcTextSize(answer.c_str(), nullptr, false, text_width);
    const float height = kPadding + prompt_size.y + 6.0f + answer_size.y + kPadding;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + height);
    ImGui::Dummy(ImVec2(width, height));
    if (!ImGui::IsRectVisible(min, max)) continue;
    draw_card(min, max, false);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + kPadding, min.y + kPadding), to_u32(p.text), prompt.c_str(), nullptr,
                  text_width);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + kPadding, min.y + kPadding + prompt_size.y + 6.0f), to_u32(p.right),
                  answer.c_str(), nullptr, text_width);
  }

  // Practice draws from a whole topic: offer the topic most of these questions belong to.
  std::map<std::string, std::size_t> by_topic;
  for (const Question* question : related) ++by_topic[question->topic];
  const auto topic_id = std::max_element(by_topic.begin(), by_topic.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  if (const Topic* topic = ctx.pack->find_topic(topic_id)) {
    const std::string label = format(tr(l, "Practise: %s", "S’entraîner : %s"), topic->name.in(l).c_str());
    if (tap_button("signs.practise", label.c_str(), ImVec2(width, kMinTapHeight))) ctx.navigator.start_practice(PracticeScope{PracticeMode::topic, topic->id});
    muted_text(tr(l, "Practice asks questions from the whole topic.", "L’entraînement pose des questions de tout le thème."), width);
  }
}

// [SECTION] Flashcards

void SignsScreen::start_flashcards(AppContext& ctx, const std::vector<const Sign*>& signs) {
  // Leitner order: cards last answered "Not yet" first, then new ones, then the lower boxes.
  auto rank = [&](const Sign* sign) {
    const auto box = m_boxes.find(sign->id);
    if (box == m_boxes.end()) return 1;
    return box->second == 0 ? 0 : box->second + 1;
  };
  std::vector<const Sign*> ordered = signs;
  std::stable_sort(ordered.begin(), ordered.end(), [&](const Sign* a, const Sign* b) { return rank(a) < rank(b); });
  m_deck.clear();
  for (const Sign* sign : ordered) m_deck.push_back(sign->id);
  m_deck_signs = m_deck.size();
  m_card = 0;
  m_revealed = false;
  m_graded.clear();
  if (m_view == View::grid) m_grid_scroll = ImGui::GetScrollY();
  m_view = View::flashcards;
  changed();
  ctx.navigator.show(ScreenId::signs);
}

void SignsScreen::grade(AppContext& ctx, bool knew) {
  if (m_card >= m_deck.size()) return;
  const std::string id = m_deck[m_card];
  m_graded[id] = knew;
  int& box = m_boxes[id];
  box = knew ? std::min(box + 1, kFlashcardTopBox) : 0;
  if (!knew) m_deck.insert(m_deck.begin() + static_cast<std::ptrdiff_t>(std::min(m_card + 1 + kDealAgainAfter, m_deck.size())), id);
  ++m_card;
  m_revealed = false;
  changed();
  save_boxes(ctx);
  ctx.navigator.show(ScreenId::signs);
}

void SignsScreen::move_card(int step) {
  if (step < 0 && m_card == 0) return;
  if (step > 0 && m_card >= m_deck.size()) return;
  m_card = step < 0 ? m_card - 1 : m_card + 1;
  m_revealed = false;
  changed();
}

void SignsScreen::draw_flashcards(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  if (m_card >= m_deck.size()) return draw_flashcards_done(ctx, width);
  const Sign* sign = ctx.pack->find_sign(m_deck[m_card]);
  if (!sign) return draw_flashcards_done(ctx, width);
  const std::size_t known = static_cast<std::size_t>(std::count_if(m_graded.begin(), m_graded.end(), [](const auto& g) { return g.second; }));

  muted_text(format(tr(l, "Card %zu of %zu  •  %zu known", "Carte %zu sur %zu  •  %zu connues"), m_card + 1, m_deck.size(), known), width);
  progress_bar(m_deck_signs ? static_cast<float>(known) / static_cast<float>(m_deck_signs) : 0.0f, width, 6.0f);
  ImGui::Dummy(ImVec2(0, 2));

  const float size = std::min(kMaxBigPicture + 20.0f, width * 0.6f);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 picture_min(at.x + (width - size) / 2, at.y);
  draw_picture(ctx.pictures, sign_picture(*ctx.pack, *sign), picture_min, size);
  m_picture_min_x = picture_min.x, m_picture_min_y = picture_min.y, m_picture_size = size;
  ImGui::Dummy(ImVec2(width, size));
  if (m_card + 1 < m_deck.size()) {
    if (const Sign* next = ctx.pack->find_sign(m_deck[m_card + 1])) {
      if (const MediaItem* item = sign_picture(*ctx.pack, *next)) ctx.pictures.get(*item);
    }
  }

  const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (!m_revealed) {
    ImGui::PushFont(ctx.fonts.large);
    const char* ask = tr(l, "What does this sign mean?", "Que signifie ce panneau ?");
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - ImGui::CalcTextSize(ask).x) / 2));
    wrapped_text(ask, width);
    ImGui::PopFont();
    if (tap_button("flashcards.reveal", tr(l, "Show answer", "Voir la réponse"), ImVec2(width, kMinTapHeight))) {
      m_revealed = true;
      changed();
    }
  } else {
    ImGui::PushFont(ctx.fonts.large);
    wrapped_text(sign->name.in(l), width);
    ImGui::PopFont();
    muted_text(sign->code + "  •  " + sign_category_label(l, sign->category), width);
    wrapped_text(sign->meaning.in(l), width);
    ImGui::Dummy(ImVec2(0, 2));
    if (tap_button("flashcards.knew", tr(l, "✓  I knew it", "✓  Je savais"), ImVec2(half, kMinTapHeight))) return grade(ctx, true);
    ImGui::SameLine();
    if (tap_button("flashcards.not_yet", tr(l, "✗  Not yet", "✗  Pas encore"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
      return grade(ctx, false);
    }
  }
  ImGui::BeginDisabled(m_card == 0);
  if (tap_button("flashcards.previous", tr(l, "←  Previous", "←  Précédente"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) move_card(-1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (tap_button("flashcards.next", tr(l, "Skip  →", "Passer  →"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) move_card(1);
  if (const auto box = m_boxes.find(sign->id); box != m_boxes.end() && m_revealed) {
    muted_text(box->second == 0 ? tr(l, "Last time: not yet known.", "La dernière fois : pas encore su.")
                                : format(tr(l, "Known %d time(s) in a row before.", "Su %d fois de suite auparavant."), box->second),
               width);
  }
  // Key hints only where a keyboard is likely: a phone has none.
  if (ImGui::GetIO().DisplaySize.x < 600.0f) return;
  muted_text(m_revealed ? tr(l, "Keys: 1 I knew it, 2 not yet, ← → move.", "Touches : 1 je savais, 2 pas encore, ← → changer.")
                        : tr(l, "Keys: Enter shows the answer, ← → move.", "Touches : Entrée montre la réponse, ← → changer."),
             width);
}

void SignsScreen::draw_flashcards_done(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const std::size_t known = static_cast<std::size_t>(std::count_if(m_graded.begin(), m_graded.end(), [](const auto& g) { return g.second; }));
  ImGui::Dummy(ImVec2(0, 12));
  heading(tr(l, "All cards done", "Toutes les cartes sont faites"), ctx.fonts.large);
  muted_text(format(tr(l, "%zu of %zu signs known in this session.", "%zu panneaux sur %zu sus pendant cette séance."), known, m_deck_signs), width);
  if (tap_button("flashcards.again", tr(l, "Start again", "Recommencer"), ImVec2(width, kMinTapHeight))) {
    std::vector<const Sign*> signs;
    for (const std::string& id : m_deck) {
      const Sign* sign = ctx.pack->find_sign(id);
      if (sign && std::find(signs.begin(), signs.end(), sign) == signs.end()) signs.push_back(sign);
    }
    start_flashcards(ctx, signs);
  }
  if (tap_button("flashcards.grid", tr(l, "Back to the signs", "Retour aux panneaux"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
    on_back(ctx);
    ctx.navigator.show(ScreenId::signs);
  }
}

// [SECTION] Flashcard boxes in storage

void SignsScreen::load_boxes(AppContext& ctx) {
  if (m_boxes_loaded || m_boxes_loading) return;
  if (!ctx.storage_open) {
    m_boxes_loaded = true;  // kept in memory for this visit
    return;
  }
  m_boxes_loading = true;
  AppContext* context = &ctx;
  ctx.storage.get(stores::kMeta, kFlashcardsKey, [this, context](StorageResult<std::optional<std::string>> stored) {
    m_boxes_loading = false;
    m_boxes_loaded = true;
    if (stored.ok() && stored.value) {
      const auto json = nlohmann::json::parse(*stored.value, nullptr, false);
      if (!json.is_discarded() && json.is_object() && json.contains("boxes") && json["boxes"].is_object()) {
        // Grades given while storage was read are newer than the stored ones.
        for (const auto& [id, box] : json["boxes"].items()) {
          if (box.is_number_integer() && !m_boxes.count(id)) m_boxes[id] = std::clamp(box.get<int>(), 0, kFlashcardTopBox);
        }
      }
    }
    if (m_save_again) {
      m_save_again = false;
      save_boxes(*context);
    }
    changed();
    request_redraw();
  });
}

void SignsScreen::save_boxes(AppContext& ctx) {
  if (!ctx.storage_open) return;
  // One write at a time, and never before the stored boxes were read (it would replace them).
  if (m_saving || m_boxes_loading) {
    m_save_again = true;
    return;
  }
  m_saving = true;
  const nlohmann::json stored = {{"boxes", m_boxes}, {"updated_at_ms", ctx.clock.now_ms()}};
  AppContext* context = &ctx;
  ctx.storage.put(stores::kMeta, kFlashcardsKey, stored.dump(), WriteDurability::strict, [this, context](std::optional<StorageError> error) {
    m_saving = false;
    if (error) m_save_error = error->message;
    else ++m_saves_done, m_save_error.reset();
    if (m_save_again) {
      m_save_again = false;
      save_boxes(*context);
    }
  });
}

// [SECTION] Test hook state

nlohmann::json SignsScreen::state(const AppContext& ctx) const {
  static const char* kViewNames[] = {"grid", "detail", "flashcards"};
  nlohmann::json state = {{"view", kViewNames[static_cast<int>(m_view)]},
                          {"query", std::string(m_query)},
                          {"visible", m_visible},
                          {"cells_drawn", m_drawn_pictures.size()},
                          {"cells_ready", std::count_if(m_drawn_pictures.begin(), m_drawn_pictures.end(),
                                                        [&](const MediaItem* item) { return item && ctx.pictures.ready(*item); })},
                          {"serial", m_serial},
                          {"drawn", {{"serial", m_drawn_serial}, {"language", m_drawn_language}}}};
  nlohmann::json flashcards = {{"boxes", m_boxes},
                               {"boxes_loaded", m_boxes_loaded},
                               {"saving", m_saving || m_save_again},
                               {"saves", m_saves_done}};
  if (m_save_error) flashcards["save_error"] = *m_save_error;
  if (!ctx.pack) return state;
  auto picture_state = [&](const Sign& sign) {
    const MediaItem* item = sign_picture(*ctx.pack, sign);
    return nlohmann::json{{"sha256", item ? item->sha256 : ""},
                          {"ready", item && ctx.pictures.ready(*item)},
                          {"rect", rect_json(ImVec2(m_picture_min_x, m_picture_min_y), m_picture_size)}};
  };
  if (m_view == View::detail) {
    if (const Sign* sign = ctx.pack->find_sign(m_sign_id)) {
      state["sign_id"] = sign->id;
      state["name"] = sign->name.in(ctx.language);
      state["position"] = m_position;
      nlohmann::json related = nlohmann::json::array();
      for (const Question* question : related_questions(*ctx.pack, sign->id)) related.push_back(question->id);
      state["related"] = std::move(related);
      state["picture"] = picture_state(*sign);
    }
  }
  if (m_view == View::flashcards) {
    const std::size_t known = static_cast<std::size_t>(std::count_if(m_graded.begin(), m_graded.end(), [](const auto& g) { return g.second; }));
    flashcards["index"] = m_card;
    flashcards["deck"] = m_deck.size();
    flashcards["signs"] = m_deck_signs;
    flashcards["known"] = known;
    flashcards["revealed"] = m_revealed;
    flashcards["finished"] = m_card >= m_deck.size();
    if (m_card < m_deck.size()) {
      flashcards["sign_id"] = m_deck[m_card];
      if (const Sign* sign = ctx.pack->find_sign(m_deck[m_card])) flashcards["picture"] = picture_state(*sign);
    }
    flashcards["upcoming"] = std::vector<std::string>(m_deck.begin() + static_cast<std::ptrdiff_t>(std::min(m_card, m_deck.size())), m_deck.end());
  }
  state["flashcards"] = std::move(flashcards);
  return state;
}

}  // namespace umuhanda
