-- Keel tenant budget: settle a reservation to the actual cost (BUDGET_AND_CACHE.md "Redis data layout").
-- KEYS as in reserve.lua.
-- ARGV[1] now ms  ARGV[2] reservation id (empty: only add spend)  ARGV[3] actual cost  ARGV[4] key TTL ms
-- Returns {released 0|1, spent, held}. A reservation that already expired is not released twice;
-- its actual cost is added all the same.
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
for _, id in ipairs(expired) do
  local amount = redis.call('HGET', KEYS[2], id)
  if amount then
    redis.call('HDEL', KEYS[2], id)
    redis.call('HINCRBY', KEYS[1], 'held', '-' .. amount)
  end
end
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
end
local released = 0
if ARGV[2] ~= '' then
  local amount = redis.call('HGET', KEYS[2], ARGV[2])
  if amount then
    redis.call('HDEL', KEYS[2], ARGV[2])
    redis.call('ZREM', KEYS[3], ARGV[2])
    redis.call('HINCRBY', KEYS[1], 'held', '-' .. amount)
    released = 1
  end
end
local spent = redis.call('HINCRBY', KEYS[1], 'spent', ARGV[3])
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
return {released, spent, redis.call('HGET', KEYS[1], 'held') or '0'}
