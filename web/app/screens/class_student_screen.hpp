// ClassStudentScreen: one student of a class, for its instructor (or an admin): their figures,
// each topic's recent accuracy as a bar, their mock exam scores as a chart with the latest
// attempts listed, and the questions they still get wrong (the prompt in the interface language).
// Opened from a row of the class screen's heatmap; read-only.
#pragma once

#include <string>

#include "app/classes.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class ClassStudentScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::class_student; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void draw_topics(AppContext& ctx, const StudentPage& page, float width);
  void draw_exams(AppContext& ctx, const StudentPage& page, float width);
  void draw_mistakes(AppContext& ctx, const StudentPage& page, float width);
  nlohmann::json shown(const AppContext& ctx) const;

  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
