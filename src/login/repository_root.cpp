#include "login/repository_root.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

namespace ca {
namespace {
std::filesystem::path normalised(const std::filesystem::path& p) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
  return ec ? std::filesystem::absolute(p).lexically_normal() : canonical;
}
}  // namespace

std::optional<std::filesystem::path> repository_root(const std::filesystem::path& working_directory) {
  std::error_code ec;
  std::optional<std::filesystem::path> workspace;
  for (auto dir = normalised(working_directory);; dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / ".git", ec)) return dir;
    if (std::filesystem::exists(dir / "Cargo.toml", ec)) workspace = dir;
    if (dir == dir.parent_path()) break;
  }
  return workspace;
}

bool is_within(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto parts = [](const std::filesystem::path& p) {
    std::vector<std::filesystem::path> out;
    for (const auto& part : normalised(p)) {
      if (!part.empty()) out.push_back(part);
    }
    return out;
  };
  const auto p = parts(path);
  const auto r = parts(root);
  return r.size() <= p.size() && std::equal(r.begin(), r.end(), p.begin());
}

}  // namespace ca
