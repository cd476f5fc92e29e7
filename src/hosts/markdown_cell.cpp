#include "hosts/markdown_cell.hpp"

#include "core/secret_registry.hpp"

namespace ca {

std::string markdown_cell(std::string_view text) {
  const std::string redacted = SecretRegistry::instance().redact(std::string(text));
  std::string out;
  out.reserve(redacted.size());
  for (char c : redacted) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '`':
        out += "&#96;";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "<br>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace ca
