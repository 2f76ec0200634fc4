// The client's own widgets over Dear ImGui: buttons that are taps (not drags) and big enough for
// a thumb, progress bars, pictures on their plate, and the registry of named tap targets the
// browser tests use to press things by name (window.umuhanda.state().targets).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace umuhanda {

struct MediaItem;
struct Texture;
class Pictures;

inline constexpr float kMaxContentWidth = 720.0f;  // CSS px: a comfortable line length on a desktop
inline constexpr float kMinTapHeight = 52.0f;      // CSS px: above the 44 px touch-target minimum
inline constexpr float kMinTapSize = 44.0f;        // CSS px: WCAG 2.5.5 / Android's 48 dp, near enough
inline constexpr float kPadding = 14.0f;
inline constexpr float kGap = 10.0f;

// Interface words: English and French given at the call site. Kinyarwanda is left out until a
// native speaker supplies it (the brief: never guess wording), so "rw" shows English.
inline const char* tr(const std::string& language, const char* en, const char* fr) { return language == "fr" ? fr : en; }

// A press that moved further than this (CSS px) is a drag that scrolls, not a tap on what is under it.
inline constexpr float kDragThreshold = 10.0f;
// Whether ImGui's "clicked" is a tap: the finger or mouse did not travel to scroll the page.
bool tapped(bool clicked);

// Tap targets drawn in the current frame, by name ("home.practice", "choice.2"): the test hook
// shows them so browser tests press what a student would, and check every target's size.
class TapTargets {
public:
  void begin_frame() { m_targets.clear(); }
  // Records the last ImGui item's rectangle under `name`, and whether it is disabled.
  void add_last_item(const std::string& name);
  void add(const std::string& name, const ImVec2& min, const ImVec2& max, bool disabled = false);
  nlohmann::json to_json() const;

private:
  struct Rect {
    float x, y, width, height;
    bool disabled;
  };
  std::map<std::string, Rect> m_targets;
};
TapTargets& tap_targets();

enum class ButtonKind { primary, secondary, danger };
// A full-size button registered as tap target `name`; true when tapped.
bool tap_button(const std::string& name, const char* label, ImVec2 size, ButtonKind kind = ButtonKind::primary);
// A card-like row: a title, an optional muted subtitle, full width, at least kMinTapHeight tall.
bool tap_row(const std::string& name, const std::string& title, const std::string& subtitle, float width);

// A one-line text field `width` wide, thumb-tall, registered as tap target `name`; true when Enter
// was pressed in it. `password` hides what is typed.
bool text_field(const std::string& name, const char* hint, char* buffer, std::size_t size, float width, bool password = false);

// Text wrapped to `width` from the cursor; muted in the secondary colour.
void wrapped_text(const std::string& text, float width);
// wrap_lines (app/line_wrap.hpp) measured with `font` at `size`: at most `max_lines` lines, the
// last ending in "…" when the text does not fit.
std::vector<std::string> wrap_lines(ImFont* font, float size, const std::string& text, float width, std::size_t max_lines);
void muted_text(const std::string& text, float width);
// `text` (may be empty) wrapped to `width` in `colour`, in a slot as tall as the tallest of
// `alternatives` (every text the slot may show): a line that comes and goes by itself (the
// connection lost or back) never moves what is below it, where a tap aimed a moment earlier would
// then miss its button or land on another.
void steady_text(const std::string& text, std::initializer_list<std::string> alternatives, const ImVec4& colour, float width);
void heading(const std::string& text, ImFont* font);

// A horizontal bar: `fraction` of `width` filled; `marker` (0..1), if >= 0, draws a thin line
// (the pass mark). Height in CSS px.
void progress_bar(float fraction, float width, float height, float marker = -1.0f);

// A card (the surface colour, a border, rounded) around whatever is drawn between begin_card and
// end_card, padded by kPadding and as tall as its content; draw it `width - 2 * kPadding` wide.
// `border` replaces the theme's border colour when not 0 (a danger panel). Cards do not nest.
void begin_card(float width);
void end_card(ImU32 border = 0);

// A picture fitted into a `size` square on its light plate; a darker plate with "…" while it
// loads, "?" when it cannot be shown. `item` may be null (nothing to show).
void draw_picture(Pictures& pictures, const MediaItem* item, const ImVec2& min, float size);
// The same for a texture already at hand: nullptr draws the placeholder ("?" when `failed`).
void draw_texture(const Texture* texture, bool failed, const ImVec2& min, float size);

// A drag (finger or mouse) scrolls the current window; ImGui 1.86 only scrolls by wheel. Call
// once per window, after Begin().
void scroll_by_drag();

// "45 KB", "1.1 MB" (French: "45 Ko", "1,1 Mo"): `scale` (the total) picks the unit, so both
// numbers of "x of y" share it.
std::string format_bytes(std::uint64_t bytes, std::uint64_t scale, bool french, bool with_unit = true);

// "72%" (French: "72 %", with a narrow no-break space) of a ratio 0..1, rounded.
std::string format_percent(double ratio, const std::string& language);
// "2026-12-14 09:00" in the device's time zone (the browser's): how the server's emails write
// times too, unambiguous in every language.
std::string format_local_time(std::int64_t unix_seconds);

// printf into a std::string.
std::string format(const char* format, ...) IM_FMTARGS(1);

}  // namespace umuhanda
