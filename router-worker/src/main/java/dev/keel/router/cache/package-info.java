/**
 * The write-through response cache and travel mode (issue 5; {@code router-worker/BUDGET_AND_CACHE.md}).
 *
 * <p>Use: {@link dev.keel.router.cache.ResponseCaches#create} once per worker; the router's cache stages
 * ({@code routing.CacheRead}, {@code routing.WriteThrough}, keys by {@code routing.AnswerKeys}) do the rest:
 * {@link dev.keel.router.cache.Lookup.Fresh} is served as {@code cache: HIT} with cost 0 and no provider call;
 * a {@link dev.keel.router.cache.Lookup.Stale} is kept in hand and served as {@code cache: STALE} only if
 * every provider then fails (call {@link dev.keel.router.cache.ResponseCache#recordStaleServe}); after a
 * successful call, {@link dev.keel.router.cache.ResponseCache#put} the answer. {@code cache: BYPASS} skips
 * the lookup, not the write.
 *
 * <p><b>Why the key holds the model class, not the provider.</b> The key records whether the answer came from
 * a provider's configured {@code model} ({@link dev.keel.router.cache.ModelClass#STANDARD}) or its
 * {@code cheaper-model} ({@link dev.keel.router.cache.ModelClass#CHEAPER}), but not which provider. Keel's
 * promise is an answer to the prompt, not a vendor: the primary and the secondary are configured as
 * interchangeable peers, and failover already serves the secondary's answer to the caller as the answer. If
 * the key held the provider, an answer the secondary gave while the primary was down could never serve the
 * same prompt again once the primary was back, and in travel mode — when both are down — half of the stale
 * answers would be unreachable. A cheaper model, by contrast, is a deliberate downgrade, so its answers never
 * serve a request that could afford the standard one. Operators who need per-vendor answers change
 * {@code prompt_version} (part of the key) or {@code cache.key-prefix}.
 *
 * <p>Tenants never share entries: the tenant is hashed into the digest and is also the key's namespace
 * (the map key in process, a key segment in Redis).
 */
package dev.keel.router.cache;
