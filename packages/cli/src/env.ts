import { join } from 'node:path';
import { config } from 'dotenv';
import { isOfflineEnv } from '@workbook/openrouter';

/** Loads the workbook's `.env` without printing anything; variables already set win. */
export function loadDotenv(root: string): void {
  config({ path: join(root, '.env'), quiet: true });
}

/** The one-line notice shown before a demo, so nobody mistakes the simulated model for the real one. */
export function modeNotice(env: NodeJS.ProcessEnv = process.env): string {
  return isOfflineEnv(env)
    ? 'Offline: answers come from the workbook\'s simulated model (set OPENROUTER_API_KEY in .env to call OpenRouter).'
    : 'Online: calls go to OpenRouter with your OPENROUTER_API_KEY (set OPENROUTER_OFFLINE=1 to use the simulated model).';
}
