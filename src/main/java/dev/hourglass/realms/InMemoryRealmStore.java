package dev.hourglass.realms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hourglass.crypto.BlindedId;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Realms' records in this process, in a Caffeine cache that drops a realm after its idle expiry and keeps at most
 * {@code max-realms} of them. Each record is changed under its own monitor; nothing here blocks for long.
 */
public final class InMemoryRealmStore implements RealmStore {

    private static final class Record {
        final Map<String, Identity> identities = new LinkedHashMap<>();
        final Map<BlindedId, Invitation> invitations = new HashMap<>();
    }

    private final Cache<BlindedId, Record> realms;
    private final Clock clock;
    private final int maxIdentities;
    private final int maxInvitations;

    public InMemoryRealmStore(RealmsConfig config, Clock clock) {
        this.clock = clock;
        this.maxIdentities = config.maxIdentitiesPerRealm();
        this.maxInvitations = config.maxInvitationsPerMember();
        this.realms = Caffeine.newBuilder()
                .expireAfterAccess(config.idleExpiry())
                .maximumSize(config.maxRealms())
                .ticker(Ticker.systemTicker())
                .build();
    }

    @Override
    public Future<Known> remember(BlindedId realm, Identity identity) {
        Record record = realms.get(realm, key -> new Record());
        synchronized (record) {
            boolean known = record.identities.containsKey(identity.id());
            boolean full = !known && record.identities.size() >= maxIdentities;
            if (!known && !full) {
                record.identities.put(identity.id(), identity);
            }
            return Future.succeededFuture(new Known(List.copyOf(record.identities.values()), full));
        }
    }

    @Override
    public Future<Boolean> invite(BlindedId realm, BlindedId invitation, Invitation invited) {
        Record record = realms.get(realm, key -> new Record());
        long now = clock.millis();
        synchronized (record) {
            int outstanding = 0;
            for (Iterator<Invitation> it = record.invitations.values().iterator(); it.hasNext(); ) {
                Invitation other = it.next();
                if (other.expiresAtMillis() <= now) {
                    it.remove();
                } else if (other.inviter().equals(invited.inviter())) {
                    outstanding++;
                }
            }
            if (outstanding >= maxInvitations) {
                return Future.succeededFuture(false);
            }
            record.invitations.put(invitation, invited);
            return Future.succeededFuture(true);
        }
    }

    @Override
    public Future<Optional<Invitation>> redeem(BlindedId realm, BlindedId invitation, String identity) {
        Record record = realms.getIfPresent(realm);
        if (record == null) {
            return Future.succeededFuture(Optional.empty());
        }
        synchronized (record) {
            Invitation found = record.invitations.get(invitation);
            if (found == null || !found.redeemableBy(identity, clock.millis())) {
                return Future.succeededFuture(Optional.empty());
            }
            record.invitations.remove(invitation);
            return Future.succeededFuture(Optional.of(found));
        }
    }
}
