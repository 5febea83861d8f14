package dev.hourglass.contacts;

import dev.hourglass.registration.Registration;
import dev.hourglass.signaling.Peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A binding whose keys are admitted or asked for, until the join event of each has come (then it completes) or the
 * connection goes first (then it is cancelled). The two can race, on the engine's thread and the connection's loop:
 * its state changes under its own monitor.
 */
public final class PendingBinding {

    enum State { PENDING, DONE, CANCELLED }

    final Peer peer;
    final Registration registration;
    /** Clear key → listeners, in the order of the hello. */
    final Map<String, Listeners> keys;
    final List<Map<String, String>> online = new ArrayList<>();
    int remaining;
    State state = State.PENDING;

    PendingBinding(Peer peer, Registration registration, Map<String, Listeners> keys) {
        this.peer = peer;
        this.registration = registration;
        this.keys = keys;
        this.remaining = keys.size();
    }

    /** True once, for whichever of completion and cancellation comes first. */
    synchronized boolean end(State to) {
        if (state != State.PENDING) {
            return false;
        }
        state = to;
        return true;
    }
}
