// HomeScreen: placeholder hub (to be completed): one row per screen.
#include "app/screens/home_screen.hpp"

#include "app/ui/widgets.hpp"

namespace umuhanda {

std::string HomeScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Home", "Accueil"); }

void HomeScreen::draw(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  if (tap_row("home.practice", tr(l, "Practice", "Entraînement"), "", width)) ctx.navigator.start_practice(PracticeScope{});
  if (tap_row("home.exam", tr(l, "Mock exam", "Examen blanc"), "", width)) ctx.navigator.start_exam(std::nullopt);
  if (tap_row("home.signs", tr(l, "Road signs", "Panneaux"), "", width)) ctx.navigator.show(ScreenId::signs);
  if (tap_row("home.lessons", tr(l, "Lessons", "Leçons"), "", width)) ctx.navigator.show(ScreenId::lessons);
  if (tap_row("home.progress", tr(l, "Progress", "Progrès"), "", width)) ctx.navigator.show(ScreenId::progress);
  if (tap_row("home.settings", tr(l, "Settings", "Réglages"), "", width)) ctx.navigator.show(ScreenId::settings);
}

}  // namespace umuhanda
