#!/usr/bin/env node
// Validates an Azure Pipelines task folder the way an upload would, plus this
// project's own rules, and exits non-zero listing every problem found:
//   - task.json against tasks.schema.json (draft-04, the task-lib schema),
//   - tfx-cli's checks (id a GUID, name ^[A-Za-z0-9-]+$, friendlyName 1-40
//     chars, instanceNameFormat present, not only end-of-life Node runners) and
//     every execution target existing as a file relative to task.json,
//   - inputs: names ^[A-Za-z][A-Za-z0-9]*$ and unique as INPUT_<NAME>, a label
//     and helpMarkDown each, groupName and visibleRule naming what exists,
//     pickList/boolean defaults that make sense,
//   - presentation, as Microsoft's own tasks present themselves in the classic
//     editor: an https helpUrl pinned to this task's version (a release raises
//     both), icon.png beside task.json (a 32x32 PNG), capitalised input labels
//     and pickList option labels,
//   - every INPUT_* the binary reads (BINARY_INPUTS, mirroring
//     src/hosts/azure/azure_inputs.cpp) is declared, with the binary's default.
//
// Usage: node validate_task_json.js [--extension vss-extension.json] TASK_DIR...
//        node validate_task_json.js --self-test TASK_DIR   (each check can fail)
// Needs `npm ci --prefix tests/task` once; says so when node_modules is missing.
'use strict';

const fs = require('fs');
const path = require('path');

// Mirror of src/hosts/azure/azure_inputs.cpp: the inputs the binary reads and
// the value it assumes when the input is empty (undefined: no default there).
// Update both together.
const BINARY_INPUTS = [
  { name: 'command', binaryDefault: 'authenticate' },
  { name: 'configFile' },
  { name: 'cargoServiceConnections' },
  { name: 'registryNames' },
  { name: 'tokenVariables' },
  { name: 'verify', binaryDefault: 'false' },
  { name: 'credentialProvider', binaryDefault: 'false' },
  { name: 'workingDirectory' },
  { name: 'publishRegistry' },
  { name: 'packages' },
  { name: 'dryRun', binaryDefault: 'false' },
  { name: 'allowDirty', binaryDefault: 'true' },
  { name: 'noVerify', binaryDefault: 'false' },
  { name: 'arguments' },
];

// Node runners tfx-cli reports as end-of-life (app/lib/jsonvalidate.ts).
const DEPRECATED_RUNNERS = ['Node', 'Node6', 'Node10', 'Node16'];
const HANDLER_SECTIONS = ['prejobexecution', 'execution', 'postjobexecution'];
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TASK_NAME = /^[A-Za-z0-9-]+$/;
const INPUT_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
// Operators of the agent's visibleRule grammar, longest first.
const RULE_OPERATORS = ['NotStartsWith', 'NotEndsWith', 'NotContains', 'StartsWith', 'EndsWith', 'Contains',
  '!=', '<=', '>=', '=', '<', '>'];

function loadSchemaValidator(schemaPath) {
  let Ajv;
  try {
    Ajv = require('ajv-draft-04');
  } catch (error) {
    console.error(`cannot load the JSON schema validator (${error.code || error.message}).\n` +
      'Install the test dependencies first: npm ci --prefix tests/task');
    process.exit(2);
  }
  // The task-lib schema has the regex ^connectedService\:.+$: valid ECMAScript but not
  // in Unicode mode, which ajv 8 uses by default.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  try {
    return ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  } catch (error) {
    console.error(`cannot use the schema ${schemaPath}: ${error.message}`);
    process.exit(2);
  }
}

function readJson(file, issues) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    issues.push(`${file}: ${error.message}`);
    return undefined;
  }
}

// Names of the inputs a visibleRule tests, e.g. "command = publish && dryRun != true".
function ruleInputs(rule) {
  return rule.split(/&&|\|\|/).map((clause) => {
    const text = clause.trim();
    let cut = text.length;
    for (const op of RULE_OPERATORS) {
      const at = text.indexOf(op);
      if (at > 0 && at < cut) cut = at;
    }
    return text.slice(0, cut).trim();
  });
}

