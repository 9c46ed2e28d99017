-- Adds stored items of one label × source × kind to the newest-items sets of their scopes (each of
-- the three one or all).
-- KEYS: the state hash (scope → 'w': its set holds every item of the scope; 'p': its set holds the
--       scope's newest items, a prefix of the store's order (publishedAt, then id, descending)),
--       the skip counters (scope → items a prefix turned away).
-- ARGV: the sets' key prefix, how many items a set keeps, how many older items of these scopes the
--       caller left out (at least `keep` newer ones are here, so none of them could stay in a set),
--       the number of scopes, the scopes, then per item: publishedAt in ms, item id.
-- A set not seeded yet (no state) collects what comes, for seedLatestItems to reconcile. A prefix
-- takes only items above its lowest one (below it the store may hold items the set has not), and
-- counts the others (and its own items trimmed or left out here), so a seed whose store read may
-- have missed one knows it. A whole set that had to drop or miss an item becomes a prefix.
local keep = tonumber(ARGV[2])
local omitted = tonumber(ARGV[3])
local scopes = tonumber(ARGV[4])
local first = 5 + scopes
for s = 5, 4 + scopes do
  local scope = ARGV[s]
  local key = ARGV[1] .. scope
  local state = redis.call('HGET', KEYS[1], scope)
  local lowScore, lowMember
  if state == 'p' then
    local low = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    if #low == 0 then
      -- An empty prefix (its items erased) says nothing any more: the next read seeds it again.
      redis.call('HDEL', KEYS[1], scope)
      state = false
    else
      lowScore, lowMember = tonumber(low[2]), low[1]
    end
  end
  local added, skipped = {}, 0
  for i = first, #ARGV, 2 do
    local score, member = tonumber(ARGV[i]), ARGV[i + 1]
    if state == 'p' and not (score > lowScore or (score == lowScore and member > lowMember)) then
      skipped = skipped + 1
    else
      redis.call('ZADD', key, score, member)
      added[member] = true
    end
  end
  local card = redis.call('ZCARD', key)
  if card > keep then
    if state == 'p' then
      for _, m in ipairs(redis.call('ZRANGE', key, 0, card - keep - 1)) do
        if added[m] then skipped = skipped + 1 end
      end
    end
    redis.call('ZREMRANGEBYRANK', key, 0, -keep - 1)
    if state == 'w' then
      redis.call('HSET', KEYS[1], scope, 'p')
      state = 'p'
    end
  end
  if omitted > 0 then
    if state == 'w' then redis.call('HSET', KEYS[1], scope, 'p') elseif state == 'p' then skipped = skipped + omitted end
  end
  if skipped > 0 then redis.call('HINCRBY', KEYS[2], scope, skipped) end
end
return 1
