-- Ends a rebuild: drops every case the rebuild did not see active in the store and no writer has
-- written since it started (seq below start), i.e. cases closed or deleted while Redis missed it.
-- KEYS: copy (hash id → case JSON), versions (hash id → "rev|seq|state"). ARGV: the rebuild's start.
-- Returns the number of cases dropped.
local start = tonumber(ARGV[1])
local dropped = 0
for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
  local cur = redis.call('HGET', KEYS[2], id)
  local seq = cur and tonumber(string.match(cur, '^%d+|(%d+)|')) or 0
  if seq < start then
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    dropped = dropped + 1
  end
end
return dropped