function checkTfx(task, dir, issues) {
  if (typeof task.id !== 'string' || !GUID.test(task.id)) issues.push('id is a required guid');
  if (typeof task.name !== 'string' || !TASK_NAME.test(task.name)) issues.push('name must match ^[A-Za-z0-9-]+$');
  if (typeof task.friendlyName !== 'string' || task.friendlyName.length < 1 || task.friendlyName.length > 40) {
    issues.push('friendlyName is a required string of 1-40 chars');
  }
  if (!task.instanceNameFormat) issues.push('instanceNameFormat is required');

  const runners = task.execution ? Object.keys(task.execution) : [];
  if (runners.length === 0) issues.push('execution has no handler');
  if (runners.length > 0 && runners.every((r) => DEPRECATED_RUNNERS.includes(r))) {
    issues.push(`execution only has end-of-life runners (${runners.join(', ')})`);
  }
  for (const section of HANDLER_SECTIONS) {
    for (const [runner, handler] of Object.entries(task[section] || {})) {
      const target = handler && handler.target;
      const file = typeof target === 'string' ? path.resolve(dir, target) : undefined;
      if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        issues.push(`${section}.${runner}.target '${target}' is not a file relative to task.json (${dir})`);
      }
    }
  }
}

// helpUrl: the classic editor's "Learn more" link. Pinned to the release tag
// (…/blob/v<version>/…) so the page matches the task that shows it.
function checkHelpUrl(task, issues) {
  const url = task.helpUrl;
  if (typeof url !== 'string' || url === '') {
    issues.push('helpUrl is missing (the classic editor links it as "Learn more")');
    return;
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch (error) {
    issues.push(`helpUrl '${url}' is not a URL`);
    return;
  }
  if (parsed.protocol !== 'https:') issues.push(`helpUrl '${url}' is not https`);
  const v = task.version || {};
  const tag = `/v${v.Major}.${v.Minor}.${v.Patch}/`;
  if (!parsed.pathname.includes(tag)) issues.push(`helpUrl '${url}' does not point at this version's tag (${tag}): raise it with the version`);
}

// icon.png beside task.json: the task catalogue shows it (tfx packs it from the task folder).
function checkIcon(dir, issues) {
  const file = path.join(dir, 'icon.png');
  let data;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    issues.push(`icon.png is missing beside task.json (${file}): python3 scripts/make-task-icon.py`);
    return;
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(signature) || data.toString('latin1', 12, 16) !== 'IHDR') {
    issues.push(`${file} is not a PNG`);
    return;
  }
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  if (width !== 32 || height !== 32) issues.push(`${file} is ${width}x${height}, not 32x32`);
}

const startsCapitalised = (text) => typeof text === 'string' && /^[A-Z]/.test(text);

