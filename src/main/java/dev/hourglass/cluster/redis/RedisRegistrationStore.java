package dev.hourglass.cluster.redis;

import dev.hourglass.cluster.ClusterConfig;
import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Sealer;
import dev.hourglass.registration.Registration;
import dev.hourglass.registration.RegistrationConfig;
import dev.hourglass.registration.RegistrationStore;
import dev.hourglass.time.TimeUnits;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Registrations in Redis, shared by every instance, with the rules of the memory store: replacement, no takeover of
 * an id registered with a public key, the holder cap per contact key (oldest out), the cap on live registrations,
 * and expiry at the end of unit h+1 (keys written with PXAT, nothing swept). One script does each registration, so
 * concurrent ones on several instances leave the holder index exact.
 * <p>
 * Keys: {@code u:<unit>:<user>} → the public key sealed ({@link Sealer}; or 80 '*') and the contact keys, 43
 * characters each;
 * {@code h:<unit>:<key>} → the holders, oldest first; {@code count:<unit>} → new registrations of the unit. Every id
 * is blinded (base64url): without the blinding key, nothing here can be matched to what a client sent.
 */
public final class RedisRegistrationStore implements RegistrationStore {

    private static final int ID = 43;
    /** A sealed 32-byte public key: nonce, key and tag (12 + 32 + 16 bytes) in base64url. */
    private static final int SEALED_KEY = 80;
    private static final String NO_PUBLIC_KEY = "*".repeat(SEALED_KEY);

    /**
     * KEYS: the user's key, the unit's count, the other live unit's count. ARGV: value, expiry (ms), max
     * registrations, max holders, holders' key prefix, public key (or the no-key mark), user, contact keys.
     * Returns 0 registered, 1 conflict, 2 full.
     */
    private static final Script REGISTER = new Script("""
            local prev = redis.call('GET', KEYS[1])
            local value, expireAt, maxHolders, hp = ARGV[1], ARGV[2], tonumber(ARGV[4]), ARGV[5]
            local pk, user = ARGV[6], ARGV[7]
            if prev then
              local prevPk = string.sub(prev, 1, 80)
              if prevPk ~= string.rep('*', 80) and prevPk ~= pk then return 1 end
            else
              local live = tonumber(redis.call('GET', KEYS[2]) or '0') + tonumber(redis.call('GET', KEYS[3]) or '0')
              if live >= tonumber(ARGV[3]) then return 2 end
              redis.call('INCR', KEYS[2])
              redis.call('PEXPIREAT', KEYS[2], expireAt)
            end
            local kept = {}
            for i = 8, #ARGV do kept[ARGV[i]] = true end
            if prev then
              for i = 81, #prev, 43 do
                local key = string.sub(prev, i, i + 42)
                if not kept[key] then redis.call('LREM', hp .. key, 0, user) end
              end
            end
            for i = 8, #ARGV do
              local list = hp .. ARGV[i]
              redis.call('LREM', list, 0, user)
              redis.call('RPUSH', list, user)
              redis.call('LTRIM', list, -maxHolders, -1)
              redis.call('PEXPIREAT', list, expireAt)
            end
            redis.call('SET', KEYS[1], value, 'PXAT', expireAt)
            return 0
            """);

    private final Redis redis;
    private final RedisEngine engine;
    private final RedisKeys keys;
    private final TimeUnits units;
    private final Sealer sealer;
    private final int maxRegistrations;
    private final int maxHolders;

    public RedisRegistrationStore(Redis redis, RedisEngine engine, TimeUnits units, Sealer sealer, RegistrationConfig config,
            ClusterConfig cluster) {
        this.redis = redis;
        this.sealer = sealer;
        this.engine = engine;
        this.keys = new RedisKeys(cluster.keyPrefix());
        this.units = units;
        this.maxRegistrations = config.maxRegistrations();
        this.maxHolders = config.maxHoldersPerKey();
    }

    @Override
    public Future<Outcome> register(Registration registration) {
        if (!engine.available()) {
            return Future.succeededFuture(new Unavailable());
        }
        long unit = registration.unit();
        long other = unit == units.current() ? unit - 1 : unit + 1;
        String user = registration.user().encoded();
        String publicKey = registration.hasPublicKey() ? sealer.seal(registration.publicKey()) : NO_PUBLIC_KEY;
        StringBuilder value = new StringBuilder(SEALED_KEY + ID * registration.contactKeys().size()).append(publicKey);
        List<Object> args = new ArrayList<>(7 + registration.contactKeys().size());
        List<String> contactKeys = new ArrayList<>(registration.contactKeys().size());
        for (BlindedId key : registration.contactKeys()) {
            String encoded = key.encoded();
            value.append(encoded);
            contactKeys.add(encoded);
        }
        args.add(value.toString());
        args.add(registration.expiresAt().toEpochMilli());
        args.add(maxRegistrations);
        args.add(maxHolders);
        args.add(keys.holders(unit, ""));
        args.add(publicKey);
        args.add(user);
        args.addAll(contactKeys);
        return REGISTER.run(redis::send, List.of(keys.registration(unit, user), keys.count(unit), keys.count(other)), args)
                .map(reply -> switch (reply.toInteger()) {
                    case 0 -> new Registered(registration);
                    case 1 -> new Conflict();
                    default -> new Full();
                });
    }

    @Override
    public Future<Optional<Registration>> find(long unit, BlindedId user) {
        if (!live(unit)) {
            return Future.succeededFuture(Optional.empty());
        }
        return redis.send(Request.cmd(Command.GET).arg(keys.registration(unit, user.encoded())))
                .map(reply -> reply == null ? Optional.<Registration>empty() : Optional.of(decode(user, unit, reply.toString())));
    }

    private Registration decode(BlindedId user, long unit, String value) {
        String publicKey = value.substring(0, SEALED_KEY);
        Set<BlindedId> contactKeys = new HashSet<>();
        for (int at = SEALED_KEY; at + ID <= value.length(); at += ID) {
            contactKeys.add(BlindedId.decode(value.substring(at, at + ID)));
        }
        return new Registration(user, unit, contactKeys, publicKey.equals(NO_PUBLIC_KEY) ? null : sealer.open(publicKey),
                units.expiryOf(unit));
    }

    @Override
    public Future<List<BlindedId>> holders(long unit, BlindedId contactKey) {
        if (!live(unit)) {
            return Future.succeededFuture(List.of());
        }
        return redis.send(Request.cmd(Command.LRANGE).arg(keys.holders(unit, contactKey.encoded())).arg(0).arg(-1))
                .map(reply -> {
                    List<BlindedId> holders = new ArrayList<>(reply.size());
                    for (Response holder : reply) {
                        holders.add(BlindedId.decode(holder.toString()));
                    }
                    return holders;
                });
    }

    /** Registrations of the units still live (the previous and the current one). */
    @Override
    public Future<Long> size() {
        long current = units.current();
        return redis.send(Request.cmd(Command.MGET).arg(keys.count(current - 1)).arg(keys.count(current))).map(reply -> {
            long total = 0;
            for (Response count : reply) {
                total += count == null ? 0 : count.toLong();
            }
            return total;
        });
    }

    /** By the server's clock, as in the memory store: Redis drops the keys on its own clock, a little later or sooner. */
    private boolean live(long unit) {
        return units.nanosUntil(units.expiryOf(unit)) > 0;
    }
}
