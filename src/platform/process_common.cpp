#include "platform/process.hpp"
#include "platform/process_lines.hpp"

namespace ca {

void LineSplitter::feed(const char* data, std::size_t size) {
  pending_.append(data, size);
  std::size_t start = 0;
  for (std::size_t nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
    std::string_view line(pending_.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    sink_(stream_, line);
    start = nl + 1;
  }
  pending_.erase(0, start);
}

void LineSplitter::flush() {
  if (!pending_.empty()) sink_(stream_, pending_);
  pending_.clear();
}

EnvMap child_environment(const Environment& env, const EnvMap& extra) {
  EnvMap out = env.all();
  for (const auto& [name, value] : extra) out[name] = value;
  return out;
}

}  // namespace ca
