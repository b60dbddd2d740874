/**
 * A brute-force vector index: every vector in one `Float32Array`, row after row, normalised to unit length when it
 * is added, so a cosine similarity is a plain dot product. A lookup scans the rows of one partition and allocates
 * nothing. At 10,000 rows of 256 numbers that is 2.6 million multiply-adds, about a millisecond: an exact search
 * that needs no tuning, and fast enough until a cache holds hundreds of thousands of prompts (then an approximate
 * index such as HNSW pays for itself).
 */
export class VectorIndex {
  /** Numbers per vector; fixed by the first vector added. */
  #dimensions = 0;
  #vectors = new Float32Array(0);
  /** The partition of each row; -1 for a free row or one without a vector. */
  #partitions = new Int32Array(0);
  /** The query, normalised, reused by every lookup. */
  #query = new Float32Array(0);

  /** Similarity of the row {@link nearest} found last. */
  similarity = -Infinity;

  /** How many numbers each vector has; 0 until the first vector is added. */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** Makes room for rows `0 … rows - 1`, keeping the rows already there. */
  grow(rows: number): void {
    if (rows <= this.#partitions.length) return;
    const partitions = new Int32Array(rows).fill(-1);
    partitions.set(this.#partitions);
    this.#partitions = partitions;
    if (this.#dimensions > 0) this.#growVectors(rows);
  }

  /**
   * Stores `vector` (normalised) in `row` under `partition`, or marks the row as having no vector when `vector` is
   * undefined. A vector whose length differs from the first one's is a RangeError.
   */
  put(row: number, partition: number, vector: readonly number[] | undefined): void {
    if (vector === undefined) {
      this.#partitions[row] = -1;
      return;
    }
    if (this.#dimensions === 0) {
      if (vector.length === 0) throw new RangeError('an embedding must have at least one number, got an empty vector');
      this.#dimensions = vector.length;
      this.#query = new Float32Array(vector.length);
      this.#growVectors(this.#partitions.length);
    }
    if (vector.length !== this.#dimensions) throw new RangeError(`every embedding must have ${this.#dimensions} numbers, got ${vector.length}`);
    const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
    const start = row * this.#dimensions;
    for (let i = 0; i < vector.length; i++) this.#vectors[start + i] = norm > 0 ? vector[i]! / norm : 0;
    this.#partitions[row] = partition;
  }

  /** Frees `row`: lookups no longer see it. */
  remove(row: number): void {
    this.#partitions[row] = -1;
  }

  /**
   * The row of `partition` among `0 … rows - 1` nearest to `vector` by cosine similarity, for which `usable(row)`
   * holds (it may free rows it rejects); -1 when there is none. The similarity is left in {@link similarity}.
   */
  nearest(vector: readonly number[], partition: number, rows: number, usable: (row: number) => boolean): number {
    this.similarity = -Infinity;
    const dims = this.#dimensions;
    if (dims === 0 || vector.length !== dims) return -1;
    const query = this.#query;
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += vector[i]! * vector[i]!;
    if (norm === 0) return -1;
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dims; i++) query[i] = vector[i]! * scale;

    const vectors = this.#vectors;
    const partitions = this.#partitions;
    let best = -1;
    let bestSimilarity = -Infinity;
    for (let row = 0; row < rows; row++) {
      if (partitions[row] !== partition) continue;
      const similarity = dot(vectors, row * dims, query, dims);
      if (similarity > bestSimilarity && usable(row)) {
        best = row;
        bestSimilarity = similarity;
      }
    }
    this.similarity = bestSimilarity;
    return best;
  }

  #growVectors(rows: number): void {
    const vectors = new Float32Array(rows * this.#dimensions);
    vectors.set(this.#vectors.subarray(0, Math.min(this.#vectors.length, vectors.length)));
    this.#vectors = vectors;
  }
}

/** Dot product of `query` with the row of `vectors` at `start`; four sums, so the CPU can overlap the additions. */
function dot(vectors: Float32Array, start: number, query: Float32Array, dims: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 4 <= dims; i += 4) {
    a += vectors[start + i]! * query[i]!;
    b += vectors[start + i + 1]! * query[i + 1]!;
    c += vectors[start + i + 2]! * query[i + 2]!;
    d += vectors[start + i + 3]! * query[i + 3]!;
  }
  for (; i < dims; i++) a += vectors[start + i]! * query[i]!;
  return a + b + c + d;
}
