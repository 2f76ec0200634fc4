// ExamScreen: placeholder.
#include "app/screens/exam_screen.hpp"

#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string ExamScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Mock exam", "Examen blanc"); }

void ExamScreen::draw(AppContext& ctx, float width) { muted_text("…", width); (void)ctx; }

void ExamScreen::begin(AppContext&, std::optional<std::string>) {}
void ExamScreen::load_saved(AppContext&) {}

}  // namespace umuhanda
