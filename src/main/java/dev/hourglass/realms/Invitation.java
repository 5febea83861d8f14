package dev.hourglass.realms;

import java.util.List;

/**
 * An outstanding invitation: redeemable once, until it expires, by any key or only by the one it is bound to.
 *
 * @param inviter        the identity id of the member who issued it (its outstanding invitations are counted)
 * @param expiresAtMillis when it stops being redeemable
 * @param boundTo        the identity id of the only key that may redeem it, or null
 * @param chain          for a bound invitation the inviter signed, the invitee's whole chain; otherwise null
 */
public record Invitation(String inviter, long expiresAtMillis, String boundTo, List<Admission> chain) {

    boolean redeemableBy(String identity, long nowMillis) {
        return nowMillis < expiresAtMillis && (boundTo == null || boundTo.equals(identity));
    }
}
