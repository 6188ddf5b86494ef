// The `kpi` admin commands made from the admin API's route table (shared/admin/routes.ts), so a route's method,
// path and input fields are written once. Each route's `cli` names its command; the rest is read from the route:
// - arguments: the path parameters, or the fields the route lists as `args`;
// - options: every other field of the input's zod schema, `--kebab-case` (a reference `engineerId` is
//   `--engineer <id>`, a timestamp `dueAt` is `--due <timestamp>`), described by the schema's `.describe()`;
//   a required field is a mandatory option, an enum offers its choices, an array takes a list `a,b;c`;
// - booleans: a switch (`--independent` means true) unless the caller must be able to say false (a field that
//   defaults to true, or an optional field of a write), then `--active <bool>` with true | false;
// - a required field that may be null (`resolvedAt`) is optional here: leaving it out sends null.
// What is shown is the caller's (cli/commands/admin.ts): group descriptions, list columns, renderers.
import { Argument, Command, Option } from 'commander';
import type { AdminCommand, AdminRoute } from '#shared/admin/routes.ts';
import { adminRoutes } from '#shared/admin/routes.ts';
import { actor, email, isoDate, isoTimestamp } from '#shared/domain/common.ts';
import * as z from '#shared/schema.ts';
import { API_OPTIONS, apiOptions, callAdmin, resolveApiTarget } from './api.ts';
import { readJsonFile } from './files.ts';

export type Options = Record<string, unknown>;

/** What a caller adds to a route's command: options of its own (e.g. `--lang`) and how the answer is printed. */
export interface Presentation {
  options?: Option[];
  /** The answer as printed without `--json` (a list as a table, a score card as a table); default JSON. */
  render?: (result: object, options: Options) => string;
}

/** One input field as the command line offers it. */
interface Field {
  name: string;
  description: string | undefined;
  required: boolean;
  nullable: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  /** The type under the wrappers: 'string', 'boolean', 'enum', 'array', … */
  kind: string;
  choices: string[] | undefined;
  /** What the value is called in help (`<date>`). */
  value: string;
}

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  element?: z.core.$ZodType;
};
const defOf = (schema: z.core.$ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

// The shared building blocks whose values have a name of their own in help; by definition, which a copy made
// by `.describe()` shares.
const NAMED_VALUES = new Map<Def, string>([
  [defOf(isoDate), 'date'],
  [defOf(isoTimestamp), 'timestamp'],
  [defOf(email), 'email'],
  [defOf(actor), 'name'],
]);

/** The field's schema under optional/nullable/default and the input side of pipes, with what they said. */
function describeField(
  name: string,
  schema: z.core.$ZodType,
  values: Readonly<Record<string, string>>,
): Field {
  const field: Field = {
    name,
    description: undefined,
    required: true,
    nullable: false,
    hasDefault: false,
    defaultValue: undefined,
    kind: 'unknown',
    choices: undefined,
    value: '',
  };
  let named: string | undefined;
  let current = schema;
  for (;;) {
    field.description ??= z.globalRegistry.get(current)?.description;
    named ??= NAMED_VALUES.get(defOf(current));
    const def = defOf(current);
    if (def.type === 'optional') field.required = false;
    else if (def.type === 'nullable') field.nullable = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      field.required = false;
      field.hasDefault = true;
      field.defaultValue ??= (def as { defaultValue?: unknown }).defaultValue;
    } else if (def.type === 'pipe') {
      // z.preprocess is a pipe from a transform: the value's type is its output; otherwise what goes in.
      current = defOf(def.in!).type === 'transform' ? def.out! : def.in!;
      continue;
    } else {
      field.kind = def.type;
      break;
    }
    current = def.innerType!;
  }
  if (field.kind === 'enum') field.choices = (current as unknown as { options: string[] }).options;
  const element = field.kind === 'array' ? NAMED_VALUES.get(defOf(defOf(current).element!)) : undefined;
  field.value =
    values[name] ??
    (name === 'id' || name.endsWith('Id')
      ? 'id'
      : field.kind === 'boolean'
        ? 'bool'
        : (named ?? (element ? `${element}s` : lastWord(name))));
  return field;
}

function lastWord(camel: string): string {
  return (camel.match(/[A-Z]?[a-z0-9]+/g)?.at(-1) ?? camel).toLowerCase();
}

