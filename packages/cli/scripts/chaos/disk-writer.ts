/**
 * A disk chaos writer: `tsx disk-writer.ts <impl> <root> <writer> <gen base> <plain maxBytes> <durable maxBytes>`.
 * It loads the DiskCache under test, says `ready`, and on `go` writes until it is killed: four writes in flight,
 * each durable (to `<root>/durable`) or plain (to `<root>/plain`), of 10 B to 1 MB. Every acknowledged durable
 * write is reported to the parent over IPC before the next one starts in its lane.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chaosValue, durableKeys, MAX_BODY, MIN_BODY, PLAIN_KEYS } from './disk-values.js';

type Impl = typeof import('../../../../solutions/02-disk-cache/src/index.js');

const [implPath, root, writerArg, genArg, plainMaxArg, durableMaxArg] = process.argv.slice(2);
const writer = Number(writerArg);
const { DiskCache } = (await import(pathToFileURL(implPath!).href)) as Impl;
const send = (message: object): void => void process.send?.(message);

send({ t: 'ready' });
await once(process, 'message');

const durable = new DiskCache({ dir: join(root!, 'durable'), durable: true, maxBytes: Number(durableMaxArg) });
const plain = new DiskCache({ dir: join(root!, 'plain'), maxBytes: Number(plainMaxArg) });
durable.on('error', (error) => send({ t: 'refused', code: (error as NodeJS.ErrnoException).code ?? error.message }));
plain.on('error', (error) => send({ t: 'error', code: (error as NodeJS.ErrnoException).code ?? error.message }));

let gen = Number(genArg);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const bodySize = (): number => Math.round(MIN_BODY * (MAX_BODY / MIN_BODY) ** Math.random());

async function lane(): Promise<never> {
  for (;;) {
    const isDurable = Math.random() < 0.3;
    const key = isDurable ? pick(durableKeys(writer)) : pick(PLAIN_KEYS);
    const value = chaosValue(key, gen++, bodySize());
    const stored = await (isDurable ? durable : plain).set(key, value);
    if (isDurable && stored) send({ t: 'ack', key, gen: value.gen });
  }
}

await Promise.all([lane(), lane(), lane(), lane()]);
