#include "support/dacl.hpp"

#include <sstream>

namespace ca::test {

std::optional<Dacl> parse_dacl(const std::string& text) {
  if (text.rfind("D:", 0) != 0) return std::nullopt;
  Dacl dacl;
  std::size_t at = 2;
  while (at < text.size() && text[at] != '(') {
    if (text[at] == 'P') dacl.is_protected = true;
    ++at;
  }
  while (at < text.size()) {
    if (text[at] != '(') return std::nullopt;
    const auto close = text.find(')', at);
    if (close == std::string::npos) return std::nullopt;
    std::vector<std::string> fields;
    std::istringstream in(text.substr(at + 1, close - at - 1));
    for (std::string field; std::getline(in, field, ';');) fields.push_back(field);
    if (fields.size() != 6) return std::nullopt;
    dacl.entries.push_back({fields[0], fields[1], fields[2], fields[5]});
    at = close + 1;
  }
  return dacl;
}

std::string owner_only_violation(const Dacl& dacl, const std::string& user_sid) {
  bool user_allowed = false;
  for (const auto& entry : dacl.entries) {
    if (entry.type != "A") continue;
    if (entry.sid == user_sid) {
      user_allowed = true;
    } else if (entry.sid != "SY") {
      return "an allow entry for " + entry.sid + " (" + entry.rights + ")";
    }
  }
  return user_allowed ? "" : "no allow entry for the user " + user_sid;
}

}  // namespace ca::test
