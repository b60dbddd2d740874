// cacache ships no type declarations; this covers the two calls the benchmark makes.
declare module 'cacache' {
  export function put(cache: string, key: string, data: string | Buffer): Promise<string>;
  export function get(cache: string, key: string): Promise<{ data: Buffer; integrity: string; size: number }>;
}
