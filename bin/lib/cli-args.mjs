/**
 * The command line: usage text, which arguments and options each command takes, and parsing into
 * `{ command, args, options }` (UsageError for anything wrong).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.mjs';

export const DEFAULT_URL = 'http://127.0.0.1:8787';
export const DEFAULT_WAIT_SECONDS = 120;
export const FORMATS = ['bind', 'route53'];

export const USAGE = `Usage: edgesteer <command> [arguments] [options]

Manage the zones and origins of an edgesteer DNS-over-HTTPS server through its API (/api/v1).

Commands:
  import <zone> <file>       Create or replace a zone from a BIND zone file, or from Route 53
                             list-resource-record-sets JSON (a .json file); "-" reads stdin
  export <zone>              Print a zone as a BIND zone file or as Route 53 JSON
  apply <zone> <batch.json>  Apply a Route 53 ChangeBatch to a zone, all or nothing
  change <id>                Show a change's status (PENDING, then INSYNC once queries see it)
  zones                      List the hosted zones
  delete <zone>              Delete a zone and all its record sets
  origins list               List the origins (proxied hostnames)
  origins get <host>         Show one origin as JSON
  origins put <host> <file>  Create or replace an origin from a JSON body ({"OriginName":…}); "-"
                             reads stdin
  origins delete <host>      Delete an origin
  status                     Show the server's status
  latency                    Show the colo × region latency matrix (sampled, imported or estimated)
  help                       Show this help

Options:
  --url URL              Server URL (default: $EDGESTEER_URL, else ${DEFAULT_URL})
  --token TOKEN          API token (default: $EDGESTEER_TOKEN, else ADMIN_TOKEN in ./.dev.vars);
                         prefer the variable: options are visible to other local users
  --wait                 import, apply, change, delete, origins put|delete: wait until the change
                         is INSYNC
  --timeout SECONDS      How long --wait waits (default ${DEFAULT_WAIT_SECONDS})
  --format bind|route53  export: output format (default bind)
                         import: input format (default: .json files are Route 53, others BIND)
  -o, --output FILE      export: write to FILE instead of stdout
  --progress             Show progress on stderr even when stderr is not a terminal
  --json                 zones, origins list, latency: print JSON instead of a table
  -k, --insecure         Accept a self-signed certificate (wrangler dev --local-protocol https)
  -h, --help             Show this help

Results (ChangeInfo, exports, lists) go to stdout; progress and errors go to stderr.
Exit status: 0 ok, 1 API or validation error (each problem printed as "path: message"),
2 usage error.

Examples:
  edgesteer import example.com examples/example.com.zone --wait
  edgesteer export example.com --format route53 -o example.com.json
  edgesteer apply example.com changes.json --wait
  edgesteer origins put www.example.com origin.json --wait
  EDGESTEER_URL=https://dns.example.net EDGESTEER_TOKEN=... edgesteer zones
`;

const WAIT_OPTIONS = ['wait', 'timeout', 'progress'];

/**
 * Positional arguments and command-specific options of each command; a command with subcommands
 * (`origins list`) has them instead, and runs as `origins list`.
 */
export const COMMANDS = {
  import: { args: ['zone', 'file'], options: [...WAIT_OPTIONS, 'format'] },
  export: { args: ['zone'], options: ['format', 'output', 'progress'] },
  apply: { args: ['zone', 'changebatch.json'], options: WAIT_OPTIONS },
  change: { args: ['id'], options: WAIT_OPTIONS },
  zones: { args: [], options: ['json'] },
  delete: { args: ['zone'], options: WAIT_OPTIONS },
  origins: {
    subcommands: {
      list: { args: [], options: ['json'] },
      get: { args: ['host'], options: [] },
      put: { args: ['host', 'file'], options: WAIT_OPTIONS },
      delete: { args: ['host'], options: WAIT_OPTIONS },
    },
  },
  status: { args: [], options: [] },
  latency: { args: [], options: ['json'] },
  help: { args: [], options: [] },
};

const GLOBAL_OPTIONS = ['url', 'token', 'insecure', 'help'];

const OPTION_SPEC = {
  url: { type: 'string' },
  token: { type: 'string' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  progress: { type: 'boolean' },
  json: { type: 'boolean' },
  insecure: { type: 'boolean', short: 'k' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * @param {string[]} argv  arguments after the script name
 * @returns {{ command: string, args: string[], options: Record<string, string | boolean | undefined> }}
 */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTION_SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const [name, ...rest] = parsed.positionals;
  const options = parsed.values;
  if (options.help || name === undefined) {
    if (name === undefined && !options.help) throw new UsageError('missing command');
    return { command: 'help', args: [], options };
  }
  const { command, spec, args } = commandOf(name, rest);
  checkArity(command, spec, args);
  checkOptionsAllowed(command, spec, options);
  checkOptionValues(options);
  return { command, args, options };
}

/** The command named by the first positionals (`zones`, `origins list`), its spec and arguments. */
function commandOf(name, rest) {
  const spec = COMMANDS[name];
  if (!spec) throw new UsageError(`unknown command "${name}"`);
  if (!spec.subcommands) return { command: name, spec, args: rest };
  const [sub, ...args] = rest;
  const choices = Object.keys(spec.subcommands).join('|');
  if (sub === undefined) throw new UsageError(`${name}: missing subcommand (${choices})`);
  const subspec = spec.subcommands[sub];
  if (!subspec) throw new UsageError(`${name}: unknown subcommand "${sub}" (${choices})`);
  return { command: `${name} ${sub}`, spec: subspec, args };
}

function checkArity(command, spec, args) {
  if (args.length === spec.args.length) return;
  const expected = spec.args.map((name) => `<${name}>`).join(' ');
  const problem = args.length < spec.args.length ? 'missing arguments' : 'too many arguments';
  throw new UsageError(
    `${command}: ${problem} (usage: edgesteer ${command}${expected ? ` ${expected}` : ''})`,
  );
}

function checkOptionsAllowed(command, spec, options) {
  for (const name of Object.keys(options)) {
    if (!GLOBAL_OPTIONS.includes(name) && !spec.options.includes(name)) {
      throw new UsageError(`${command}: option --${name} does not apply`);
    }
  }
}

function checkOptionValues(options) {
  if (options.format !== undefined && !FORMATS.includes(options.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  }
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UsageError('--timeout must be a positive number of seconds');
  }
  if (options.timeout !== undefined && !options.wait) throw new UsageError('--timeout needs --wait');
  if (options.url !== undefined && !/^https?:\/\/[^/]/.test(options.url)) {
    throw new UsageError('--url must start with http:// or https://');
  }
}
