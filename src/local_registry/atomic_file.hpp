#pragma once

#include <filesystem>
#include <string_view>

namespace local_registry {

// Writes `content` to `path` via a sibling temp file + rename, so concurrent readers (the
// index GET handler, a test polling a port file) see either the old or the new file, never a
// half-written one. Throws std::runtime_error on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Reads a whole file; returns false if it cannot be opened (missing file is not an error
// for callers, it usually means "unknown crate").
bool read_file(const std::filesystem::path& path, std::string& out);

}  // namespace local_registry
