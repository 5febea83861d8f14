package dev.hourglass.cluster.redis;

import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Blinder;
import dev.hourglass.crypto.Sealer;
import dev.hourglass.realms.Admission;
import dev.hourglass.realms.Identity;
import dev.hourglass.realms.Invitation;
import dev.hourglass.realms.RealmStore;
import dev.hourglass.realms.RealmsConfig;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Realms' records in Redis, shared by a cluster's instances, with the memory store's rules; one script per change, so
 * that an invitation is redeemed once however many instances try. Both hashes of a realm expire after its idle time,
 * restarted by every authentication and invitation.
 * <p>
 * Keys: {@code m:<realm>:i} → blinded identity id (per realm, so that a dump cannot link an identity's realms) → the
 * public key sealed ({@link Sealer}); {@code m:<realm>:v} → blinded invitation → {@code expiry|inviter|invitee|sealed}
 * with the inviter and invitee blinded as identities ({@code -}: not bound), and sealed, what the instance that redeems
 * it needs: the inviter's id, the bound identity and the chain.
 */
public final class RedisRealmStore implements RealmStore {

    /** KEYS: identities, invitations. ARGV: field, value, max, idle (ms). Returns {full, sealed keys}. */
    private static final Script REMEMBER = new Script("""
            local full = 0
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
              if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then full = 1
              else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            return {full, redis.call('HVALS', KEYS[1])}
            """);

    /** KEYS: invitations, identities. ARGV: field, value, now (ms), max, inviter, idle (ms). Returns 1 stored, 0 too many. */
    private static final Script INVITE = new Script("""
            local all = redis.call('HGETALL', KEYS[1])
            local now, mine = tonumber(ARGV[3]), 0
            for i = 1, #all, 2 do
              local expiry, inviter = string.match(all[i + 1], '^(%d+)|([^|]+)|')
              if tonumber(expiry) <= now then redis.call('HDEL', KEYS[1], all[i])
              elseif inviter == ARGV[5] then mine = mine + 1 end
            end
            if mine >= tonumber(ARGV[4]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return 1
            """);

    /** KEYS: invitations. ARGV: field, now (ms), redeemer. Returns the value taken out, or nil. */
    private static final Script REDEEM = new Script("""
            local value = redis.call('HGET', KEYS[1], ARGV[1])
            if not value then return false end
            local expiry, bound = string.match(value, '^(%d+)|[^|]+|([^|]+)|')
            if tonumber(expiry) <= tonumber(ARGV[2]) then
              redis.call('HDEL', KEYS[1], ARGV[1])
              return false
            end
            if bound ~= '-' and bound ~= ARGV[3] then return false end
            redis.call('HDEL', KEYS[1], ARGV[1])
            return value
            """);

    private final Redis redis;
    private final RedisEngine engine;
    private final RedisKeys keys;
    private final Blinder blinder;
    private final Sealer sealer;
    private final Clock clock;
    private final int maxIdentities;
    private final int maxInvitations;
    private final long idleMillis;

    public RedisRealmStore(Redis redis, RedisEngine engine, String keyPrefix, Blinder blinder, Sealer sealer, RealmsConfig config,
            Clock clock) {
        this.redis = redis;
        this.engine = engine;
        this.keys = new RedisKeys(keyPrefix);
        this.blinder = blinder;
        this.sealer = sealer;
        this.clock = clock;
        this.maxIdentities = config.maxIdentitiesPerRealm();
        this.maxInvitations = config.maxInvitationsPerMember();
        this.idleMillis = config.idleExpiry().toMillis();
    }

    @Override
    public Future<Known> remember(BlindedId realm, Identity identity) {
        if (!engine.available()) {
            return Future.failedFuture("redis unavailable");
        }
        String id = realm.encoded();
        String field = identityField(realm, identity.id());
        String value = sealer.seal(java.util.Base64.getUrlDecoder().decode(identity.key()));
        return REMEMBER.run(redis::send, List.of(keys.realmIdentities(id), keys.realmInvitations(id)),
                List.of(field, value, maxIdentities, idleMillis)).map(reply -> {
            List<Identity> known = new ArrayList<>(reply.get(1).size());
            for (Response sealed : reply.get(1)) {
                known.add(Identity.of(sealer.open(sealed.toString())));
            }
            return new Known(known, reply.get(0).toInteger() == 1);
        });
    }

    @Override
    public Future<Boolean> invite(BlindedId realm, BlindedId invitation, Invitation record) {
        if (!engine.available()) {
            return Future.failedFuture("redis unavailable");
        }
        String id = realm.encoded();
        String inviter = identityField(realm, record.inviter());
        String bound = record.boundTo() == null ? "-" : identityField(realm, record.boundTo());
        String value = record.expiresAtMillis() + "|" + inviter + "|" + bound + "|" + sealer.seal(encode(record));
        return INVITE.run(redis::send, List.of(keys.realmInvitations(id), keys.realmIdentities(id)),
                List.of(invitation.encoded(), value, clock.millis(), maxInvitations, inviter, idleMillis))
                .map(reply -> reply.toInteger() == 1);
    }

    @Override
    public Future<Optional<Invitation>> redeem(BlindedId realm, BlindedId invitation, String identity) {
        if (!engine.available()) {
            return Future.failedFuture("redis unavailable");
        }
        return REDEEM.run(redis::send, List.of(keys.realmInvitations(realm.encoded())),
                List.of(invitation.encoded(), clock.millis(), identityField(realm, identity))).map(reply -> {
            if (reply == null) {
                return Optional.<Invitation>empty();
            }
            String value = reply.toString();
            long expiresAt = Long.parseLong(value.substring(0, value.indexOf('|')));
            return Optional.of(decode(expiresAt, sealer.open(value.substring(value.lastIndexOf('|') + 1))));
        });
    }

    private String identityField(BlindedId realm, String identity) {
        return blinder.blind(Blinder.Kind.IDENTITY, 0, (realm.encoded() + identity).getBytes(StandardCharsets.US_ASCII)).encoded();
    }

    /** inviter;bound-or-minus;key:signature,key:signature… (base64url has none of ; : ,). */
    private static byte[] encode(Invitation record) {
        StringBuilder text = new StringBuilder(record.inviter()).append(';').append(record.boundTo() == null ? "-" : record.boundTo()).append(';');
        if (record.chain() != null) {
            for (int i = 0; i < record.chain().size(); i++) {
                Admission link = record.chain().get(i);
                text.append(i == 0 ? "" : ",").append(link.key()).append(':').append(link.signature());
            }
        } else {
            text.append('-');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Invitation decode(long expiresAt, byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.US_ASCII).split(";", -1);
        List<Admission> chain = null;
        if (!parts[2].equals("-")) {
            chain = new ArrayList<>();
            if (!parts[2].isEmpty()) {
                for (String link : parts[2].split(",")) {
                    int colon = link.indexOf(':');
                    chain.add(new Admission(link.substring(0, colon), link.substring(colon + 1)));
                }
            }
        }
        return new Invitation(parts[0], expiresAt, parts[1].equals("-") ? null : parts[1], chain);
    }
}
