package cache

import "github.com/redis/go-redis/v9"

// setTaggedScript sets KEYS[1] to ARGV[1] for ARGV[2] ms (0: no expiry)
// and adds it to the tag sets KEYS[2:], so that a tag set lives at least
// as long as its longest-lived entry.
var setTaggedScript = redis.NewScript(`
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[1])
end
for i = 2, #KEYS do
  local existed = redis.call('EXISTS', KEYS[i]) == 1
  redis.call('SADD', KEYS[i], KEYS[1])
  if ttl <= 0 then
    redis.call('PERSIST', KEYS[i])
  else
    local left = redis.call('PTTL', KEYS[i])
    if not existed or (left >= 0 and left < ttl) then
      redis.call('PEXPIRE', KEYS[i], ttl)
    end
  end
end
return 1
`)

// deleteTagsScript deletes the members of the sets KEYS and the sets.
var deleteTagsScript = redis.NewScript(`
local n = 0
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #members, 1000 do
    redis.call('DEL', unpack(members, j, math.min(j + 999, #members)))
  end
  n = n + #members
  redis.call('DEL', KEYS[i])
end
return n
`)

// unlockScript deletes the lock KEYS[1] if it still holds the token ARGV[1].
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)
