/**
 * A brute-force vector index: every vector in one `Float32Array`, row after row, normalised to unit length when it
 * is added, so a cosine similarity is a plain dot product. A lookup scans the rows of one partition and allocates
 * nothing. At 10,000 rows of 256 numbers that is 2.6 million multiply-adds, about a millisecond: an exact search
 * that needs no tuning, and fast enough until a cache holds hundreds of thousands of prompts (then an approximate
 * index such as HNSW pays for itself).
 */
export class VectorIndex {
  /** Similarity of the row {@link nearest} found last. */
  similarity = -Infinity;

  /** How many numbers each vector has; 0 until the first vector is added. */
  get dimensions(): number {
    // TODO(ex4.semantic-cache): the length of the first vector put(); 0 before.
    throw new Error('TODO(ex4.semantic-cache): VectorIndex.dimensions');
  }

  /** Makes room for rows `0 … rows - 1`, keeping the rows already there. */
  grow(rows: number): void {
    // TODO(ex4.semantic-cache): keep rows × dimensions numbers in ONE Float32Array (row r at r * dimensions), and the
    // partition of each row in an Int32Array (-1 = free). Growing copies the old arrays into bigger ones.
    throw new Error(`TODO(ex4.semantic-cache): VectorIndex.grow(${rows})`);
  }

  /**
   * Stores `vector` (normalised) in `row` under `partition`, or marks the row as having no vector when `vector` is
   * undefined. A vector whose length differs from the first one's is a RangeError.
   */
  put(row: number, partition: number, vector: readonly number[] | undefined): void {
    // TODO(ex4.semantic-cache): divide by the vector's length (L2 norm) as you copy it in, so that later a dot
    // product is the cosine similarity. The first vector fixes the dimensions.
    throw new Error(`TODO(ex4.semantic-cache): VectorIndex.put(${row}, ${partition}, ${vector?.length})`);
  }

  /** Frees `row`: lookups no longer see it. */
  remove(row: number): void {
    throw new Error(`TODO(ex4.semantic-cache): VectorIndex.remove(${row})`);
  }

  /**
   * The row of `partition` among `0 … rows - 1` nearest to `vector` by cosine similarity, for which `usable(row)`
   * holds (it may free rows it rejects); -1 when there is none. The similarity is left in {@link similarity}.
   */
  nearest(vector: readonly number[], partition: number, rows: number, usable: (row: number) => boolean): number {
    // TODO(ex4.semantic-cache): normalise the query into a Float32Array made once (not per lookup), then scan: skip
    // rows of other partitions, dot the rest with the query, keep the best row that usable() accepts. No arrays,
    // objects or closures created here: 10,000 rows of 256 numbers must take well under 2 ms (pnpm bench).
    throw new Error(`TODO(ex4.semantic-cache): VectorIndex.nearest(${vector.length}, ${partition}, ${rows}, ${typeof usable})`);
  }
}
