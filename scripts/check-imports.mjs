#!/usr/bin/env node
// `npm run check:imports`: the import graph of src/ has no cycles and follows the folder rule (the
// table below: which folders each folder of src/ may import). CI runs it after the biome check.
// `--self-test` runs the same checks over test/fixtures/imports/, which holds one known cycle and
// one known rule violation, and fails unless exactly those are reported.
//
// Imports are read with TypeScript's own parser (already a dev dependency): a regular expression
// would also match imports quoted in comments and strings. `import type` counts like any import: a
// cycle of types is still two modules that cannot be understood, moved or tested one without the
// other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

// Folder (or top-level file) of src/ → the folders and top-level files it may import. Imports
// inside one folder are always allowed. The order is the layering, bottom first: each entry may
// only name entries above it, so the rule itself has no cycle (checked below).
const RULES = {
  'result.ts': [],
  'platform-limits.ts': [],
  validation: ['result.ts'],
  encoding: ['result.ts'],
  'body-reader.ts': ['result.ts', 'validation'],
  dns: ['encoding', 'result.ts', 'validation'],
  'env.ts': [],
  durable: ['env.ts'],
  location: ['dns'],
  outbound: ['dns', 'env.ts', 'location'],
  signals: ['durable', 'validation'],
  health: [
    'dns',
    'durable',
    'env.ts',
    'outbound',
    'platform-limits.ts',
    'result.ts',
    'signals',
    'validation',
  ],
  webhooks: [
    'dns',
    'durable',
    'encoding',
    'env.ts',
    'health',
    'outbound',
    'platform-limits.ts',
    'result.ts',
    'signals',
    'validation',
  ],
  // latency samples with the health probes' code (edge-sampler.ts), under the same outbound rules;
  // client beacon tokens are base64url (encoding).
  latency: [
    'dns',
    'durable',
    'encoding',
    'env.ts',
    'health',
    'location',
    'outbound',
    'result.ts',
    'signals',
    'validation',
  ],
  policy: ['dns', 'health', 'latency', 'location', 'result.ts'],
  zones: ['dns', 'encoding', 'health', 'latency', 'location', 'policy', 'result.ts', 'validation'],
  resolver: ['dns', 'latency', 'location', 'policy', 'result.ts', 'zones'],
  forward: ['body-reader.ts', 'dns', 'env.ts', 'outbound', 'resolver', 'result.ts'],
  store: ['health', 'latency', 'resolver', 'zones'],
  control: [
    'dns',
    'durable',
    'encoding',
    'env.ts',
    'health',
    'location',
    'outbound',
    'result.ts',
    'signals',
    'body-reader.ts',
    'validation',
    'zones',
  ],
  auth: ['env.ts'],
  proxy: ['auth', 'dns', 'encoding', 'env.ts', 'policy', 'resolver', 'result.ts', 'zones'],
  http: [
    'auth',
    'control',
    'dns',
    'encoding',
    'env.ts',
    'forward',
    'health',
    'latency',
    'location',
    'outbound',
    'proxy',
    'resolver',
    'result.ts',
    'signals',
    'store',
    'body-reader.ts',
    'validation',
    'webhooks',
    'zones',
  ],
  'index.ts': ['control', 'env.ts', 'health', 'http', 'latency', 'webhooks'],
  'worker-types.d.ts': ['env.ts', 'index.ts'],
};

// Edges the rule does not allow but the code needs today, each with its reason. Keep it short.
const EXCEPTIONS = [
  // A status flip is handed to the webhooks object to deliver (health sits below webhooks, which
  // renders health events).
  { from: 'health/health-state.ts', to: 'webhooks/client.ts' },
  // The probe scheduler reads the health-check definitions from the control plane that stores them.
  { from: 'health/scheduler.ts', to: 'control/client.ts' },
];

const FIXTURE = {
  dir: join(root, 'test/fixtures/imports/src'),
  rules: { base: [], middle: ['base'], top: ['middle', 'base'] },
  expected: [
    'cycle: middle/a.ts → middle/b.ts → middle/a.ts',
    'folder rule: base/leaf.ts:4 imports top/entry.ts (base may import: nothing)',
  ],
};

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    })
    .sort();
}

