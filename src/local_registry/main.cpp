// cargo-authenticate-registry: a local sparse cargo registry for tests and the README demo.
// See server.hpp for the HTTP surface and faults.hpp for the test control API.

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "atomic_file.hpp"
#include "server.hpp"

using namespace local_registry;

int main(int argc, char** argv) {
  CLI::App app{"Local sparse cargo registry (binds 127.0.0.1 only)"};
  std::string data_dir;
  std::string tokens_file;
  std::string port_file;
  std::string faults_file;
  ServerOptions options;
  app.add_option("--data", data_dir, "Directory holding the index and .crate files")->required();
  app.add_option("--port", options.port, "TCP port on 127.0.0.1; 0 picks a free port")
      ->check(CLI::Range(0, 65535));
  // Tokens are deliberately not accepted as arguments: argv is visible in process lists.
  app.add_option("--tokens-file", tokens_file,
                 "File of accepted Authorization header values, one per line "
                 "(prefix `readonly:` for read-only tokens); LOCAL_REGISTRY_TOKENS adds more")
      ->check(CLI::ExistingFile);
  app.add_option("--port-file", port_file, "Write the bound port here once listening");
  app.add_option("--threads", options.threads, "Worker threads")->check(CLI::Range(1, 4096));
  app.add_option("--faults-file", faults_file, "JSON fault rules to load at start")->check(CLI::ExistingFile);
  app.add_flag("--anonymous", options.anonymous,
               "Serve index and downloads without a token (auth-required: false)");
  app.add_option("--base-path", options.base_path,
                 "Serve under this path prefix (e.g. /tfs/C/_packaging/f/Cargo)");
  CLI11_PARSE(app, argc, argv);
  while (!options.base_path.empty() && options.base_path.back() == '/') options.base_path.pop_back();

  options.data_dir = data_dir;
  if (!tokens_file.empty()) {
    std::string text;
    if (!read_file(tokens_file, text)) {
      std::cerr << "error: cannot read --tokens-file " << tokens_file << "\n";
      return 2;
    }
    options.tokens.add_lines(text);
  }
  if (const char* env = std::getenv("LOCAL_REGISTRY_TOKENS")) options.tokens.add_lines(env);
  // Not fatal: a registry that rejects every token is a legitimate test fixture.
  if (!options.anonymous && options.tokens.size() == 0) {
    std::cerr << "warning: no tokens configured (--tokens-file, LOCAL_REGISTRY_TOKENS): "
                 "every request will get 401\n";
  }
  if (!faults_file.empty()) {
    std::string text;
    if (!read_file(faults_file, text)) {
      std::cerr << "error: cannot read --faults-file " << faults_file << "\n";
      return 2;
    }
    try {
      options.initial_faults = fault_rules_from_json(nlohmann::json::parse(text));
    } catch (const std::exception& e) {
      std::cerr << "error: bad --faults-file: " << e.what() << "\n";
      return 2;
    }
  }

  // Block the stop signals before any thread exists so every thread inherits the mask and
  // only the dedicated waiter below sees them: stopping httplib from a real signal handler
  // would not be async-signal-safe.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that disconnects mid-response must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  try {
    RegistryServer server(std::move(options));
    const int port = server.bind();
    if (!port_file.empty()) write_file_atomically(port_file, std::to_string(port) + "\n");
    std::cout << "listening on http://127.0.0.1:" << port << std::endl;

    std::atomic<bool> finished{false};
    std::thread waiter([&] {
      timespec poll{0, 200 * 1000 * 1000};
      while (!finished.load()) {
        if (sigtimedwait(&stop_signals, nullptr, &poll) > 0) {
          server.stop();
          return;
        }
      }
    });
    server.run();
    finished = true;
    waiter.join();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
