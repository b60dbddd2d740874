import { styleText } from 'node:util';

/** Colour helpers that turn into plain text when colour is off. */
export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Colour only for a terminal, and never under `CI`, `NO_COLOR` or `TERM=dumb`. */
export function wantsColor(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): boolean {
  if (env.NO_COLOR || env.CI || env.TERM === 'dumb') return false;
  return isTTY;
}

export function makeStyle(color: boolean): Style {
  const paint = (format: Parameters<typeof styleText>[0]) => (text: string) => (color ? styleText(format, text) : text);
  return { ok: paint('green'), bad: paint('red'), warn: paint('yellow'), dim: paint('dim'), bold: paint('bold') };
}

export const PLAIN: Style = makeStyle(false);