function checkInputs(task, issues) {
  const inputs = Array.isArray(task.inputs) ? task.inputs : [];
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const groups = new Set((task.groups || []).map((g) => g.name));
  const envNames = new Set();
  for (const input of inputs) {
    const where = `input '${input.name}'`;
    if (typeof input.name !== 'string' || !INPUT_NAME.test(input.name)) issues.push(`${where}: name must match ^[A-Za-z][A-Za-z0-9]*$`);
    const envName = `INPUT_${String(input.name).toUpperCase()}`;
    if (envNames.has(envName)) issues.push(`${where}: another input also arrives as ${envName}`);
    envNames.add(envName);
    if (!input.label) issues.push(`${where}: label is missing`);
    else if (!startsCapitalised(input.label)) issues.push(`${where}: label '${input.label}' does not start with a capital letter`);
    if (input.type === 'pickList' || input.type === 'radio') {
      for (const [value, label] of Object.entries(input.options || {})) {
        if (!startsCapitalised(label)) issues.push(`${where}: option '${value}' has the label '${label}', which does not start with a capital letter`);
      }
    }
    if (!input.helpMarkDown) issues.push(`${where}: helpMarkDown is missing (the classic editor shows it)`);
    if (input.groupName !== undefined && !groups.has(input.groupName)) issues.push(`${where}: group '${input.groupName}' is not defined`);
    if (input.type === 'pickList' && input.defaultValue !== undefined &&
        !Object.prototype.hasOwnProperty.call(input.options || {}, input.defaultValue)) {
      issues.push(`${where}: defaultValue '${input.defaultValue}' is not one of its options`);
    }
    if (input.type === 'boolean' && input.defaultValue !== undefined && !['true', 'false', true, false].includes(input.defaultValue)) {
      issues.push(`${where}: boolean defaultValue '${input.defaultValue}' is neither true nor false`);
    }
  }
  const rules = [
    ...inputs.filter((i) => i.visibleRule).map((i) => [`input '${i.name}'`, i.visibleRule]),
    ...(task.groups || []).filter((g) => g.visibleRule).map((g) => [`group '${g.name}'`, g.visibleRule]),
  ];
  for (const [owner, rule] of rules) {
    for (const name of ruleInputs(rule)) {
      if (!byName.has(name)) issues.push(`${owner}: visibleRule '${rule}' names '${name}', which is not an input`);
    }
  }
  for (const expected of BINARY_INPUTS) {
    const input = byName.get(expected.name);
    if (!input) {
      issues.push(`input '${expected.name}' is read by the binary (INPUT_${expected.name.toUpperCase()}) but not declared`);
    } else if (expected.binaryDefault !== undefined && String(input.defaultValue) !== expected.binaryDefault) {
      issues.push(`input '${expected.name}': defaultValue '${input.defaultValue}' differs from the binary's '${expected.binaryDefault}'`);
    }
  }
}

