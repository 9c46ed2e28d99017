-- Extends the lock's lease only if it still holds our token.
-- KEYS: the lock. ARGV: token, lease in ms.
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end
