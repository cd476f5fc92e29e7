#pragma once
// The two files in $CARGO_HOME that `login` edits, as cargo itself reads them:
//   credentials: `[registries.<name>] token = "..."` (crates.io: `[registry]`),
//   config: `[registries.<name>] credential-provider = "cargo:token"`.
// Each merge takes the file's current text and returns the new text with
// every other table, key and registry kept. credentials is re-serialised with
// toml++ (values survive, comments do not); config is edited as text, so its
// comments and layout stay, unless a registry is defined as an inline table
// or with dotted keys (then re-serialised, and layout_kept says so). Throws ca::Error with
// file:line:column when the existing file is not valid TOML, so a broken file
// is reported and never overwritten.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/secret.hpp"

namespace ca {

struct RegistryToken {
  std::string registry;  // "crates-io" means [registry]
  Secret token;
};

// The file cargo reads and `cargo login` writes: the legacy `credentials` when
// it exists, else `credentials.toml`; likewise `config` / `config.toml`.
std::filesystem::path credentials_file(const std::filesystem::path& cargo_home);
std::filesystem::path cargo_home_config_file(const std::filesystem::path& cargo_home);

std::string merge_credentials(const std::string& existing, const std::string& origin,
                              const std::vector<RegistryToken>& tokens);

struct ProviderEntry {
  std::string registry;
  std::string index;  // written too when the file has no index for it, so the entry is complete
  // The value written; login --provider: "<this binary> credential-provider <words>".
  std::string provider = "cargo:token";
};

struct ProviderMerge {
  std::string text;
  std::vector<std::string> added;  // registries that got their credential-provider
  bool layout_kept = true;         // false: the file had to be re-serialised (comments lost)
};
// Leaves a registry alone when the file already gives it a credential-provider.
ProviderMerge merge_credential_providers(const std::string& existing, const std::string& origin,
                                         const std::vector<ProviderEntry>& entries);

}  // namespace ca
