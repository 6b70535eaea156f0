#!/usr/bin/env node
// Validates SARIF logs against the SARIF 2.1.0 JSON schema.
//
//   node validate.js FILE.sarif...
//
// Prints "ok FILE" for each valid file and every schema error otherwise;
// exits 1 when any file is invalid or not JSON, 2 on bad usage.
//
// The schema is the one @microsoft/jest-sarif ships (sarif-2.1.0-rtm.5.json,
// the SARIF 2.1.0 release schema), loaded from the installed package rather
// than copied. Run `npm ci --ignore-scripts` here first to use it by hand;
// run-test.sh installs the same locked dependencies into the build tree.
'use strict';

const fs = require('fs');

// The schema declares "$schema": draft-04 and uses draft-04's "id", which
// the default Ajv class (draft-07) does not understand, so use the draft-04
// class of the same Ajv major version.
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const SCHEMA = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

function buildValidator() {
  const schema = JSON.parse(fs.readFileSync(require.resolve(SCHEMA), 'utf8'));
  const ajv = new Ajv({
    // The schema predates Ajv's strict checks (it has keywords such as
    // "default" next to "$ref"); strict mode would reject the schema itself.
    strict: false,
    allErrors: true,
    // One pattern in the schema ("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
    // has a lone "]", which is a syntax error under the RegExp "u" flag but
    // a literal "]" under the plain ECMAScript syntax JSON Schema specifies.
    unicodeRegExp: false,
  });
  // Without formats Ajv would ignore "format": "uri", "uri-reference" and
  // "date-time", which is exactly what code-scanning uploads trip over.
  addFormats(ajv);
  return ajv.compile(schema);
}

function main(argv) {
  const files = argv.slice(2);
  if (files.length === 0 || files.includes('-h') || files.includes('--help')) {
    process.stderr.write('usage: node validate.js FILE.sarif...\n');
    return 2;
  }
  const validate = buildValidator();
  let failed = 0;
  for (const file of files) {
    let log;
    try {
      log = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      process.stdout.write(`FAIL ${file}: not a readable JSON document: ${e.message}\n`);
      failed++;
      continue;
    }
    if (validate(log)) {
      process.stdout.write(`ok ${file}\n`);
      continue;
    }
    failed++;
    process.stdout.write(`FAIL ${file}: ${validate.errors.length} schema error(s)\n`);
    for (const err of validate.errors) {
      const where = err.instancePath === '' ? '(root)' : err.instancePath;
      const allowed = err.params && err.params.allowedValues
        ? ` ${JSON.stringify(err.params.allowedValues)}` : '';
      const extra = err.params && err.params.additionalProperty
        ? ` "${err.params.additionalProperty}"` : '';
      process.stdout.write(`  ${where}: ${err.message}${allowed}${extra}\n`);
    }
  }
  if (failed > 0) {
    process.stdout.write(`${failed} of ${files.length} file(s) failed SARIF 2.1.0 validation\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv);