// Every problem of the task folder `dir`, as readable lines; [] when valid.
function validateTaskFolder(dir, validateSchema, taskOverride) {
  const issues = [];
  const task = taskOverride !== undefined ? taskOverride : readJson(path.join(dir, 'task.json'), issues);
  if (task === undefined) return issues;
  if (!validateSchema(task)) {
    for (const e of validateSchema.errors) issues.push(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  checkTfx(task, dir, issues);
  checkHelpUrl(task, issues);
  checkIcon(dir, issues);
  checkInputs(task, issues);
  return issues;
}

// What `tfx extension create` needs: each task contribution names a folder
// beside the manifest that holds a task.json, and the folder is packaged.
function validateExtension(manifestPath) {
  const issues = [];
  const manifest = readJson(manifestPath, issues);
  if (manifest === undefined) return issues;
  const base = path.dirname(manifestPath);
  const files = (manifest.files || []).map((f) => f.path);
  const tasks = (manifest.contributions || []).filter((c) => c.type === 'ms.vss-distributed-task.task');
  if (tasks.length === 0) issues.push('no contribution of type ms.vss-distributed-task.task');
  for (const c of tasks) {
    if (!(c.targets || []).includes('ms.vss-distributed-task.tasks')) issues.push(`contribution '${c.id}': targets lacks ms.vss-distributed-task.tasks`);
    const folder = c.properties && c.properties.name;
    if (!folder || !fs.existsSync(path.join(base, folder, 'task.json'))) issues.push(`contribution '${c.id}': properties.name '${folder}' is not a folder with task.json`);
    if (!files.includes(folder)) issues.push(`contribution '${c.id}': folder '${folder}' is not in files`);
  }
  for (const key of ['manifestVersion', 'id', 'version', 'publisher', 'name']) {
    if (manifest[key] === undefined) issues.push(`${key} is missing`);
  }
  return issues;
}

// Proves each check can fail: every broken copy of a valid task.json must be rejected.
function selfTest(dir, validateSchema) {
  const original = JSON.parse(fs.readFileSync(path.join(dir, 'task.json'), 'utf8'));
  const broken = {
    'id not a GUID': (t) => { t.id = 'not-a-guid'; },
    'name with a space': (t) => { t.name = 'Cargo Authenticate'; },
    'friendlyName of 41 chars': (t) => { t.friendlyName = 'x'.repeat(41); },
    'no instanceNameFormat': (t) => { delete t.instanceNameFormat; },
    'missing target': (t) => { t.execution.Node20_1.target = 'task/nope.js'; },
    'only Node16': (t) => { t.execution = { Node16: { target: 'task/launcher.js' } }; },
    'input name with a dash': (t) => { t.inputs[0].name = 'config-file'; },
    'unknown property': (t) => { t.unknownProperty = true; },
    'visibleRule on no input': (t) => { t.inputs.find((i) => i.visibleRule).visibleRule = 'mode = publish'; },
    'binary input missing': (t) => { t.inputs = t.inputs.filter((i) => i.name !== 'tokenVariables'); },
    'binary default differs': (t) => { t.inputs.find((i) => i.name === 'allowDirty').defaultValue = 'false'; },
    'no helpMarkDown': (t) => { delete t.inputs[1].helpMarkDown; },
    'undefined group': (t) => { t.inputs.find((i) => i.groupName).groupName = 'nope'; },
    'no helpUrl': (t) => { delete t.helpUrl; },
    'helpUrl over http': (t) => { t.helpUrl = t.helpUrl.replace(/^https:/, 'http:'); },
    'helpUrl of another version': (t) => { t.helpUrl = t.helpUrl.replace(/\/v[0-9.]+\//, '/v0.0.0/'); },
    'lower-case pickList label': (t) => {
      const pick = t.inputs.find((i) => i.type === 'pickList');
      const first = Object.keys(pick.options)[0];
      pick.options[first] = pick.options[first].toLowerCase();
    },
    'lower-case input label': (t) => { t.inputs[0].label = t.inputs[0].label.toLowerCase(); },
  };
  let failures = validateTaskFolder(dir, validateSchema).map((i) => `valid task.json rejected: ${i}`);
  for (const [label, mutate] of Object.entries(broken)) {
    const copy = JSON.parse(JSON.stringify(original));
    mutate(copy);
    if (validateTaskFolder(dir, validateSchema, copy).length === 0) failures.push(`not detected: ${label}`);
  }
  failures = failures.concat(selfTestIcon(dir));
  return failures;
}

// checkIcon reads files: give it folders with no icon, a non-PNG and a PNG of the wrong size.
function selfTestIcon(dir) {
  const failures = [];
  const png = fs.readFileSync(path.join(dir, 'icon.png'));
  const wrongSize = Buffer.from(png);
  wrongSize.writeUInt32BE(48, 16);
  const cases = { 'no icon.png': undefined, 'icon.png not a PNG': Buffer.from('GIF89a, not a PNG....'), 'icon.png 48 wide': wrongSize };
  for (const [label, bytes] of Object.entries(cases)) {
    const scratch = fs.mkdtempSync(path.join(require('os').tmpdir(), 'task-icon-'));
    try {
      if (bytes !== undefined) fs.writeFileSync(path.join(scratch, 'icon.png'), bytes);
      const issues = [];
      checkIcon(scratch, issues);
      if (issues.length === 0) failures.push(`not detected: ${label}`);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return failures;
}

function main(argv) {
  const schemaPath = path.join(__dirname, 'tasks.schema.json');
  let extension;
  let self = false;
  const dirs = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--extension') extension = argv[++i];
    else if (argv[i] === '--self-test') self = true;
    else dirs.push(argv[i]);
  }
  if (dirs.length === 0 && !extension) {
    console.error('usage: validate_task_json.js [--self-test] [--extension vss-extension.json] TASK_DIR...');
    return 2;
  }
  const validateSchema = loadSchemaValidator(schemaPath);
  let failed = false;
  const report = (what, issues) => {
    if (issues.length === 0) {
      console.log(`ok: ${what}`);
      return;
    }
    failed = true;
    console.error(`FAILED: ${what}`);
    for (const issue of issues) console.error(`  - ${issue}`);
  };
  for (const dir of dirs) {
    const resolved = path.resolve(dir);
    report(self ? `self-test on ${resolved}` : `${resolved}/task.json`,
      self ? selfTest(resolved, validateSchema) : validateTaskFolder(resolved, validateSchema));
  }
  if (extension) report(path.resolve(extension), validateExtension(path.resolve(extension)));
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
