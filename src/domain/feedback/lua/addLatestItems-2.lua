-- Adds stored items to the newest-items sets of their scopes (label × source × kind, each one or all).
-- KEYS: the state hash (scope → 'w': its set holds every item of the scope; 'p': its set holds the
--       scope's newest items, a prefix of the store's order (publishedAt, then id, descending)),
--       the skip counters (scope → items a prefix turned away).
-- ARGV: the sets' key prefix, how many items a set keeps, then per item and scope: scope, publishedAt
--       in ms, item id.
-- A set not seeded yet (no state) collects what comes, for seedLatestItems to reconcile. A prefix
-- takes only items above its lowest one (below it the store may hold items the set has not), and
-- counts the others, so a seed whose store read may have missed one knows it.
local keep = tonumber(ARGV[2])
for i = 3, #ARGV, 3 do
  local scope, score, member = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local key = ARGV[1] .. scope
  local state = redis.call('HGET', KEYS[1], scope)
  local take = true
  if state == 'p' then
    local low = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    if #low == 0 then
      -- An empty prefix (its items erased) says nothing any more: the next read seeds it again.
      redis.call('HDEL', KEYS[1], scope)
      state = false
    else
      local lowScore = tonumber(low[2])
      take = score > lowScore or (score == lowScore and member > low[1])
      if not take then redis.call('HINCRBY', KEYS[2], scope, 1) end
    end
  end
  if take then
    redis.call('ZADD', key, score, member)
    if redis.call('ZCARD', key) > keep then
      redis.call('ZREMRANGEBYRANK', key, 0, -keep - 1)
      if state == 'w' then redis.call('HSET', KEYS[1], scope, 'p') end
    end
  end
end
return 1
