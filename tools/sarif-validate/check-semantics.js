#!/usr/bin/env node
// Checks what the SARIF schema cannot express about one runwarden log.
//
//   node check-semantics.js [--exit N] [--expect-rule ID]... [--no-results]
//                           LOG.sarif -- INPUT...
//
// INPUT... are the paths exactly as given on runwarden's command line.
// Checks that:
//   - every result's ruleId is the id of a rule in tool.driver.rules and its
//     ruleIndex points at that rule (viewers look rules up by index);
//   - every region has startLine >= 1 and startColumn >= 1 (the schema makes
//     both optional, and a region without them highlights nothing);
//   - every artifact uri is one of the relative paths given on the command
//     line, so uploads resolve against the repository root;
//   - with --exit N: runwarden's exit code N is 1 exactly when some result
//     has level "error";
//   - with --expect-rule ID: some result has that ruleId;
//   - with --no-results: the log has no result at all.
// Prints "ok LOG (N results)" or every problem; exits 1 on any problem.
'use strict';

const fs = require('fs');

function parseArgs(argv) {
  const opts = { exit: null, expectRules: [], noResults: false, log: null, inputs: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--exit') opts.exit = Number(argv[++i]);
    else if (a === '--expect-rule') opts.expectRules.push(argv[++i]);
    else if (a === '--no-results') opts.noResults = true;
    else if (opts.log === null && !a.startsWith('--')) opts.log = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  opts.inputs = argv.slice(i + 1);
  if (opts.log === null || opts.inputs.length === 0 || Number.isNaN(opts.exit)) {
    throw new Error('usage: node check-semantics.js [--exit N] [--expect-rule ID]... ' +
                    '[--no-results] LOG.sarif -- INPUT...');
  }
  return opts;
}

// Calls fn(value, path) for every object under `node` stored under `key`.
function each(node, key, fn, path = '') {
  if (Array.isArray(node)) {
    node.forEach((v, i) => each(v, key, fn, `${path}/${i}`));
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      const p = `${path}/${k}`;
      if (k === key && v !== null && typeof v === 'object') fn(v, p);
      each(v, key, fn, p);
    }
  }
}

function check(log, opts) {
  const problems = [];
  const inputs = new Set(opts.inputs);
  let results = 0;
  let errors = 0;
  const seenRules = new Set();

  (log.runs || []).forEach((run, r) => {
    const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
    const index = new Map();
    rules.forEach((rule, i) => {
      if (index.has(rule.id)) problems.push(`/runs/${r}: rule id "${rule.id}" appears twice`);
      else index.set(rule.id, i);
    });
    (run.results || []).forEach((res, i) => {
      const at = `/runs/${r}/results/${i}`;
      results++;
      seenRules.add(res.ruleId);
      if (!index.has(res.ruleId)) {
        problems.push(`${at}: ruleId "${res.ruleId}" is not in tool.driver.rules`);
      } else if (res.ruleIndex !== index.get(res.ruleId)) {
        problems.push(`${at}: ruleIndex ${res.ruleIndex} but rule "${res.ruleId}" ` +
                      `is at index ${index.get(res.ruleId)}`);
      }
      // A result without level takes its rule's default level, else "warning".
      const rule = rules[index.get(res.ruleId)];
      const level = res.level ||
          (rule && rule.defaultConfiguration && rule.defaultConfiguration.level) || 'warning';
      if (level === 'error') errors++;
    });
  });

  each(log, 'region', (region, path) => {
    for (const k of ['startLine', 'startColumn']) {
      if (!Number.isInteger(region[k]) || region[k] < 1) {
        problems.push(`${path}: ${k} is ${JSON.stringify(region[k])}, want an integer >= 1`);
      }
    }
  });
  each(log, 'artifactLocation', (loc, path) => {
    if (!inputs.has(loc.uri)) {
      problems.push(`${path}: uri ${JSON.stringify(loc.uri)} is not one of the paths given ` +
                    `on the command line (${[...inputs].join(', ')})`);
    }
  });

  if (opts.exit !== null && (opts.exit === 1) !== (errors > 0)) {
    problems.push(`runwarden exited ${opts.exit} but the log has ${errors} error-level result(s)`);
  }
  for (const id of opts.expectRules) {
    if (!seenRules.has(id)) problems.push(`no result of rule "${id}"`);
  }
  if (opts.noResults && results > 0) problems.push(`expected no results, found ${results}`);
  return { problems, results };
}

function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  let log;
  try {
    log = JSON.parse(fs.readFileSync(opts.log, 'utf8'));
  } catch (e) {
    process.stdout.write(`FAIL ${opts.log}: not a readable JSON document: ${e.message}\n`);
    return 1;
  }
  const { problems, results } = check(log, opts);
  if (problems.length === 0) {
    process.stdout.write(`ok ${opts.log} (${results} results)\n`);
    return 0;
  }
  process.stdout.write(`FAIL ${opts.log}:\n`);
  for (const p of problems) process.stdout.write(`  ${p}\n`);
  return 1;
}

process.exitCode = main(process.argv);
