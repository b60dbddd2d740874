/** A rule id as an exercise guide states it and tests name it: `exN.<task-id>.<rule>`, e.g. `ex1.ttl-cache.boundary`. */
const ID = String.raw`ex\d+\.[a-z0-9-]+\.[a-z0-9-]+`;

/**
 * The rule ids the guides state (in backticks), by exercise number, from each `# Exercise N` section: an exercise's
 * guide (`exercises/NN-name/README.md`) is one such section; several guides may be read as one text.
 */
export function statedRules(markdown: string): Map<number, Set<string>> {
  const rules = new Map<number, Set<string>>();
  let exercise: number | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^# Exercise (\d+)\b/.exec(line);
    if (heading) exercise = Number(heading[1]);
    else if (/^# /.test(line)) exercise = undefined;
    for (const match of line.matchAll(new RegExp('`(' + ID + ')`', 'g'))) {
      const key = exercise ?? 0;
      if (!rules.has(key)) rules.set(key, new Set());
      rules.get(key)!.add(match[1]!);
    }
  }
  return rules;
}

/** The rule ids a test names: in square brackets anywhere in its full name, e.g. `… [ex1.ttl-cache.boundary, …]`. */
export function namedRules(testName: string): string[] {
  const lists = testName.matchAll(new RegExp(String.raw`\[(${ID}(?:,\s*${ID})*)\]`, 'g'));
  return [...lists].flatMap((list) => list[1]!.split(',').map((id) => id.trim()));
}

/** The task a rule id belongs to: its middle part. */
export function taskOf(id: string): string {
  return id.split('.')[1]!;
}
