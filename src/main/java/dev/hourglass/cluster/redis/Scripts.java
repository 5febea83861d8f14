package dev.hourglass.cluster.redis;

/**
 * The Lua scripts of the Redis engine and registration store. Each runs atomically, so a change and the events it
 * publishes are one step in Redis's order: every node sees them in that order on its subscription.
 * <p>
 * Event payloads (ids are 22 base64url characters, so records have fixed widths):
 * {@code J member node (member node)*} a join and every member after it; {@code L member node} a leave;
 * {@code S node (member node)*} the members after that node's restore; {@code F (member node)*} a snapshot. Publications between nodes start with {@code P}
 * (see {@link EventCodec}).
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * KEYS: node index, presence hash of each channel. ARGV: member, node, max, channel name of each, prefix.
     * Returns -1 when admitted to all, else the 0-based index of a full channel (nothing changed then).
     */
    static final Script JOIN = new Script("""
            local n = #KEYS - 1
            local member, node, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
            local prefix = ARGV[4 + n]
            for i = 1, n do
              local key = KEYS[1 + i]
              if redis.call('HEXISTS', key, member) == 0 and redis.call('HLEN', key) >= max then
                return i - 1
              end
            end
            for i = 1, n do
              local key, name = KEYS[1 + i], ARGV[3 + i]
              redis.call('HSET', key, member, node)
              redis.call('SADD', KEYS[1], name)
              local all = redis.call('HGETALL', key)
              local parts = {'J', member, node}
              for j = 1, #all do parts[#parts + 1] = all[j] end
              redis.call('PUBLISH', prefix .. 'c:' .. name, table.concat(parts))
            end
            return -1
            """);

    /**
     * KEYS: node index, presence hash of each channel. ARGV: member, node, channel name of each, prefix, and
     * whether to announce the leave even where the member is not present (a leave made while Redis was unreachable:
     * the other nodes may still count it, whatever Redis lost meanwhile).
     */
    static final Script LEAVE = new Script("""
            local n = #KEYS - 1
            local member, node = ARGV[1], ARGV[2]
            local prefix, always = ARGV[3 + n], ARGV[4 + n] == '1'
            for i = 1, n do
              local key, name = KEYS[1 + i], ARGV[2 + i]
              local present = redis.call('HGET', key, member) == node
              if present or always then
                redis.call('PUBLISH', prefix .. 'c:' .. name, 'L' .. member .. node)
              end
              if present then
                redis.call('HDEL', key, member)
                local still = false
                for _, v in ipairs(redis.call('HVALS', key)) do
                  if v == node then still = true break end
                end
                if not still then redis.call('SREM', KEYS[1], name) end
              end
            end
            return 0
            """);

    /**
     * KEYS: node index, presence hash. ARGV: node, channel name, prefix, then the node's members. Makes the node's
     * members exactly those (a leave event for each stale one), then publishes the sync event.
     */
    static final Script RESTORE = new Script("""
            local node, name, prefix = ARGV[1], ARGV[2], ARGV[3]
            local channel = prefix .. 'c:' .. name
            local wanted = {}
            for i = 4, #ARGV do wanted[ARGV[i]] = true end
            local all = redis.call('HGETALL', KEYS[2])
            for j = 1, #all, 2 do
              if all[j + 1] == node and not wanted[all[j]] then
                redis.call('HDEL', KEYS[2], all[j])
                redis.call('PUBLISH', channel, 'L' .. all[j] .. node)
              end
            end
            for i = 4, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], node) end
            if #ARGV >= 4 then redis.call('SADD', KEYS[1], name) else redis.call('SREM', KEYS[1], name) end
            local now = redis.call('HGETALL', KEYS[2])
            local parts = {'S', node}
            for j = 1, #now do parts[#parts + 1] = now[j] end
            redis.call('PUBLISH', channel, table.concat(parts))
            return 0
            """);

    /**
     * KEYS: the node set. ARGV: node, timeout in ms. The node's deadline becomes Redis's clock plus the timeout.
     * Returns 1 if the node was known, 0 if not (new, reaped as dead, or Redis restarted empty).
     */
    static final Script HEARTBEAT = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            if known then return 1 end
            return 0
            """);

    /**
     * KEYS: the node set. ARGV: prefix, batch. Takes one node past its deadline and removes its members from up to
     * batch of its channels, with a leave event each; the node is forgotten with its last channel. Returns 0 when no
     * node is dead, else the channels done plus one. Keys of the dead node are named here from the prefix: a single
     * Redis (not a cluster) is what this engine runs on.
     */
    static final Script REAP = new Script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1)
            if #dead == 0 then return 0 end
            local node, prefix = dead[1], ARGV[1]
            local index = prefix .. 'n:' .. node
            local names = redis.call('SPOP', index, tonumber(ARGV[2]))
            for _, name in ipairs(names) do
              local key = prefix .. 'p:' .. name
              local all = redis.call('HGETALL', key)
              for j = 1, #all, 2 do
                if all[j + 1] == node then
                  redis.call('HDEL', key, all[j])
                  redis.call('PUBLISH', prefix .. 'c:' .. name, 'L' .. all[j] .. node)
                end
              end
            end
            if redis.call('SCARD', index) == 0 then
              redis.call('ZREM', KEYS[1], node)
              redis.call('DEL', index)
            end
            return #names + 1
            """);

    /** KEYS: presence hash. ARGV: channel name, prefix. Publishes all the channel's members, in its order. */
    static final Script SNAPSHOT = new Script("""
            local all = redis.call('HGETALL', KEYS[1])
            local parts = {'F'}
            for j = 1, #all do parts[#parts + 1] = all[j] end
            redis.call('PUBLISH', ARGV[2] .. 'c:' .. ARGV[1], table.concat(parts))
            return 0
            """);
}
