#pragma once
// Writes a file so readers see either the old or the new content, never half:
// data goes to a temporary file in the same directory (created with the final
// mode, so a secret file is never briefly world-readable), is fsync'ed, then
// renamed over the target. Throws ca::Error (exit code "output error") with
// the path and the system's reason; the temporary file is removed on failure.
#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace ca {

void write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode);

}  // namespace ca
