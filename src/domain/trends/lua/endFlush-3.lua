-- KEYS: current flush id, the flush's key list, the flush's op keys. ARGV: flush id.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', k) end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[1])
return 1
