-- Pushes the next slot at least ARGV[1] ms past now (a 429 or Retry-After).
-- KEYS: the host's next-slot key. ARGV: delay ms.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nxt then redis.call('SET', KEYS[1], until_, 'PX', until_ - now + 1000) end
return 0
