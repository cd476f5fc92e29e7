// Entry point of the CargoAuthenticateNative Azure Pipelines task.
//
// On Linux and macOS the agent can only start a task through a Node handler, so
// this file is the task.json `execution` target: it starts the native binary
// shipped for this platform and architecture, bin/<platform>-<arch>/cargo-authenticate
// next to this file, with this process's environment, working directory and
// stdio and no arguments (the binary reads its INPUT_* variables itself). It
// forwards SIGINT/SIGTERM (the agent's cancellation) to the binary and exits with
// the binary's exit code, or 128 + signal number when the binary was killed by a
// signal. When no binary is shipped for this platform it fails the step with a
// logging command that names the platform and what the package does ship.
//
// Deliberately NOT azure-pipelines-task-lib (and no other dependency): on import
// task-lib moves every INPUT_*, SECRET_*, ENDPOINT_AUTH_* and SECUREFILE_TICKET_*
// variable into a private vault and deletes it from process.env, so the binary
// would start without its inputs, the System.AccessToken and the service
// connections' credentials. Nothing here may read or print those variables.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BINARY_NAME = 'cargo-authenticate';

// Escaping of azure-pipelines-task-lib (taskcommand.ts): the agent un-escapes
// exactly these, so a path or platform name can never end or inject a command.
function escapeData(text) {
  return String(text).replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text) {
  return escapeData(text).replace(/]/g, '%5D').replace(/;/g, '%3B');
}

function command(name, properties, data) {
  const props = Object.keys(properties)
    .map((key) => `${key}=${escapeProperty(properties[key])};`)
    .join('');
  return `##vso[${name}${props ? ' ' + props : ''}]${escapeData(data)}\n`;
}

// What task-lib's setResult(Failed, message) writes: an error issue, then the result.
function failStep(message) {
  process.stdout.write(command('task.logissue', { type: 'error' }, message));
  process.stdout.write(command('task.complete', { result: 'Failed' }, message));
  process.exitCode = 1;
}

function shippedPlatforms(binRoot) {
  try {
    return fs
      .readdirSync(binRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (_) {
    return [];
  }
}

// The executable bit does not survive packaging (tfx-cli 0.23 writes the .vsix
// entries without Unix modes), so restore it rather than fail with EACCES.
function ensureExecutable(file) {
  if (process.platform === 'win32') return;
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch (_) {
    try {
      fs.chmodSync(file, 0o755);
    } catch (_) {
      // Read-only task folder: spawn below reports the real error.
    }
  }
}

function exitCodeFor(code, signal) {
  if (signal) {
    const number = os.constants.signals[signal];
    return number ? 128 + number : 1;
  }
  return code === null ? 1 : code;
}

function main() {
  const target = `${process.platform}-${process.arch}`;
  const binRoot = path.join(__dirname, 'bin');
  const binary = path.join(binRoot, target, process.platform === 'win32' ? `${BINARY_NAME}.exe` : BINARY_NAME);

  if (!fs.existsSync(binary)) {
    const shipped = shippedPlatforms(binRoot);
    failStep(
      `cargo-authenticate has no native binary for ${target} in this task package ` +
        `(it ships: ${shipped.length ? shipped.join(', ') : 'none'}; looked for ${binary}). ` +
        `Run this job on an agent of a shipped platform, or build and upload the task package for ${target}.`
    );
    return;
  }
  ensureExecutable(binary);

  // The agent cancels a step by signalling this process; the binary must hear it.
  // Listen BEFORE spawning: a signal that arrives between spawn and the
  // listeners would otherwise kill the launcher and orphan the binary.
  let child = null;
  let pending = null;
  const forward = (signal) => {
    if (child === null) pending = signal;
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));

  child = childProcess.spawn(binary, [], { stdio: 'inherit', env: process.env });
  if (pending !== null) forward(pending);

  child.on('error', (error) => {
    failStep(`cannot start ${binary}: ${error.message}. Rebuild the task package or check the agent's file permissions.`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(exitCodeFor(code, signal));
  });
}

main();
