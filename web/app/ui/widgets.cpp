// The client's widgets.
#include "app/ui/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdarg>
#include <cstdio>
#include <ctime>

#include <imgui_internal.h>  // the last item's flags: is it disabled

#include "app/line_wrap.hpp"
#include "app/pictures.hpp"
#include "app/ui/theme.hpp"

namespace umuhanda {

bool tapped(bool clicked) { return clicked && ImGui::GetIO().MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] <= kDragThreshold * kDragThreshold; }

void TapTargets::add_last_item(const std::string& name) {
  add(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), (GImGui->LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0);
}

void TapTargets::add(const std::string& name, const ImVec2& min, const ImVec2& max, bool disabled) {
  m_targets[name] = Rect{min.x, min.y, max.x - min.x, max.y - min.y, disabled};
}

nlohmann::json TapTargets::to_json() const {
  nlohmann::json targets = nlohmann::json::object();
  for (const auto& [name, r] : m_targets) {
    targets[name] = {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}};
    if (r.disabled) targets[name]["disabled"] = true;
  }
  return targets;
}

TapTargets& tap_targets() {
  static TapTargets targets;
  return targets;
}

bool tap_button(const std::string& name, const char* label, ImVec2 size, ButtonKind kind) {
  const Palette& p = palette();
  size.y = std::max(size.y, kMinTapHeight);
  if (size.x > 0) size.x = std::max(size.x, kMinTapSize);
  int pushed = 0;
  if (kind == ButtonKind::secondary) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(p.surface));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(p.surface_hovered));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text);
    pushed = 3;
  } else if (kind == ButtonKind::danger) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(p.wrong_fill));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(p.wrong_fill));
    ImGui::PushStyleColor(ImGuiCol_Text, p.text);
    pushed = 3;
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, p.accent_text);
    pushed = 1;
  }
  ImGui::PushID(name.c_str());
  const bool clicked = ImGui::Button(label, size);
  ImGui::PopID();
  ImGui::PopStyleColor(pushed);
  if (kind == ButtonKind::secondary) {
    ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), p.border, ImGui::GetStyle().FrameRounding);
  }
  tap_targets().add_last_item(name);
  return tapped(clicked);
}

bool text_field(const std::string& name, const char* hint, char* buffer, std::size_t size, float width, bool password) {
  const Palette& p = palette();
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(kPadding, (kMinTapHeight - ImGui::GetFontSize()) / 2));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, ImGui::GetStyle().FrameBorderSize));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(p.border));
  ImGui::SetNextItemWidth(width);
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
  if (password) flags |= ImGuiInputTextFlags_Password;
  const bool entered = ImGui::InputTextWithHint(("##" + name).c_str(), hint, buffer, size, flags);
  tap_targets().add_last_item(name);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
  return entered;
}

bool tap_row(const std::string& name, const std::string& title, const std::string& subtitle, float width) {
  const Palette& p = palette();
  const float text_width = width - 2 * kPadding;
  const ImVec2 title_size = ImGui::CalcTextSize(title.c_str(), nullptr, false, text_width);
  const ImVec2 subtitle_size = subtitle.empty() ? ImVec2(0, 0) : ImGui::CalcTextSize(subtitle.c_str(), nullptr, false, text_width);
  const float gap = subtitle.empty() ? 0.0f : 4.0f;
  const float height = std::max(kMinTapHeight, title_size.y + gap + subtitle_size.y + 2 * kPadding);
  ImGui::PushID(name.c_str());
  const bool clicked = ImGui::InvisibleButton("row", ImVec2(width, height));
  ImGui::PopID();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, hovered ? p.surface_hovered : p.surface, 10.0f);
  draw->AddRect(min, max, p.border, 10.0f);
  const float content_height = title_size.y + gap + subtitle_size.y;
  const float top = min.y + (height - content_height) / 2;
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + kPadding, top), to_u32(p.text), title.c_str(), nullptr, text_width);
  if (!subtitle.empty()) {
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + kPadding, top + title_size.y + gap), to_u32(p.text_muted), subtitle.c_str(),
                  nullptr, text_width);
  }
  tap_targets().add(name, min, max);
  return tapped(clicked);
}

std::vector<std::string> wrap_lines(ImFont* font, float size, const std::string& text, float width, std::size_t max_lines) {
  const float scale = size / font->FontSize;
  const TextMeasure measure{
      [&](std::string_view line) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, line.data(), line.data() + line.size()).x; },
      [&](std::string_view rest, float line_width) {
        return static_cast<std::size_t>(font->CalcWordWrapPositionA(scale, rest.data(), rest.data() + rest.size(), line_width) - rest.data());
      }};
  return wrap_lines(text, width, max_lines, measure);
}

void wrapped_text(const std::string& text, float width) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
}

void muted_text(const std::string& text, float width) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette().text_muted);
  wrapped_text(text, width);
  ImGui::PopStyleColor();
}

void steady_text(const std::string& text, std::initializer_list<std::string> alternatives, const ImVec4& colour, float width) {
  float height = ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
  for (const std::string& other : alternatives) height = std::max(height, ImGui::CalcTextSize(other.c_str(), nullptr, false, width).y);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  if (!text.empty()) ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, to_u32(colour), text.c_str(), nullptr, width);
}

void heading(const std::string& text, ImFont* font) {
  if (font) ImGui::PushFont(font);
  ImGui::TextUnformatted(text.c_str());
  if (font) ImGui::PopFont();
}

