-- Applies case versions read from the store after a write: an active case is stored, a closed or
-- deleted one leaves the copy and is remembered (a tombstone) so a late, older version cannot bring it back.
-- KEYS: copy (hash id → case JSON), versions (hash id → "rev|seq|state"), tombstones (zset id → ms),
--       hidden (zset "id|token" → ms), sequence (counter).
-- ARGV: now (ms), tombstone lifetime (ms), hide lifetime (ms), token of the caller's hides ('' none),
--       then per case: id, rev, state, JSON ('' unless active or new).
-- state: 'a' active, 'c' closed, 'd' deleted, 'n' just inserted. A version is ignored when the recorded
-- one is newer (higher rev), or has the same rev and is closed or deleted (a close bumps rev, so an
-- active version at that rev was read before it). A case just inserted replaces only a deletion's
-- tombstone (its id comes back when an erased item arrives again); any other recorded version is at
-- least as new.
-- Returns the number of versions applied.
local seq = redis.call('INCR', KEYS[5])
local now = tonumber(ARGV[1])
local applied = 0
for i = 5, #ARGV, 4 do
  local id, rev, state, json = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local cur = redis.call('HGET', KEYS[2], id)
  local take = true
  if cur then
    local curRev, curState = string.match(cur, '^(%d+)|%d+|(%a)$')
    curRev = tonumber(curRev)
    if state == 'n' then
      take = curState == 'd'
    else
      take = rev > curRev or (rev == curRev and (curState == 'a' or state ~= 'a'))
    end
  end
  if take then
    if state == 'a' or state == 'n' then
      redis.call('HSET', KEYS[1], id, json)
      redis.call('HSET', KEYS[2], id, rev .. '|' .. seq .. '|a')
      redis.call('ZREM', KEYS[3], id)
    else
      redis.call('HDEL', KEYS[1], id)
      redis.call('HSET', KEYS[2], id, rev .. '|' .. seq .. '|' .. state)
      redis.call('ZADD', KEYS[3], now, id)
    end
    applied = applied + 1
  end
  if ARGV[4] ~= '' then redis.call('ZREM', KEYS[4], id .. '|' .. ARGV[4]) end
end
-- Tombstones outlive any write in flight, then go; so do hides left by a process that died.
local before = '(' .. string.format('%d', now - tonumber(ARGV[2]))
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', before)) do redis.call('HDEL', KEYS[2], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', before)
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. string.format('%d', now - tonumber(ARGV[3])))
return applied
