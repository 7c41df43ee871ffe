#!/usr/bin/env node
// solc-adapter: gives the npm solc-js compiler the command-line interface of a
// native solc binary, as far as py-solc-x, ape-solidity and crytic-compile use it.
//
//   --version                       "Version: X.Y.Z+commit..." like native solc
//   --standard-json [--base-path P] [--include-path P]... [--allow-paths ...]
//                                   standard JSON on stdin -> stdout; imports are
//                                   resolved from the base and include paths
//   --combined-json a,b,c [options] [prefix=target ...] file.sol ...
//                                   the legacy output crytic-compile (slither) reads
//
// The exit code follows native solc: --standard-json exits 0 and reports errors in
// its JSON; --combined-json exits 1 and prints the compiler's messages to stderr
// when any error is reported. Nothing is downloaded: solc-js is a pinned npm package.
"use strict";

const fs = require("fs");
const path = require("path");

function loadSolc() {
  // The compiler sits in node_modules next to this file's project root; the
  // environment may point elsewhere (tests use it to check failure messages).
  const root = process.env.SOLC_ADAPTER_NODE_MODULES || path.join(__dirname, "..", "node_modules");
  return require(path.join(root, "solc"));
}

function fail(message) {
  process.stderr.write(`solc-adapter: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { includePaths: [], remappings: [], files: [], optimize: false };
  const valued = new Set([
    "--base-path", "--include-path", "--allow-paths", "--combined-json", "--optimize-runs",
    "--evm-version", "-o", "--output-dir",
  ]);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    if (arg.startsWith("--") && arg.includes("=") && valued.has(arg.split("=")[0])) {
      [arg, value] = [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)];
    } else if (valued.has(arg)) {
      if (i + 1 >= argv.length) fail(`option ${arg} needs a value`);
      value = argv[++i];
    }
    switch (arg) {
      case "--version": opts.version = true; break;
      case "--help": opts.help = true; break;
      case "--standard-json": opts.standardJson = true; break;
      case "--combined-json": opts.combinedJson = value.split(","); break;
      case "--base-path": opts.basePath = value; break;
      case "--include-path": opts.includePaths.push(value); break;
      case "--allow-paths": break; // solc-js reads only what the callback returns
      case "--optimize": opts.optimize = true; break;
      case "--optimize-runs": opts.optimizeRuns = Number(value); break;
      case "--evm-version": opts.evmVersion = value; break;
      case "--via-ir": opts.viaIR = true; break;
      case "--no-color": case "--pretty-json": case "--overwrite": case "--metadata-hash=none": break;
      case "-o": case "--output-dir": fail("writing to an output directory is not supported"); break;
      default:
        if (arg.startsWith("-")) fail(`unsupported option ${arg}`);
        if (arg.includes("=")) opts.remappings.push(arg);
        else opts.files.push(arg);
    }
  }
  return opts;
}

function importResolver(opts) {
  const roots = [opts.basePath || process.cwd(), ...opts.includePaths];
  return (importPath) => {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : roots.map((root) => path.resolve(root, importPath));
    for (const candidate of candidates) {
      try {
        return { contents: fs.readFileSync(candidate, "utf8") };
      } catch (_) {
        /* try the next root */
      }
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(", ")})` };
  };
}

function readStdin() {
  return fs.readFileSync(0, "utf8");
}

function standardJson(solc, opts) {
  const input = readStdin();
  process.stdout.write(solc.compile(input, { import: importResolver(opts) }));
}

const COMBINED_SELECTION = {
  abi: ["abi"],
  bin: ["evm.bytecode.object"],
  "bin-runtime": ["evm.deployedBytecode.object"],
  srcmap: ["evm.bytecode.sourceMap"],
  "srcmap-runtime": ["evm.deployedBytecode.sourceMap"],
  userdoc: ["userdoc"],
  devdoc: ["devdoc"],
  hashes: ["evm.methodIdentifiers"],
  metadata: ["metadata"],
  "storage-layout": ["storageLayout"],
};

function combinedJson(solc, opts) {
  if (opts.files.length === 0) fail("--combined-json needs at least one source file");
  const sources = {};
  for (const file of opts.files) {
    const name = path.normalize(file).split(path.sep).join("/");
    try {
      sources[name] = { content: fs.readFileSync(file, "utf8") };
    } catch (err) {
      fail(`cannot read ${file}: ${err.message}`);
    }
  }
  const wanted = opts.combinedJson.filter((item) => item !== "compact-format");
  const selection = wanted.flatMap((item) => COMBINED_SELECTION[item] || []);
  const settings = {
    remappings: opts.remappings,
    optimizer: { enabled: opts.optimize, runs: opts.optimizeRuns || 200 },
    outputSelection: { "*": { "*": selection, "": wanted.includes("ast") ? ["ast"] : [] } },
  };
  if (opts.evmVersion) settings.evmVersion = opts.evmVersion;
  if (opts.viaIR) settings.viaIR = true;
  const output = JSON.parse(
    solc.compile(JSON.stringify({ language: "Solidity", sources, settings }), {
      import: importResolver(opts),
    }),
  );
  const errors = (output.errors || []).filter((e) => e.severity === "error");
  for (const e of output.errors || []) process.stderr.write(`${e.formattedMessage || e.message}\n`);
  if (errors.length > 0) process.exit(1);

  const get = (obj, dotted) => dotted.split(".").reduce((o, k) => (o == null ? o : o[k]), obj);
  const result = { contracts: {}, sources: {}, sourceList: [], version: solc.version() };
  for (const [file, contracts] of Object.entries(output.contracts || {})) {
    for (const [name, artefact] of Object.entries(contracts)) {
      const entry = {};
      for (const item of wanted) {
        const keys = COMBINED_SELECTION[item];
        if (keys) entry[item] = get(artefact, keys[0]);
      }
      result.contracts[`${file}:${name}`] = entry;
    }
  }
  const byId = Object.entries(output.sources || {}).sort((a, b) => a[1].id - b[1].id);
  for (const [file, source] of byId) {
    result.sourceList.push(file);
    result.sources[file] = wanted.includes("ast") ? { AST: source.ast, id: source.id } : { id: source.id };
  }
  process.stdout.write(JSON.stringify(result));
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write("solc-adapter: solc-js behind the native solc CLI (--version, --standard-json, --combined-json)\n");
    return;
  }
  const solc = loadSolc();
  if (opts.version) {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
    return;
  }
  if (opts.standardJson) return standardJson(solc, opts);
  if (opts.combinedJson) return combinedJson(solc, opts);
  fail("nothing to do: use --version, --standard-json or --combined-json");
}

main();
