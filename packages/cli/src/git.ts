import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** One file of a tree: its path from the repository root, git's mode (`100644`, `100755`, `120000`), its bytes. */
export interface TreeFile {
  path: string;
  mode: string;
  content: Buffer;
}

const MAX_BUFFER = 1 << 30;

function git(root: string, args: string[], input?: string): Buffer {
  return execFileSync('git', args, { cwd: root, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'], ...(input === undefined ? {} : { input }) });
}

/** Whether `root` is the top of a git checkout with at least one commit. */
export function hasCommit(root: string): boolean {
  try {
    return git(root, ['rev-parse', '--show-toplevel']).toString().trim() !== '' && git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).length > 0;
  } catch {
    return false;
  }
}

/** `abc1234 subject` of the last commit. */
export function describeHead(root: string): string {
  return git(root, ['log', '-1', '--format=%h %s']).toString().trim();
}

/**
 * What `git status --porcelain` lists under `root` (or `pathspec`): changed, staged, deleted and untracked (not
 * ignored) paths, one per line.
 */
export function uncommittedChanges(root: string, pathspec: string[] = ['.']): string[] {
  return git(root, ['status', '--porcelain', '--', ...pathspec])
    .toString()
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/**
 * Every file of the last commit under `root`, with paths from `root` (the workbook may be a folder of a larger
 * repository), read from git's objects, never the working tree; submodules are left out.
 */
export function committedFiles(root: string, treeish = 'HEAD'): TreeFile[] {
  const entries = git(root, ['ls-tree', '-r', '-z', treeish])
    .toString()
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, sha] = line.slice(0, tab).split(' ') as [string, string, string];
      return { mode, type, sha, path: line.slice(tab + 1) };
    })
    .filter((entry) => entry.type === 'blob');
  if (entries.length === 0) return [];
  // One `git cat-file --batch` for every blob: `<sha> blob <size>\n<bytes>\n` each, in the order asked.
  const batch = git(root, ['cat-file', '--batch'], `${entries.map((entry) => entry.sha).join('\n')}\n`);
  const files: TreeFile[] = [];
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const header = batch.subarray(offset, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    if (!header.startsWith(entry.sha) || !Number.isInteger(size)) throw new Error(`git cat-file: unexpected answer for ${entry.path}: ${header}`);
    files.push({ path: entry.path, mode: entry.mode, content: Buffer.from(batch.subarray(headerEnd + 1, headerEnd + 1 + size)) });
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}

/** The working tree as git sees it: tracked files that still exist, and untracked files that are not ignored. */
export function workingFiles(root: string): TreeFile[] {
  const paths = git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).toString().split('\0').filter(Boolean);
  const files: TreeFile[] = [];
  for (const path of [...new Set(paths)]) {
    const full = join(root, path);
    let stat;
    try {
      stat = lstatSync(full);
    } catch {
      continue; // deleted, not yet committed
    }
    if (stat.isSymbolicLink()) files.push({ path, mode: '120000', content: Buffer.from(readlinkSync(full)) });
    else if (stat.isFile()) files.push({ path, mode: stat.mode & 0o111 ? '100755' : '100644', content: readFileSync(full) });
  }
  return files;
}
