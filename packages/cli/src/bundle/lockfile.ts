/**
 * Prunes a pnpm lockfile (v9) to a smaller workspace: drops importers (`solutions/*`) and root dependencies, then
 * every package and snapshot nothing left reaches — exactly what `pnpm install` would write, so the pruned file
 * passes `pnpm install --frozen-lockfile` and a plain `pnpm install` leaves it as it is.
 *
 * Line-based on purpose: the lockfile's layout is fixed by pnpm (two-space indents, one entry per block), and a YAML
 * round trip would re-quote and re-order what pnpm wrote.
 */

export interface LockfilePrune {
  /** Importers to drop, by their path in the lockfile (`solutions/01-ttl-cache`). */
  dropImporter: (path: string) => boolean;
  /** Dependencies to drop from the root importer (`.`), by package name. */
  dropRootDependency: (name: string) => boolean;
}

interface Block {
  /** The entry's key, unquoted; '' for what comes before the first entry of a section. */
  key: string;
  lines: string[];
}

interface Section {
  header: string;
  blocks: Block[];
}

const DEPENDENCY_MAPS = new Set(['dependencies', 'devDependencies', 'optionalDependencies']);

const unquote = (text: string): string => text.trim().replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');

/** Splits the file into top-level sections, and each section into its two-space-indented entries. */
function parse(text: string): Section[] {
  const sections: Section[] = [];
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      sections.push({ header: line, blocks: [{ key: '', lines: [] }] });
      continue;
    }
    const section = sections.at(-1);
    if (!section) throw new Error('pnpm-lock.yaml: expected a top-level key on the first line');
    const entry = /^ {2}(\S.*):(?: \{\})?$/.exec(line);
    if (entry) section.blocks.push({ key: unquote(entry[1]!), lines: [line] });
    else section.blocks.at(-1)!.lines.push(line);
  }
  return sections;
}

function render(sections: Section[]): string {
  return sections.map((section) => [section.header, ...section.blocks.flatMap((block) => block.lines)].join('\n')).join('\n');
}

/** `name: version` pairs of a block's dependency maps: an importer's (`version:` lines) or a snapshot's. */
function dependenciesOf(block: Block): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let inMap = false;
  let name = '';
  for (const line of block.lines.slice(1)) {
    const map = /^ {4}(\w+):/.exec(line);
    if (map) {
      inMap = DEPENDENCY_MAPS.has(map[1]!);
      continue;
    }
    if (!inMap) continue;
    const pair = /^ {6}(\S.*?): (\S.*)$/.exec(line);
    if (pair) found.push([unquote(pair[1]!), unquote(pair[2]!)]);
    const key = /^ {6}(\S.*):$/.exec(line);
    if (key) name = unquote(key[1]!);
    const version = /^ {8}version: (\S.*)$/.exec(line);
    if (version && name) found.push([name, unquote(version[1]!)]);
  }
  return found;
}

/** The snapshot a dependency resolves to, or undefined for a workspace link. */
function snapshotKey(name: string, version: string): string | undefined {
  if (/^(link|file|workspace):/.test(version)) return undefined;
  // An alias (`npm:other@1.0.0`) is written as the other package's own key.
  return /^\d/.test(version) ? `${name}@${version}` : version;
}

/** A snapshot's package: its key without the peer-dependency suffix `(peer@1.0.0)`. */
const packageKey = (snapshot: string): string => {
  const paren = snapshot.indexOf('(', 1);
  return paren === -1 ? snapshot : snapshot.slice(0, paren);
};

/** Removes the root importer's dependencies that `drop` names, with their `specifier:` and `version:` lines. */
function dropDependencies(block: Block, drop: (name: string) => boolean): Block {
  const lines: string[] = [];
  let skipping = false;
  for (const line of block.lines) {
    const key = /^ {6}(\S.*):$/.exec(line);
    if (key) skipping = drop(unquote(key[1]!));
    else if (!/^ {8}/.test(line)) skipping = false;
    if (!skipping) lines.push(line);
  }
  // A dependency map left empty goes too.
  const kept = lines.filter((line, index) => !(/^ {4}\w+:$/.test(line) && !/^ {6}\S/.test(lines[index + 1] ?? '')));
  return { ...block, lines: kept };
}

export function pruneLockfile(text: string, prune: LockfilePrune): string {
  const sections = parse(text);
  const section = (name: string) => sections.find((s) => s.header === `${name}:`);
  const importers = section('importers');
  if (!importers) throw new Error('pnpm-lock.yaml has no importers: section');
  importers.blocks = importers.blocks.filter((block) => !block.key || !prune.dropImporter(block.key)).map((block) => (block.key === '.' ? dropDependencies(block, prune.dropRootDependency) : block));

  const snapshots = section('snapshots');
  const packages = section('packages');
  const byKey = new Map((snapshots?.blocks ?? []).filter((block) => block.key).map((block) => [block.key, block]));
  const reached = new Set<string>();
  const queue = importers.blocks.filter((block) => block.key).flatMap(dependenciesOf);
  while (queue.length > 0) {
    const [name, version] = queue.pop()!;
    const key = snapshotKey(name, version);
    if (!key || reached.has(key)) continue;
    reached.add(key);
    const block = byKey.get(key);
    if (block) queue.push(...dependenciesOf(block));
  }
  const reachedPackages = new Set([...reached].map(packageKey));
  if (snapshots) snapshots.blocks = snapshots.blocks.filter((block) => !block.key || reached.has(block.key));
  if (packages) packages.blocks = packages.blocks.filter((block) => !block.key || reachedPackages.has(block.key));
  return render(sections);
}
