#pragma once
// Where in a configuration file something was written, for messages a user
// can click (Azure logissue sourcepath/linenumber, GitHub file/line).
#include <string>

namespace ca {

struct SourceLocation {
  std::string file;    // empty when not from a file (e.g. an environment variable)
  int line = 0;        // 1-based; 0 when unknown
  int column = 0;      // 1-based; 0 when unknown
  std::string origin;  // what defined it when not a file, e.g. "environment CARGO_REGISTRIES_X_INDEX"

  [[nodiscard]] bool empty() const { return file.empty() && origin.empty(); }
  [[nodiscard]] std::string str() const {
    if (file.empty()) return origin;
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (line > 0 && column > 0) s += ":" + std::to_string(column);
    return s;
  }
};

}  // namespace ca
