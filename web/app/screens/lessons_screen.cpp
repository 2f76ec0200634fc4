// LessonsScreen: placeholder.
#include "app/screens/lessons_screen.hpp"

#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string LessonsScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Lessons", "Leçons"); }

void LessonsScreen::draw(AppContext& ctx, float width) { muted_text("…", width); (void)ctx; }

void LessonsScreen::open(AppContext&, const std::string&) {}

}  // namespace umuhanda
