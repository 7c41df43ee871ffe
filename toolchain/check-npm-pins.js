#!/usr/bin/env node
// Checks that an npm tree holds exactly what its package.json pins: every direct
// dependency has an exact version (no ranges), the lock records that same version, and
// the installed package under node_modules/ is that version. Exits 1 naming each
// mismatch. Usage: node toolchain/check-npm-pins.js [DIR] (default: the current folder).
"use strict";
const fs = require("fs");
const path = require("path");

const dir = path.resolve(process.argv[2] || ".");
const read = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
const manifest = read("package.json");
const lock = read("package-lock.json");
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const problems = [];

for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
  for (const [name, spec] of Object.entries(manifest[field] || {})) {
    // An npm alias (`oz4@npm:@openzeppelin/contracts@4.9.6`) pins the version after the last @.
    const wanted = spec.startsWith("npm:") ? spec.slice(spec.lastIndexOf("@") + 1) : spec;
    if (!EXACT.test(wanted)) {
      problems.push(`${name}: package.json asks for "${spec}", not one exact version`);
      continue;
    }
    const locked = (lock.packages || {})[`node_modules/${name}`];
    if (!locked || locked.version !== wanted) {
      problems.push(`${name}: the lock has ${locked ? locked.version : "no entry"}, package.json pins ${wanted}`);
    }
    const installedFile = path.join(dir, "node_modules", name, "package.json");
    if (process.env.CHECK_LOCK_ONLY !== "1") {
      const installed = fs.existsSync(installedFile)
        ? JSON.parse(fs.readFileSync(installedFile, "utf8")).version
        : "nothing";
      if (installed !== wanted) {
        problems.push(`${name}: ${installed} is installed, package.json pins ${wanted}`);
      }
    }
  }
}

if (problems.length) {
  console.error(`npm pins in ${dir} do not hold:\n  ` + problems.join("\n  "));
  process.exit(1);
}
