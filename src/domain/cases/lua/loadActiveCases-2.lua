-- One chunk of a rebuild: the active cases as the store held them when the rebuild read them.
-- KEYS: copy (hash id → case JSON), versions (hash id → "rev|seq|state").
-- ARGV: the rebuild's start (a value of the sequence counter taken before it read the store), then
--       per case: id, rev, JSON.
-- A case is taken unless a newer version, or a close at the same rev, is recorded: a version written since the rebuild
-- started (seq above start) is never replaced by an older one. Each case the rebuild saw is marked
-- with seq ≥ start, so pruneActiveCases keeps it.
local start = tonumber(ARGV[1])
for i = 2, #ARGV, 3 do
  local id, rev, json = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local cur = redis.call('HGET', KEYS[2], id)
  if not cur then
    redis.call('HSET', KEYS[1], id, json)
    redis.call('HSET', KEYS[2], id, rev .. '|' .. start .. '|a')
  else
    local curRev, curSeq, curState = string.match(cur, '^(%d+)|(%d+)|(%a)$')
    curRev, curSeq = tonumber(curRev), tonumber(curSeq)
    -- At the same rev the JSON is written again: a copy restored from an older snapshot may lack it.
    if rev > curRev or (rev == curRev and curState == 'a') then
      redis.call('HSET', KEYS[1], id, json)
      redis.call('HSET', KEYS[2], id, rev .. '|' .. math.max(curSeq, start) .. '|a')
    end
  end
end
return 1
