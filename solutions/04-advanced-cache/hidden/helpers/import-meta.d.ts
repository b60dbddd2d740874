// Vite's `import.meta.glob`, as used by impl-path.ts (vite/client's types are not installed here).
interface ImportMeta {
  glob(pattern: string): Record<string, () => Promise<unknown>>;
}
