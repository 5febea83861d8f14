package dev.hourglass.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a node knows of a channel's members on the other nodes, kept from the channel's events. A member is added by
 * any event that lists it, and removed only on evidence that it is gone: its leave, its own node's sync without it,
 * or a snapshot without it. A snapshot that merely lacks it proves nothing (right after Redis came back, nodes
 * restore their members one after the other).
 * <p>
 * Changes are made under the owner's monitor and each returns what changed, for the owner to tell its connections;
 * the array is replaced, never mutated, so that reads take no lock.
 */
public final class RemoteView {

    /** What an event changed: members now known, members now gone. */
    public record Changes(List<Member> joined, List<Member> left) {
    }

    private static final Member[] NONE = new Member[0];

    private volatile Member[] members = NONE;

    public boolean isEmpty() {
        return members.length == 0;
    }

    public int size() {
        return members.length;
    }

    public boolean contains(String id) {
        for (Member member : members) {
            if (member.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the listed members of nodes other than {@code self} that the view lacks; returns them. */
    public List<Member> add(List<Member> listed, String self) {
        List<Member> added = new ArrayList<>();
        for (Member member : listed) {
            if (!member.node().equals(self) && !contains(member.id()) && !added.contains(member)) {
                added.add(member);
            }
        }
        if (!added.isEmpty()) {
            Member[] next = Arrays.copyOf(members, members.length + added.size());
            for (int i = 0; i < added.size(); i++) {
                next[members.length + i] = added.get(i);
            }
            members = next;
        }
        return added;
    }

    /** Removes the member; it, or null when the view did not have it. */
    public Member remove(String id) {
        for (Member member : members) {
            if (member.id().equals(id)) {
                members = Arrays.stream(members).filter(m -> m != member).toArray(Member[]::new);
                return member;
            }
        }
        return null;
    }

    /**
     * After {@code node}'s restore: its members become exactly those listed, and the others listed are added. With
     * {@code node} null (a snapshot): the view becomes exactly the listed members of other nodes.
     */
    public Changes sync(String node, List<Member> listed, String self) {
        List<Member> left = new ArrayList<>();
        for (Member member : members) {
            if ((node == null || member.node().equals(node)) && !listed.contains(member)) {
                left.add(member);
            }
        }
        if (!left.isEmpty()) {
            members = Arrays.stream(members).filter(m -> !left.contains(m)).toArray(Member[]::new);
        }
        return new Changes(add(listed, self), left);
    }
}
