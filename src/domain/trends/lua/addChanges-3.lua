-- KEYS: op marker, buffered-keys set, buffered-ops set. ARGV: ttl, buffer prefix, op key ('' for none),
-- then per doc: name, meta, #inc, #set, pairs.
-- Returns 0 when the op key was already used (nothing added), else 1. Checks every argument, and
-- that no sum would leave the finite numbers, before it writes anything: Redis does not roll back
-- a script that fails halfway.
local function finite(x) return x ~= nil and x == x and x ~= math.huge and x ~= -math.huge end
local i = 4
while i <= #ARGV do
  local key = ARGV[2] .. ARGV[i]
  local nInc, nSet = tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  if not nInc or not nSet or nInc < 0 or nSet < 0 or i + 3 + 2 * (nInc + nSet) > #ARGV then
    return redis.error_reply('addChanges: malformed change for ' .. ARGV[i])
  end
  i = i + 4
  for j = 0, nInc - 1 do
    local field, v = ARGV[i + 2 * j], tonumber(ARGV[i + 2 * j + 1])
    if not finite(v) then return redis.error_reply('addChanges: ' .. field .. ' is not a finite number') end
    local sum = tonumber(redis.call('HGET', key, 'i:' .. field) or '0') + v
    if not finite(sum) then return redis.error_reply('addChanges: ' .. field .. ' would not stay a finite number') end
  end
  i = i + 2 * (nInc + nSet)
end
if ARGV[3] ~= '' then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
  redis.call('SADD', KEYS[3], ARGV[3])
end
i = 4
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
