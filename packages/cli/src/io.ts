/** Where the CLI writes and what it reads of its process: injectable so tests can call `main` directly. */
export interface IO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  /** Terminal width in columns, when stdout is a terminal. */
  columns?: number;
  /** Asks a question and resolves to the answer; absent unless both stdin and stdout are a terminal. */
  ask?(question: string): Promise<string>;
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export const processIO: IO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  ...(process.stdin.isTTY && process.stdout.isTTY ? { ask } : {}),
};
