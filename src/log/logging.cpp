#include "log/logging.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

#include "core/secret_registry.hpp"

namespace ca {
namespace {

class HostSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit HostSink(Host& host) : host_(host) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string text =
        SecretRegistry::instance().redact(std::string(msg.payload.data(), msg.payload.size()));
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug:
        host_.debug(text);
        break;
      case spdlog::level::info:
        host_.info(text);
        break;
      case spdlog::level::warn:
        host_.warning(text, {});
        break;
      default:
        host_.error(text, {});
        break;
    }
  }
  void flush_() override {}

 private:
  Host& host_;
};

}  // namespace

void install_host_logger(Host& host, bool debug_enabled) {
  auto logger = std::make_shared<spdlog::logger>("cargo-authenticate", std::make_shared<HostSink>(host));
  logger->set_level(debug_enabled ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace ca
