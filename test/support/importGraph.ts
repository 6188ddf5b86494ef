// The import graph of shared/, read from the source files themselves (import and export lines, dynamic
// imports), for the test that keeps dependencies pointing one way: handler → use case → domain ← adapters.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/** One import: the importing file and the imported one, both as paths under shared/ ("mail/layout.ts"). */
export interface ImportEdge {
  from: string;
  to: string;
  /** The specifier as written, for the failure message. */
  specifier: string;
}

/** What a module may depend on: only on its own layer and the layers below it. */
export const LAYERS = ['domain', 'adapter', 'use case', 'http'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Every folder and file of shared/ by its layer. The shared vocabulary (errors, validation, the value modules
 * of time and plurals) is domain; what touches the outside world (DynamoDB, SES, the environment, links,
 * rendering HTML, logging) is an adapter; what a request or a schedule runs is a use case; http/ is the edge.
 */
const FOLDERS: Record<string, Layer> = {
  rubric: 'domain',
  scoring: 'domain',
  domain: 'domain',
  storage: 'adapter',
  mail: 'adapter',
  outbox: 'adapter',
  links: 'adapter',
  html: 'adapter',
  import: 'adapter',
  aws: 'adapter',
  admin: 'use case',
  forms: 'use case',
  pipeline: 'use case',
  console: 'use case',
  http: 'http',
};
const FILES: Record<string, Layer> = { 'config.ts': 'adapter', 'logger.ts': 'adapter' };

/**
 * The layer of a path under shared/; a top-level file not named in FILES is part of the shared vocabulary.
 * A folder nobody has placed yet has no layer (undefined): the test asks for it to be placed.
 */
export function layerOf(path: string): Layer | undefined {
  const [head, ...rest] = path.split('/');
  if (rest.length === 0) return FILES[head!] ?? 'domain';
  return FOLDERS[head!];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`; comments are removed first so an
// example in a comment is not an import.
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The imports of every .ts file under `sharedDir` that land inside it (packages and node: are left out). */
export function sharedImports(sharedDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(sharedDir)) {
    const from = relative(sharedDir, file).split(sep).join('/');
    const source = withoutComments(readFileSync(file, 'utf8'));
    for (const pattern of SPECIFIERS) {
      for (const match of source.matchAll(pattern)) {
        const specifier = match[1]!;
        let to: string | undefined;
        if (specifier.startsWith('#shared/')) to = specifier.slice('#shared/'.length);
        else if (specifier.startsWith('.')) {
          to = relative(sharedDir, join(dirname(file), specifier))
            .split(sep)
            .join('/');
        }
        if (to !== undefined) edges.push({ from, to: posix.normalize(to), specifier });
      }
    }
  }
  return edges;
}

/** The imports that point up the layers (or out of shared/), each as "from → to". */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
  const rank = (layer: Layer) => LAYERS.indexOf(layer);
  const wrong: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    if (edge.to.startsWith('../')) {
      wrong.push(`${edge.from} imports ${edge.specifier}, outside shared/`);
      continue;
    }
    const to = layerOf(edge.to);
    if (from === undefined || to === undefined) continue;
    if (rank(to) > rank(from)) wrong.push(`${edge.from} (${from}) imports ${edge.to} (${to})`);
  }
  return wrong;
}

/** The folders of shared/ that no layer names yet. */
export function unplacedFolders(sharedDir: string): string[] {
  return readdirSync(sharedDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !(e.name in FOLDERS))
    .map((e) => e.name);
}