void progress_bar(float fraction, float width, float height, float marker) {
  const Palette& p = palette();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float rounding = height / 2;
  draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height), p.track, rounding);
  const float filled = std::clamp(fraction, 0.0f, 1.0f) * width;
  if (filled >= 1.0f) draw->AddRectFilled(at, ImVec2(at.x + std::max(filled, height), at.y + height), to_u32(p.accent), rounding);
  if (marker >= 0.0f) {
    const float x = at.x + std::clamp(marker, 0.0f, 1.0f) * width;
    draw->AddLine(ImVec2(x, at.y - 3), ImVec2(x, at.y + height + 3), to_u32(p.text), 2.0f);
  }
  ImGui::Dummy(ImVec2(width, height));
}

namespace {
// The card being drawn: its content goes to channel 1, its background (known only once the content
// is laid out) to channel 0 underneath.
struct OpenCard {
  ImDrawListSplitter splitter;
  ImVec2 min;
  float width = 0;
  bool open = false;
};
OpenCard g_card;
}  // namespace

void begin_card(float width) {
  IM_ASSERT(!g_card.open && "cards do not nest");
  g_card.open = true;
  g_card.min = ImGui::GetCursorScreenPos();
  g_card.width = width;
  g_card.splitter.Split(ImGui::GetWindowDrawList(), 2);
  g_card.splitter.SetCurrentChannel(ImGui::GetWindowDrawList(), 1);
  ImGui::SetCursorScreenPos(ImVec2(g_card.min.x + kPadding, g_card.min.y + kPadding));
  ImGui::BeginGroup();
}

void end_card(ImU32 border) {
  IM_ASSERT(g_card.open && "end_card without begin_card");
  ImGui::EndGroup();
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(g_card.min.x + g_card.width, ImGui::GetItemRectMax().y + kPadding);
  g_card.splitter.SetCurrentChannel(draw, 0);
  draw->AddRectFilled(g_card.min, max, p.surface, 12.0f);
  draw->AddRect(g_card.min, max, border != 0 ? border : p.border, 12.0f, 0, border != 0 ? 2.0f : 1.0f);
  g_card.splitter.Merge(draw);
  ImGui::SetCursorScreenPos(g_card.min);
  ImGui::Dummy(ImVec2(g_card.width, max.y - g_card.min.y));
  g_card.open = false;
}

void draw_picture(Pictures& pictures, const MediaItem* item, const ImVec2& min, float size) {
  const Texture* texture = item ? pictures.get(*item) : nullptr;
  draw_texture(texture, item && pictures.failed(*item), min, size);
}

void draw_texture(const Texture* texture, bool failed, const ImVec2& min, float size) {
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(min.x + size, min.y + size);
  if (!texture) {
    draw->AddRectFilled(min, max, p.picture_waiting, 8.0f);
    const char* mark = failed ? "?" : "…";
    const ImVec2 mark_size = ImGui::CalcTextSize(mark);
    draw->AddText(ImVec2(min.x + (size - mark_size.x) / 2, min.y + (size - mark_size.y) / 2), to_u32(p.text_muted), mark);
    return;
  }
  draw->AddRectFilled(min, max, p.picture_plate, 8.0f);
  const float inset = size * 0.06f;
  const float room = size - 2 * inset;
  const float scale = room / static_cast<float>(std::max(texture->width, texture->height));
  const float w = static_cast<float>(texture->width) * scale, h = static_cast<float>(texture->height) * scale;
  const ImVec2 image_min(min.x + (size - w) / 2, min.y + (size - h) / 2);
  draw->AddImage(reinterpret_cast<ImTextureID>(texture->id), image_min, ImVec2(image_min.x + w, image_min.y + h));
}

void scroll_by_drag() {
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(ImGuiMouseButton_Left, kDragThreshold)) {
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  }
}

std::string format_bytes(std::uint64_t bytes, std::uint64_t scale, bool french, bool with_unit) {
  const bool megabytes = scale >= 1000 * 1000;
  char text[32];
  std::snprintf(text, sizeof text, megabytes ? "%.1f" : "%.0f", static_cast<double>(bytes) / (megabytes ? 1e6 : 1e3));
  std::string result = text;
  if (french) std::replace(result.begin(), result.end(), '.', ',');
  if (with_unit) result += french ? (megabytes ? " Mo" : " Ko") : (megabytes ? " MB" : " KB");
  return result;
}

std::string format_percent(double ratio, const std::string& language) {
  const int rounded = static_cast<int>(ratio * 100.0 + 0.5);
  return umuhanda::format(language == "fr" ? "%d\u202F%%" : "%d%%", rounded);
}

std::string format(const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  const int written = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (written < 0) return std::string();
  if (static_cast<std::size_t>(written) < sizeof buffer) return std::string(buffer, static_cast<std::size_t>(written));
  std::string result(static_cast<std::size_t>(written) + 1, '\0');
  va_start(args, format);
  std::vsnprintf(result.data(), result.size(), format, args);
  va_end(args);
  result.resize(static_cast<std::size_t>(written));
  return result;
}

std::string format_local_time(std::int64_t unix_seconds) {
  const std::time_t when = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  if (!localtime_r(&when, &local)) return std::to_string(unix_seconds);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  return text;
}

}  // namespace umuhanda
