#pragma once
// Source (a): the user said which variable holds a registry's token
// (`tokenVariables` input lines "registry=VARIABLE", or --token NAME=ENVVAR).
// A mapping that names a variable that is not set is an error, not a skip:
// the user asked for it explicitly.
#include <string>
#include <vector>

#include "core/options.hpp"
#include "credentials/credential_source.hpp"
#include "credentials/variable_store.hpp"

namespace ca {

class ExplicitMappingSource : public CredentialSource {
 public:
  // `how_to_define`: where this host's users define a variable, in its own words.
  ExplicitMappingSource(std::vector<TokenMapping> mappings, const VariableStore& variables,
                        std::string how_to_define)
      : mappings_(std::move(mappings)), variables_(variables), how_to_define_(std::move(how_to_define)) {}
  [[nodiscard]] std::string name() const override { return "token variable mapping"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;

 private:
  std::vector<TokenMapping> mappings_;
  const VariableStore& variables_;
  std::string how_to_define_;
};

}  // namespace ca
