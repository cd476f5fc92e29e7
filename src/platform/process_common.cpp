#include "platform/process.hpp"
#include "platform/process_lines.hpp"
#include "platform/traits.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

// Drops the variables that are `name` to a system ignoring case (Windows:
// `no_proxy` is `NO_PROXY`, a planted `cargo_registries_x_token` is the
// tool's CARGO_REGISTRIES_X_TOKEN). Left in, they would be second entries for
// one name, and which value a child reads would depend on the block's order.
void remove_same_name(EnvMap& env, const std::string& name) {
  const std::string key = to_upper(name);
  for (auto it = env.begin(); it != env.end();) {
    if (it->first.size() == name.size() && to_upper(it->first) == key) {
      it = env.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

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
  for (const auto& [name, value] : extra) {
    if constexpr (platform::kEnvironmentIgnoresCase) remove_same_name(out, name);
    out[name] = value;
  }
  return out;
}

}  // namespace ca
