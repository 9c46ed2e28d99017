-- Seeds a scope's newest-items set from a store read: the read's items, newest first.
-- KEYS: the state hash and the skip counters (see addLatestItems).
-- ARGV: the sets' key prefix, how many items a set keeps, the scope, '1' when the read returned every
--       item of the scope (else '0'), the scope's skip counter as it was before the read began ('0'
--       if none), then per item: publishedAt in ms, item id.
-- Items added since the read began stay (they are newer, or part of a whole scope); what lies below
-- the read's lowest item goes unless the read was whole (nothing says no store item is missing there).
-- Nothing is seeded when the counter moved: an item turned away since may be missing from the read.
-- Returns 1 when seeded, else 0.
if (redis.call('HGET', KEYS[2], ARGV[3]) or '0') ~= ARGV[5] then return 0 end
local key = ARGV[1] .. ARGV[3]
local keep = tonumber(ARGV[2])
for i = 6, #ARGV, 2 do redis.call('ZADD', key, ARGV[i], ARGV[i + 1]) end
local state = 'w'
if ARGV[4] ~= '1' then
  state = 'p'
  local lowScore, lowMember = ARGV[#ARGV - 1], ARGV[#ARGV]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. lowScore)
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', key, lowScore, lowScore)) do
    if m < lowMember then redis.call('ZREM', key, m) end
  end
end
if redis.call('ZCARD', key) > keep then
  redis.call('ZREMRANGEBYRANK', key, 0, -keep - 1)
  state = 'p'
end
redis.call('HSET', KEYS[1], ARGV[3], state)
return 1
