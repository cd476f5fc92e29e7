#pragma once
// Azure Pipelines: logging commands on stdout, read by the agent.
// Secrets: task.setsecret with each form of the value first (the agent then
// masks it in every later log line), then a NON-secret task.setvariable, because
// later script steps only see non-secret variables as environment variables
// and cargo reads its token from the environment.
#include <chrono>
#include <ostream>
#include <string>

#include "core/environment.hpp"
#include "hosts/azure/agent_secret_names.hpp"
#include "hosts/host.hpp"

namespace ca {

class AzureHost : public Host {
 public:
  AzureHost(std::ostream& out, const Environment& env, bool debug_enabled);
  [[nodiscard]] HostKind kind() const override { return HostKind::kAzure; }
  void mask(const Secret& secret) override;
  bool export_variable(const std::string& name, const std::string& value) override;
  bool export_secret(const std::string& name, const Secret& value) override;
  [[nodiscard]] bool later_steps_see(const std::string& name) const override {
    return !secret_names_.stays_secret(name);
  }
  void set_output(const std::string& name, const std::string& value) override;
  void info(std::string_view message) override;
  void warning(std::string_view message, const SourceLocation& where) override;
  void error(std::string_view message, const SourceLocation& where) override;
  void debug(std::string_view message) override;
  void begin_group(std::string_view title) override;
  void end_group() override;
  void summary(const std::string& markdown) override;
  void complete(Outcome outcome, std::string_view message) override;
  bool finish() override;

 private:
  void line(const std::string& text);
  std::ostream& out_;
  const Environment& env_;
  bool debug_enabled_;
  AgentSecretNames secret_names_;
  std::chrono::steady_clock::time_point last_flush_{};
};

}  // namespace ca
