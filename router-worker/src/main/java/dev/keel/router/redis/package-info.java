/**
 * Redis plumbing shared by the response cache ({@code cache}) and the budget ledger ({@code budget}): a
 * time-bounded connection that fails open ({@link dev.keel.router.redis.RedisLink}, which throws
 * {@link dev.keel.router.redis.RedisUnavailableException} for every way Redis can fail to answer), Lua scripts
 * run by SHA ({@link dev.keel.router.redis.LuaScript}) and the key segment encoding that keeps tenants apart
 * ({@link dev.keel.router.redis.KeySegments}). It knows nothing of caching or budgets; each user opens its own
 * link. The URI can carry a password: only {@link dev.keel.router.redis.RedisLink#endpoint()} is logged.
 */
package dev.keel.router.redis;
