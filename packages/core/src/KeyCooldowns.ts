/**
 * Key cooldowns shared by the instances on one database (see `KeyPool`): a key one instance saw refused (401/403) or
 * throttled (429) rests on every instance until its cooldown ends. Without this port each process keeps its own, as
 * the embedded SQLite setup does; the PostgreSQL one is `pg/KeyCooldownsPg`.
 */
import { Context, type Effect } from "effect"

export interface KeyCooldownsService {
  /**
   * When each cooldown any instance recorded ends (epoch ms), by `providerId/keyId`. Synchronous and kept fresh in the
   * background, since `KeyPool` reads it on every request.
   */
  readonly current: () => ReadonlyMap<string, number>
  /** Records a cooldown for every instance. Never fails: when the database cannot be reached it stays this process's. */
  readonly record: (slot: string, untilMs: number) => Effect.Effect<void>
}

export class KeyCooldowns extends Context.Tag("@switchboard/core/KeyCooldowns")<KeyCooldowns, KeyCooldownsService>() {}
