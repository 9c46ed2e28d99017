-- KEYS: current flush id, buffered-keys set, buffered-ops set. ARGV: new flush id, buffer prefix, flush prefix.
-- Returns the flush id (the unfinished one if any), or nil when nothing is buffered. The op keys
-- counted since the last flush move with the increments (<flush prefix><id>:ops).
local current = redis.call('GET', KEYS[1])
if current then return current end
local keys = redis.call('SMEMBERS', KEYS[2])
if #keys == 0 then return false end
local listKey = ARGV[3] .. ARGV[1] .. ':keys'
for _, k in ipairs(keys) do
  if redis.call('EXISTS', k) == 1 then
    local dest = ARGV[3] .. ARGV[1] .. ':' .. string.sub(k, #ARGV[2] + 1)
    redis.call('RENAME', k, dest)
    redis.call('SADD', listKey, dest)
  end
end
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('RENAME', KEYS[3], ARGV[3] .. ARGV[1] .. ':ops') end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
