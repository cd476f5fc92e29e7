#pragma once
// Writing files safely, one implementation per system (files_posix.cpp,
// files_win32.cpp). Failures throw ca::Error (exit code "output error") with
// the path and the system's reason unless a function says otherwise.
//
// Permissions are given as POSIX mode bits. On Windows a mode that grants
// nothing to group and others (0600, 0700) becomes a protected ACL that grants
// access to the current user only; any other mode keeps the ACL the folder
// passes on.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ca {

using FileMode = unsigned;
inline constexpr FileMode kOwnerOnlyFile = 0600;
inline constexpr FileMode kSharedFile = 0644;

// Readers see either the old or the new content, never half: the data goes to
// a temporary file in the same directory (created with the final permissions,
// so a secret file is never briefly readable by others), is flushed to disk,
// then replaces the target. The temporary file is removed on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content, FileMode mode);

// The permissions an existing file has, or `fallback` when it does not exist
// (so a rewrite keeps what the user chose).
FileMode existing_mode_or(const std::filesystem::path& path, FileMode fallback);

// The whole text of a regular file; nullopt when nothing is there. Opened
// without blocking and read only when it is a regular file: a FIFO or device
// planted at the path would block the caller or feed it without end (throws
// ca::Error, exit code "bad input", saying to remove it).
std::optional<std::string> read_regular_file(const std::filesystem::path& path);

// A file shared with other writers (the CI runner's env and output files),
// opened for appending (every write lands at the end, whoever else appends),
// created owner-only when missing. Closed by close() or the destructor.
class AppendFile {
 public:
  explicit AppendFile(const std::filesystem::path& path);
  ~AppendFile();
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  [[nodiscard]] bool is_open() const { return handle_ != -1; }
  bool write(std::string_view text);
  bool close();
  // The system's reason for the last failure.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::intptr_t handle_ = -1;
  std::string error_;
};

// Creates a new directory only the current user can use, with a random name
// starting with `prefix` inside `parent` (mkdtemp). nullopt on failure.
std::optional<std::filesystem::path> make_private_directory(const std::filesystem::path& parent,
                                                            std::string_view prefix);

// Creates `path`, which must not exist yet (not even as a link), owner-only,
// with `text`. False on any failure, including an existing entry.
bool create_new_private_file(const std::filesystem::path& path, std::string_view text);

// True when `text` names a network share or the device namespace: on Windows
// a path starting with two separators (\\server\share, //server/share, \\.\pipe,
// \\?\...). Opening one makes the system connect, and authenticate as this
// user, to another machine. Always false on POSIX, where "//x" is a local path.
bool names_network_or_device_path(std::string_view text);

}  // namespace ca
