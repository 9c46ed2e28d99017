-- KEYS: op marker, buffered-keys set. ARGV: ttl, buffer prefix, use-op flag, then per doc: name, meta, #inc, #set, pairs.
-- Returns 0 when the op key was already used (nothing added), else 1.
if ARGV[3] == '1' and not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
local i = 4
while i <= #ARGV do
  local key = ARGV[2] .. ARGV[i]
  redis.call('SADD', KEYS[2], key)
  redis.call('HSETNX', key, 'm', ARGV[i + 1])
  local nInc, nSet = tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  i = i + 4
  for j = 0, nInc - 1 do redis.call('HINCRBYFLOAT', key, 'i:' .. ARGV[i + 2 * j], ARGV[i + 2 * j + 1]) end
  i = i + 2 * nInc
  for j = 0, nSet - 1 do redis.call('HSET', key, 's:' .. ARGV[i + 2 * j], ARGV[i + 2 * j + 1]) end
  i = i + 2 * nSet
end
return 1
