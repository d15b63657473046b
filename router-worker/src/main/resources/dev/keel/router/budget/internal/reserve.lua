-- Keel tenant budget: reserve atomically (BUDGET_AND_CACHE.md "Redis data layout").
-- KEYS[1] totals hash {spent, held} (nano-dollars)  KEYS[2] hash reservation id -> amount
-- KEYS[3] sorted set reservation id by expiry (epoch ms)
-- ARGV[1] now ms  ARGV[2] reservation id  ARGV[3] amount  ARGV[4] limit  ARGV[5] expires at ms  ARGV[6] key TTL ms
-- Returns {granted 0|1, spent, held before this reservation}.
-- Amounts stay strings on the way into HINCRBY (no Lua float formatting); tonumber only compares.
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
local spent = redis.call('HGET', KEYS[1], 'spent') or '0'
local held = redis.call('HGET', KEYS[1], 'held') or '0'
if tonumber(spent) + tonumber(held) + tonumber(ARGV[3]) > tonumber(ARGV[4]) then
  return {0, spent, held}
end
if tonumber(ARGV[3]) > 0 then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'held', ARGV[3])
end
redis.call('HSETNX', KEYS[1], 'spent', '0')
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
return {1, spent, held}
