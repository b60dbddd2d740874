/**
 * The offline model's embeddings: deterministic vectors that carry lexical similarity, so a semantic cache can be
 * built and tested without a network. Not a language model — "car" and "automobile" are unrelated here — but
 * paraphrases that share words ("How do I cache LLM responses?" / "how to cache responses from an LLM") score
 * high and unrelated texts score near 0.
 *
 * Method (feature hashing, as in Weinberger et al. 2009):
 * 1. Normalise: Unicode NFKD without accents, lower case; split into words of letters and digits.
 * 2. Drop English stop words ("the", "how", "do", …), the pieces of contractions ("what's" → "what", "s") and
 *    the words that only frame a request ("explain", "tell", "give", "please", …) unless nothing else is left;
 *    reduce each word to a crude stem ("caching", "cached", "caches" → "cach"), so inflections match.
 * 3. Features: each distinct stem (weight 1) and the character trigrams of `^stem$` (together weight 1), so
 *    near-spellings and compounds still overlap ("responses" / "response"); and each pair of neighbouring stems
 *    (weight 0.7), so word order counts: "convert 5 km to miles" is not "convert 5 miles to km". A repeated word
 *    counts once ("line by line" is not more about lines).
 * 4. Each feature adds its weight at a hashed position (FNV-1a, 32 bits) with a hashed sign, so collisions cancel
 *    out on average instead of piling up similarity.
 * 5. L2-normalise: every vector has length 1, and the dot product of two vectors is their cosine similarity.
 */

/** Default vector length of the offline model. */
export const OFFLINE_EMBEDDING_DIMENSIONS = 256;

const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my of on or our so than that the their them then there these they this to was we were what when where ' +
    'which who why will with would you your ' +
    // Pieces of contractions, and words that frame a request without saying what it is about.
    's t d ll re ve m explain tell give please describe show want need know way'
  ).split(' '),
);

/** Suffixes stripped longest first, keeping a stem of at least three letters. */
const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 'ly', 's', 'e'];

/** The offline vector of `text`: `dimensions` numbers, unit length. Equal texts (after normalising) give equal vectors. */
export function lexicalEmbedding(text: string, dimensions = OFFLINE_EMBEDDING_DIMENSIONS): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`\`dimensions\` must be a positive integer, got ${String(dimensions)}`);
  }
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, weight] of features(text)) {
    const hash = fnv1a(feature);
    const sign = hash & 1 ? -1 : 1;
    const at = (hash >>> 1) % dimensions;
    vector[at]! += sign * weight;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    // Every feature cancelled out (possible only for tiny dimensions): fall back to a fixed unit vector.
    vector[0] = 1;
    return vector;
  }
  return vector.map((value) => value / norm);
}

/** Cosine similarity of two vectors of equal length, in [-1, 1]; for unit vectors, their dot product. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors must have the same length, got ${a.length} and ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Weight of a pair of neighbouring stems, against 1 for a stem: enough to tell word orders apart, not so much that a reordered paraphrase looks unrelated. */
const PAIR_WEIGHT = 0.7;

/** Weighted features of `text`: distinct stems, their character trigrams, and pairs of neighbouring stems. */
function features(text: string): Map<string, number> {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];
  const content = words.filter((word) => !STOP_WORDS.has(word));
  const stems = (content.length > 0 ? content : words).map(stem);
  const weighted = new Map<string, number>();
  const add = (feature: string, weight: number): void => void weighted.set(feature, (weighted.get(feature) ?? 0) + weight);
  for (const word of new Set(stems)) {
    add(`w:${word}`, 1);
    const grams = trigrams(`^${word}$`);
    for (const gram of grams) add(`g:${gram}`, 1 / grams.length);
  }
  for (const pair of new Set(stems.slice(1).map((word, i) => `${stems[i]} ${word}`))) add(`p:${pair}`, PAIR_WEIGHT);
  if (weighted.size === 0) add('empty', 1);
  return weighted;
}

function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ies' ? `${base}y` : base;
    }
  }
  return word;
}

function trigrams(text: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 3 <= text.length; i++) grams.push(text.slice(i, i + 3));
  return grams;
}

/** 32-bit FNV-1a of the UTF-16 code units of `text`. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
