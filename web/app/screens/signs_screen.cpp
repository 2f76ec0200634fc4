// The road signs screen.
// [SECTION] Navigation, keys and the frame
// [SECTION] Grid
// [SECTION] Detail
// [SECTION] Flashcards
// [SECTION] Flashcard boxes in storage
// [SECTION] Test hook state
#include "app/screens/signs_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <map>

#include "app/keys.hpp"
#include "app/line_wrap.hpp"
#include "app/pictures.hpp"
#include "app/question_pictures.hpp"
#include "app/question_view.hpp"
#include "app/sign_search.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/key_value_store.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kDealAgainAfter = 3;  // a "Not yet" card comes back after this many others
constexpr float kMinCellWidth = 128.0f;     // never fewer than three across (a 360-390 px phone)
constexpr float kMaxCellPicture = 120.0f;   // the 256 px image stays sharp at 2x
constexpr float kCellNameScale = 0.84f;     // names under the pictures, a little smaller than body text
constexpr std::size_t kCellNameLines = 3;
constexpr float kMaxBigPicture = 200.0f;

std::string choice_label(const AppContext& ctx, const Choice& choice) {
  if (!choice.text.empty()) return choice.text.in(ctx.language);
  if (const Sign* sign = choice.sign.empty() ? nullptr : ctx.pack->find_sign(choice.sign)) return sign->name.in(ctx.language);
  return tr(ctx.language, "(a picture)", "(une image)");
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

std::vector<const Sign*> SignsScreen::matching(const AppContext& ctx) const { return find_signs(*ctx.pack, m_query, ctx.language); }

std::vector<const Sign*> SignsScreen::browse_list(const AppContext& ctx) const {
  std::vector<const Sign*> list = matching(ctx);
  if (std::none_of(list.begin(), list.end(), [&](const Sign* s) { return s->id == m_sign_id; })) list = find_signs(*ctx.pack, "", ctx.language);
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
    if (key_pressed(Key::left) || key_pressed(Key::right)) {
      show_detail(ctx, neighbour(ctx, key_pressed(Key::left) ? -1 : 1));
      ctx.navigator.show(ScreenId::signs);  // scrolls to the top
    }
  } else if (keys && m_view == View::flashcards && m_card < m_deck.size()) {
    if (!m_revealed && confirm_key_pressed()) {
      m_revealed = true;
      changed();
    } else if (m_revealed && (key_pressed(Key::digit_1) || key_pressed(Key::keypad_1))) {
      grade(ctx, true);
    } else if (m_revealed && (key_pressed(Key::digit_2) || key_pressed(Key::keypad_2))) {
      grade(ctx, false);
    } else if (key_pressed(Key::left)) {
      move_card(-1);
    } else if (key_pressed(Key::right)) {
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
  const std::string deal = found.size() == ctx.pack->signs.size()
                               ? format(tr(l, "Flashcards: all %zu signs", "Cartes mémoire : les %zu panneaux"), found.size())
                           : found.size() == 1 ? std::string(tr(l, "Flashcards: this sign", "Cartes mémoire : ce panneau"))
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
  const std::vector<const Question*> related = questions_showing_sign(*ctx.pack, sign.id);
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
    if (tap_button("signs.practise", label.c_str(), ImVec2(width, kMinTapHeight)))
      ctx.navigator.start_practice(PracticeScope{PracticeMode::topic, topic->id});
    muted_text(tr(l, "Practice asks questions from the whole topic.", "L’entraînement pose des questions de tout le thème."), width);
  }
}

// [SECTION] Flashcards

void SignsScreen::start_flashcards(AppContext& ctx, const std::vector<const Sign*>& signs) {
  // Leitner order: cards last answered "Not yet" first, then new ones, then the lower boxes.
  auto rank = [&](const Sign* sign) {
    const std::optional<int> box = m_flashcards.box(sign->id);
    if (!box) return 1;
    return *box == 0 ? 0 : *box + 1;
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
  m_flashcards.grade(id, knew);
  if (!knew) m_deck.insert(m_deck.begin() + static_cast<std::ptrdiff_t>(std::min(m_card + 1 + kDealAgainAfter, m_deck.size())), id);
  ++m_card;
  m_revealed = false;
  changed();
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
  if (const std::optional<int> box = m_flashcards.box(sign->id); box && m_revealed) {
    muted_text(*box == 0 ? tr(l, "Last time: not yet known.", "La dernière fois : pas encore su.")
                         : format(tr(l, "Known %d time(s) in a row before.", "Su %d fois de suite auparavant."), *box),
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
  m_flashcards.load(ctx.storage_open ? &ctx.storage : nullptr, ctx.clock, [this] {
    changed();
    request_redraw();
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
  nlohmann::json flashcards = {{"boxes", m_flashcards.boxes()},
                               {"boxes_loaded", m_flashcards.loaded()},
                               {"saving", m_flashcards.saving()},
                               {"saves", m_flashcards.saves_done()}};
  if (m_flashcards.save_error()) flashcards["save_error"] = *m_flashcards.save_error();
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
      for (const Question* question : questions_showing_sign(*ctx.pack, sign->id)) related.push_back(question->id);
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
