#pragma once
// SHA-256 of a file's bytes, lower-case hex (the form of an index's `cksum`).
// nullopt when the file cannot be read.
#include <filesystem>
#include <optional>
#include <string>

namespace ca {

std::optional<std::string> sha256_file_hex(const std::filesystem::path& path);

}  // namespace ca