// Every module specifier a file names: import/export … from, import '…', import('…') and the type
// form import('…').T, with the line it is on.
function specifiers(path) {
  const text = readFileSync(path, 'utf8');
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const found = [];
  const add = (literal) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const line = file.getLineAndCharacterOfPosition(literal.getStart(file)).line + 1;
    found.push({ specifier: literal.text, line });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

// A relative specifier → the .ts file it names; null for packages and non-code assets (.bin).
function resolveSpecifier(fromPath, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(fromPath, '..', specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.d.ts`, join(base, 'index.ts')]) {
    let stat;
    try {
      stat = statSync(candidate);
    } catch {
      continue;
    }
    if (stat.isFile()) return candidate.endsWith('.ts') ? candidate : null;
  }
  return undefined;
}

function importGraph(dir) {
  const files = sourceFiles(dir).map((path) => relative(dir, path));
  const edges = new Map(files.map((file) => [file, []]));
  const problems = [];
  let imports = 0;
  for (const file of files) {
    for (const { specifier, line } of specifiers(join(dir, file))) {
      const target = resolveSpecifier(join(dir, file), specifier);
      if (target === null) continue;
      if (target === undefined || !target.startsWith(`${dir}/`)) {
        problems.push(`unresolved: ${file}:${line} imports '${specifier}'`);
        continue;
      }
      edges.get(file).push({ to: relative(dir, target), line });
      imports += 1;
    }
  }
  return { files, edges, imports, problems };
}

// Tarjan's strongly connected components; every component of more than one file (or a file that
// imports itself) is a cycle.
function stronglyConnected(files, edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const connect = (file) => {
    index.set(file, index.size);
    low.set(file, index.get(file));
    stack.push(file);
    onStack.add(file);
    for (const { to } of edges.get(file)) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file), low.get(to)));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file), index.get(to)));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    components.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) connect(file);
  return components.filter(
    (component) => component.length > 1 || edges.get(component[0]).some(({ to }) => to === component[0]),
  );
}

// The shortest chain from a component's first file back to itself, for the report.
function shortestCycle(component, edges) {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const { to } of edges.get(file)) {
      if (!members.has(to) || previous.has(to)) continue;
      previous.set(to, file);
      if (to === start) {
        const chain = [];
        for (let at = file; at !== start; at = previous.get(at)) chain.unshift(at);
        return [start, ...chain, start];
      }
      queue.push(to);
    }
  }
  return component;
}

const folderOf = (file) => file.split('/')[0];

function ruleProblems(rules, folders) {
  const problems = [];
  const order = Object.keys(rules);
  order.forEach((folder, at) => {
    if (!folders.has(folder)) problems.push(`rule table: ${folder} is not in the tree`);
    for (const allowed of rules[folder]) {
      const position = order.indexOf(allowed);
      if (position === -1) problems.push(`rule table: ${folder} may import ${allowed}, which has no rule`);
      else if (position >= at) problems.push(`rule table: ${folder} may import ${allowed}, listed after it`);
    }
  });
  return problems;
}

function check(dir, rules, exceptions) {
  const { files, edges, imports, problems } = importGraph(dir);
  const folders = new Set(files.map(folderOf));
  problems.push(...ruleProblems(rules, folders));
  for (const folder of folders) {
    if (!(folder in rules)) problems.push(`folder rule: ${folder} has no entry in the table`);
  }
  for (const component of stronglyConnected(files, edges)) {
    const chain = shortestCycle(component, edges);
    const rest = component.filter((file) => !chain.includes(file));
    problems.push(`cycle: ${chain.join(' → ')}${rest.length ? ` (same knot: ${rest.join(', ')})` : ''}`);
  }
  for (const file of files) {
    const from = folderOf(file);
    for (const { to, line } of edges.get(file)) {
      const target = folderOf(to);
      if (target === from || rules[from]?.includes(target)) continue;
      if (exceptions.some((allowed) => allowed.from === file && allowed.to === to)) continue;
      const may = rules[from]?.length ? rules[from].join(', ') : 'nothing';
      problems.push(`folder rule: ${file}:${line} imports ${to} (${from} may import: ${may})`);
    }
  }
  for (const { from, to } of exceptions) {
    if (!edges.get(from)?.some((edge) => edge.to === to)) problems.push(`stale exception: ${from} → ${to}`);
  }
  return { files, imports, problems };
}

if (process.argv.includes('--self-test')) {
  const { problems } = check(FIXTURE.dir, FIXTURE.rules, []);
  const missing = FIXTURE.expected.filter((problem) => !problems.includes(problem));
  const unexpected = problems.filter((problem) => !FIXTURE.expected.includes(problem));
  if (missing.length || unexpected.length) {
    for (const problem of missing) console.error(`self-test: not reported: ${problem}`);
    for (const problem of unexpected) console.error(`self-test: reported but not expected: ${problem}`);
    process.exit(1);
  }
  console.log(`check-imports self-test: the fixture's ${FIXTURE.expected.length} known problems reported`);
} else {
  const { files, imports, problems } = check(join(root, 'src'), RULES, EXCEPTIONS);
  if (problems.length) {
    console.error(`check-imports: ${problems.length} problems in src/\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(`${files.length} files, ${imports} imports, 0 cycles, folder rule holds`);
}
