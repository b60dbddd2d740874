import type { EventEmitter } from 'node:events';
import type { L2Tier } from './l2-tier.js';
import type { LocalTier } from './local-tier.js';
import type { NamespaceVersion } from './namespace-version.js';
import type { TieredCacheEvents, TieredCacheStats, TieredSettings } from './tiered-options.js';

/** What the operations of a tiered cache share: its settings, its two tiers, its counters and its events. */
export interface Tiers<V> {
  readonly settings: TieredSettings<V>;
  readonly local: LocalTier<V>;
  readonly l2: L2Tier<V>;
  readonly version: NamespaceVersion;
  readonly stats: TieredCacheStats;
  readonly events: EventEmitter<TieredCacheEvents>;
}
