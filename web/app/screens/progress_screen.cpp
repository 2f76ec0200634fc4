// ProgressScreen: placeholder.
#include "app/screens/progress_screen.hpp"

#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string ProgressScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Progress", "Progrès"); }

void ProgressScreen::draw(AppContext& ctx, float width) { muted_text("…", width); (void)ctx; }


}  // namespace umuhanda
