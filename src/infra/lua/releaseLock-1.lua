-- Deletes the lock only if it still holds our token (compare-and-delete).
-- KEYS: the lock. ARGV: token.
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
