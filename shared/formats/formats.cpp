// Dispatch by format: names to formats, and import_pack/export_pack to each format's file
// (csv_format.cpp, gift_format.cpp, aiken_format.cpp, django_format.cpp).
#include "formats.hpp"

#include "format_support.hpp"

namespace umuhanda {

std::optional<ExchangeFormat> exchange_format_from(std::string_view name) {
  if (name == "csv") return ExchangeFormat::csv;
  if (name == "gift") return ExchangeFormat::gift;
  if (name == "aiken") return ExchangeFormat::aiken;
  if (name == "django") return ExchangeFormat::django;
  return std::nullopt;
}

Expected<ImportResult> import_pack(ExchangeFormat format, std::string_view input, const ImportOptions& options) {
  switch (format) {
    case ExchangeFormat::csv:
      return import_csv(input, options);
    case ExchangeFormat::gift:
      return import_gift(input, options);
    case ExchangeFormat::aiken:
      return import_aiken(input, options);
    case ExchangeFormat::django:
      return import_django(input, options);
  }
  return Expected<ImportResult>::failure(options.source_name, "unknown exchange format");
}

ExportResult export_pack(ExchangeFormat format, const Pack& pack) {
  switch (format) {
    case ExchangeFormat::csv:
      return export_csv(pack);
    case ExchangeFormat::gift:
      return export_gift(pack);
    case ExchangeFormat::aiken:
      return export_aiken(pack);
    case ExchangeFormat::django:
      return export_django(pack);
  }
  return ExportResult{};
}

}  // namespace umuhanda
