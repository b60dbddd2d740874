/**
 * `pnpm release:gradescope <file.zip>`: writes Gradescope's autograder zip for this workbook, built from the last
 * commit. Upload it as a "Zip file upload" autograder; students submit their repository or their exercises folder.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gradescopeZip } from '../src/class/gradescope-release.js';
import { findRepoRoot } from '../src/paths.js';

const file = process.argv[2];
if (!file || !file.endsWith('.zip')) {
  console.error('Usage: pnpm release:gradescope <file.zip> — `<file.zip>` names the autograder zip to write.');
  process.exit(2);
}
const { zip, files } = gradescopeZip(findRepoRoot());
writeFileSync(resolve(process.env['INIT_CWD'] ?? process.cwd(), file), zip);
console.log(`Wrote ${file}: ${files.length} files from the last commit, the hidden tests without the solutions' code, with setup.sh and run_autograder.`);
