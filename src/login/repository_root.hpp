#pragma once
// Where a repository's tree starts, so `login` can refuse to write a token
// into it (where it could be committed, archived as an artifact or baked into
// an image). The tree of a working directory is its nearest ancestor holding
// `.git` (a directory or a worktree file) and, without one, the outermost
// ancestor holding a Cargo.toml (the cargo workspace root).
#include <filesystem>
#include <optional>

namespace ca {

std::optional<std::filesystem::path> repository_root(const std::filesystem::path& working_directory);
// True when `path` is `root` or below it (both made absolute and normalised).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace ca
