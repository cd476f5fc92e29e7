#pragma once
// A Host that forwards everything to another one but keeps summary() Markdown
// instead of writing it, so a command with several phases (publish: the
// authentication table, then the publish table) hands the host one summary.
// Hosts write one summary file per run; two calls would upload it twice.
#include <string>

#include "hosts/host.hpp"

namespace ca {

class SummaryCapture : public Host {
 public:
  explicit SummaryCapture(Host& inner) : inner_(inner) {}
  [[nodiscard]] HostKind kind() const override { return inner_.kind(); }
  void mask(const Secret& secret) override { inner_.mask(secret); }
  bool export_variable(const std::string& name, const std::string& value) override {
    return inner_.export_variable(name, value);
  }
  bool export_secret(const std::string& name, const Secret& value) override {
    return inner_.export_secret(name, value);
  }
  void set_output(const std::string& name, const std::string& value) override {
    inner_.set_output(name, value);
  }
  void info(std::string_view message) override { inner_.info(message); }
  void warning(std::string_view message, const SourceLocation& where = {}) override {
    inner_.warning(message, where);
  }
  void error(std::string_view message, const SourceLocation& where = {}) override {
    inner_.error(message, where);
  }
  void debug(std::string_view message) override { inner_.debug(message); }
  void begin_group(std::string_view title) override { inner_.begin_group(title); }
  void end_group() override { inner_.end_group(); }
  void summary(const std::string& markdown) override { captured_ += markdown; }
  void complete(Outcome outcome, std::string_view message) override { inner_.complete(outcome, message); }
  bool finish() override { return inner_.finish(); }

  [[nodiscard]] const std::string& captured() const { return captured_; }

 private:
  Host& inner_;
  std::string captured_;
};

}  // namespace ca
