#pragma once
// Source (b): the pipeline already holds CARGO_REGISTRIES_<NAME>_TOKEN (on Azure
// as SECRET_... when it comes from a secret variable or variable group). Script
// steps never see secret variables unless mapped with `env:`, so re-exporting
// it is what spares users that mapping in every publish step.
#include "credentials/credential_source.hpp"
#include "credentials/variable_store.hpp"

namespace ca {

class PipelineVariableSource : public CredentialSource {
 public:
  explicit PipelineVariableSource(const VariableStore& variables) : variables_(variables) {}
  [[nodiscard]] std::string name() const override { return "pipeline variable"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;

 private:
  const VariableStore& variables_;
};

}  // namespace ca