/** `engineerId` → `engineer`, `dueAt` → `due`, `managerEmail` → `manager-email`. */
function kebab(name: string): string {
  return name.replace(/(?<=.)(Id|At)$/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const list = (value: string) =>
  value
    .split(/[,;\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);

function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

function shapeOf(route: AdminRoute): Record<string, z.core.$ZodType> {
  return (route.input as unknown as { shape?: Record<string, z.core.$ZodType> }).shape ?? {};
}

/** A switch, or a value the caller can set to false. */
function isSwitch(field: Field, route: AdminRoute): boolean {
  if (field.kind !== 'boolean') return false;
  if (field.hasDefault) return field.defaultValue === false;
  return field.required || route.method === 'GET';
}

interface Offered {
  field: Field;
  option: Option;
  switch: boolean;
}

function optionOf(field: Field, route: AdminRoute): Offered {
  const flag = `--${kebab(field.name)}`;
  const asSwitch = isSwitch(field, route);
  const description =
    field.kind === 'array' && field.description ? `${field.description}, comma-separated` : field.description;
  const option = new Option(asSwitch ? flag : `${flag} <${field.value}>`, description);
  if (field.kind === 'boolean' && !asSwitch) option.choices(['true', 'false']);
  if (field.choices) option.choices(field.choices);
  if (field.kind === 'array') option.argParser(list);
  if (field.required && !field.nullable && !asSwitch) option.makeOptionMandatory();
  return { field, option, switch: asSwitch };
}

/** The command of `route`: its arguments and options, one call of the route, the answer printed. */
function routeCommand(route: AdminRoute, cli: AdminCommand, shown: Presentation): Command {
  const command = new Command(cli.name).description(cli.description ?? route.summary);
  const shape = shapeOf(route);
  const values = cli.values ?? {};
  const args = cli.file ? [] : [...(cli.args ?? pathParameters(route.path))];
  // A field named in the table but absent from the schema is a mistake in the table: refuse to build.
  for (const name of [...args, ...(cli.hidden ?? []), ...Object.keys(values)]) {
    if (!(name in shape)) throw new Error(`kpi ${commandName(cli)}: ${name} is not a field of the input`);
  }
  for (const name of args) command.addArgument(new Argument(`<${kebab(name)}>`));
  if (cli.file) command.argument('<file>');
  const offered = cli.file
    ? []
    : Object.entries(shape)
        .filter(([name]) => !args.includes(name) && !cli.hidden?.includes(name))
        .map(([name, schema]) => optionOf(describeField(name, schema, values), route));
  for (const o of offered) command.addOption(o.option);
  for (const o of shown.options ?? []) command.addOption(o);
  for (const [flags, description] of API_OPTIONS) command.option(flags, description);
  command.option('--json', 'print the API answer as JSON');
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    const given = received.slice(0, cli.file ? 1 : args.length) as string[];
    const options = self.opts<Options>();
    const input = cli.file ? fileInput(given[0]!, cli.file) : commandInput(args, given, offered, options);
    const target = resolveApiTarget(apiOptions(options));
    print(await callAdmin(target, route.method, route.path, input), shown, options);
  });
  routeOfCommand.set(command, route);
  return command;
}

function fileInput(file: string, name: string): Record<string, unknown> {
  const json = readJsonFile(file, name);
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Options) : {};
}

/** The route's input: the arguments, and the options the user gave (a switch not given is false if required). */
function commandInput(args: string[], given: string[], offered: Offered[], options: Options): Options {
  const input: Options = Object.fromEntries(args.map((name, i) => [name, given[i]]));
  for (const { field, option, switch: asSwitch } of offered) {
    const value = options[option.attributeName()];
    if (asSwitch) {
      if (value === true || field.required) input[field.name] = value === true;
    } else if (value !== undefined) input[field.name] = value;
    else if (field.required && field.nullable) input[field.name] = null;
  }
  return input;
}

function print(result: unknown, shown: Presentation, options: Options): void {
  if (options.json === true || result === null || typeof result !== 'object') {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (shown.render) {
    process.stdout.write(shown.render(result, options));
  } else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}

const routeOfCommand = new WeakMap<Command, AdminRoute>();

/** The route a `kpi` command calls (for the test that every route is reachable). */
export function routeOf(command: Command): AdminRoute | undefined {
  return routeOfCommand.get(command);
}

/** Records that a hand-written command calls `route`. */
export function callsRoute(command: Command, route: AdminRoute): Command {
  routeOfCommand.set(command, route);
  return command;
}

/** `kpi <group> <name>` or `kpi <name>` as written in help. */
export function commandName(cli: AdminCommand): string {
  return cli.group ? `${cli.group} ${cli.name}` : cli.name;
}

/** The route of the command `name` (`'import'`, `'engineers add'`). */
export function routeNamed(name: string): AdminRoute {
  const route = adminRoutes.find((r) => r.cli !== 'api-only' && commandName(r.cli) === name);
  if (!route) throw new Error(`no admin route has the command kpi ${name}`);
  return route;
}

/** A command group of `kpi --help`; a command standing alone (`status`) has no description of its own here. */
export interface Group {
  name: string;
  description?: string;
}

/**
 * The commands of every route not written by hand, grouped as `groups` says (in that order; a name with no
 * group of that name is a command standing alone, e.g. `status`). `shown` is keyed by the command's name.
 */
export function routeCommands(
  groups: readonly Group[],
  shown: Readonly<Record<string, Presentation>>,
): Command[] {
  const generated = adminRoutes.flatMap((route) =>
    route.cli === 'api-only' || route.cli.own ? [] : [{ route, cli: route.cli }],
  );
  const made = (r: { route: AdminRoute; cli: AdminCommand }) =>
    routeCommand(r.route, r.cli, shown[commandName(r.cli)] ?? {});
  for (const r of generated) {
    const home = r.cli.group ?? r.cli.name;
    if (!groups.some((g) => g.name === home)) throw new Error(`kpi ${commandName(r.cli)}: no group ${home}`);
  }
  for (const name of Object.keys(shown)) {
    if (!generated.some((r) => commandName(r.cli) === name))
      throw new Error(`no route has the command kpi ${name}`);
  }
  return groups.flatMap((g) => {
    const alone = generated.find((r) => !r.cli.group && r.cli.name === g.name);
    if (alone) return [made(alone)];
    const group = new Command(g.name).description(g.description ?? '');
    for (const r of generated.filter((r) => r.cli.group === g.name)) group.addCommand(made(r));
    return [group];
  });
}
