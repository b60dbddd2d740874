import { realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseAst, type Vite } from 'vitest/node';
import { fileURLToPath } from 'node:url';
import type { WorkerJob } from './protocol.js';
import { FRAMEWORK, REFUSED_BUILTINS } from './refusals.js';

const STUB_ID = '\0workbook-impl-stub';

/** Why code under test may not import `source` (resolved to `resolved` if it could be), or undefined when it may. */
function refusal(job: WorkerJob, source: string, resolved: string | undefined): string | undefined {
  const bare = source.startsWith('node:') ? source.slice(5) : source;
  if (FRAMEWORK.test(source)) return `${source}: code under test may not load the test framework`;
  if (REFUSED_BUILTINS.has(bare) && (source.startsWith('node:') || builtinModules.includes(bare))) return `${source}: code under test may not use node:${bare}`;
  if (!resolved) return undefined;
  const protectedDirs = [join(job.root, 'solutions'), join(job.toolRoot, 'packages', 'cli'), join(job.toolRoot, 'packages', 'testkit')];
  if (job.sealed[resolved] !== undefined) return `${source}: code under test may not load the tests`;
  if (protectedDirs.some((dir) => resolved.startsWith(dir + sep)) && !resolved.startsWith(job.implDir + sep)) return `${source}: code under test may not load ${resolved.startsWith(protectedDirs[0]! + sep) ? 'the reference solutions' : 'the grader'}`;
  return undefined;
}

const clean = (id: string): string => id.split('?')[0]!;

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The grader's rules, enforced where modules are resolved and loaded:
 * - imports made by the code under test are checked, and a refused import fails that module and is reported;
 * - test and helper files are served from the sealed copy taken before the run, never re-read from disk;
 * - every test file gets a canary test that must fail, so results rewritten in the test process show;
 * - in `collect` mode `@impl` is a stub, so the list of tests never depends on the code under test.
 */
export function guardPlugins(job: WorkerJob, onRefused: (importer: string, what: string) => void): Vite.Plugin[] {
  const testFiles = new Set(job.files);
  // vitest resolves the test and setup files as if imported from here.
  const entryImporter = join(job.root, 'index.html');
  const trusted = [join(job.toolRoot, 'packages'), join(job.toolRoot, 'node_modules')].map((dir) => real(dir) + sep);
  // Everything that is not the workbook's own code, its dependencies or the sealed tests is code under test.
  const isCodeUnderTest = (id: string): boolean => {
    if (id.startsWith('\0')) return false;
    const file = clean(id);
    if (file === entryImporter) return false;
    return job.sealed[file] === undefined && !trusted.some((dir) => real(file).startsWith(dir));
  };
  return [
    {
      name: 'workbook-sealed-tests',
      enforce: 'pre',
      resolveId(source) {
        return source === '@impl' && job.mode === 'collect' ? STUB_ID : null;
      },
      load(id) {
        if (id === STUB_ID) return stubModule(job);
        const file = clean(id);
        const sealed = job.sealed[file];
        if (sealed === undefined) return null;
        return testFiles.has(file) ? sealed + canaryCode(job) : sealed;
      },
    },
    {
      // After TypeScript is stripped: every import the code under test makes, static or dynamic, is checked here,
      // because the test process loads packages natively, past any resolver.
      name: 'workbook-import-rules',
      enforce: 'post',
      transform(code, id) {
        if (!isCodeUnderTest(id)) return null;
        const file = clean(id);
        for (const source of importsOf(code)) {
          const reason = source === undefined ? 'import() with a computed name: code under test may only import fixed names' : refusal(job, source, resolvedPath(file, source));
          if (!reason) continue;
          onRefused(file, reason);
          throw new Error(`The grader refused an import in ${relative(job.implDir, file)}: ${reason}. See exercise.md, "What the grader refuses".`);
        }
        return null;
      },
    },
  ];
}

/** Where a relative or absolute import points, or undefined for a package name. */
function resolvedPath(importer: string, source: string): string | undefined {
  if (source.startsWith('file://')) return real(fileURLToPath(source));
  if (source.startsWith('/') || source.startsWith('.')) return real(resolve(dirname(importer), source));
  return undefined;
}

/** The specifiers a module imports (`undefined` for an `import()` whose name is computed). */
function importsOf(code: string): (string | undefined)[] {
  const found: (string | undefined)[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as { type?: string; source?: { type?: string; value?: unknown } | null };
    if ((n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration') && typeof n.source?.value === 'string') found.push(n.source.value);
    if (n.type === 'ImportExpression') found.push(n.source?.type === 'Literal' && typeof n.source.value === 'string' ? n.source.value : undefined);
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
  };
  visit(parseAst(code));
  return found;
}

function canaryCode(job: WorkerJob): string {
  const { name, expected, actual } = job.canary;
  return `\n;import { test as __workbookCanary, expect as __workbookExpect } from 'vitest';\n__workbookCanary(${JSON.stringify(name)}, () => { __workbookExpect(${actual}).toBe(${expected}); });\n`;
}

/** A module with every name the tests import from `@impl`, each a value that accepts any use. */
function stubModule(job: WorkerJob): string {
  const names = new Set<string>();
  for (const source of Object.values(job.sealed)) {
    for (const match of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]@impl['"]/g)) {
      for (const part of match[1]!.split(',')) {
        const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
        if (/^[A-Za-z_$][\w$]*$/.test(name)) names.add(name);
      }
    }
  }
  const exports = [...names].map((name) => `export const ${name} = anything;`).join('\n');
  return `const handler = { get: (_t, key) => key === Symbol.toPrimitive ? () => 0 : key === Symbol.iterator ? function* () {} : key === 'then' ? undefined : anything, apply: () => anything, construct: () => anything };
const anything = new Proxy(function () {}, handler);
export default anything;
${exports}`;
}
