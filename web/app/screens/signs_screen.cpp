// SignsScreen: placeholder.
#include "app/screens/signs_screen.hpp"

#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string SignsScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Road signs", "Panneaux"); }

void SignsScreen::draw(AppContext& ctx, float width) { muted_text("…", width); (void)ctx; }

void SignsScreen::open(AppContext&, const std::string&) {}

}  // namespace umuhanda
