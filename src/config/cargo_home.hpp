#pragma once
// Which file of a cargo directory ($CARGO_HOME or a `.cargo/` folder) cargo
// reads: the legacy extension-less name (`config`, `credentials`) when it
// exists, else the `.toml` name. cargo's own rule (cargo's
// GlobalContext::get_file_path): when both exist it reads the legacy one and
// warns. The loader and `login` both decide through this file, so `login`
// writes exactly the file cargo will read.
#include <filesystem>
#include <optional>

#include "core/environment.hpp"

namespace ca {

struct CargoFileChoice {
  std::filesystem::path path;     // the file cargo reads (may not exist yet)
  bool exists = false;            // path exists
  bool shadows_toml = false;      // both exist: `<stem>.toml` is ignored by cargo
  std::filesystem::path ignored;  // the ignored `.toml` file when shadows_toml
};

// stem: "config" or "credentials". Never throws (I/O errors count as "absent").
CargoFileChoice cargo_file(const std::filesystem::path& dir, const char* stem);

// $CARGO_HOME, else <home>/.cargo (platform/system.hpp: $HOME, or
// %USERPROFILE% on Windows); empty when neither is known.
std::filesystem::path cargo_home_dir(const Environment& env);

}  // namespace ca
