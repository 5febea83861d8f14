package dev.hourglass.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A member leaves the view only on evidence that it is gone; a snapshot that lacks it is not such evidence. */
class RemoteViewTest {

    private static final String SELF = "self";
    private final Member mine = new Member("mine", SELF);
    private final Member x1 = new Member("x1", "node-x");
    private final Member x2 = new Member("x2", "node-x");
    private final Member y1 = new Member("y1", "node-y");

    @Test
    void aJoinSnapshotAddsWhatIsNewAndNeverRemoves() {
        RemoteView view = new RemoteView();
        assertThat(view.add(List.of(mine, x1, y1), SELF)).containsExactly(x1, y1);
        assertThat(view.add(List.of(mine, x1), SELF)).as("y1 is missing from the snapshot, not gone").isEmpty();
        assertThat(view.contains("y1")).isTrue();
        assertThat(view.contains("mine")).as("this node's own members are not in the view").isFalse();
    }

    @Test
    void aSyncSpeaksForItsOwnNodeOnly() {
        RemoteView view = new RemoteView();
        view.add(List.of(x1, x2, y1), SELF);
        RemoteView.Changes changes = view.sync("node-x", List.of(x2), SELF);
        assertThat(changes.left()).containsExactly(x1);
        assertThat(changes.joined()).isEmpty();
        assertThat(view.contains("y1")).as("node-y has not restored yet").isTrue();
        assertThat(view.sync("node-y", List.of(x2, y1, new Member("y2", "node-y")), SELF).joined()).extracting(Member::id).containsExactly("y2");
    }

    @Test
    void aSnapshotSpeaksForEveryNode() {
        RemoteView view = new RemoteView();
        view.add(List.of(x1, x2, y1), SELF);
        RemoteView.Changes changes = view.sync(null, List.of(mine, y1, new Member("z1", "node-z")), SELF);
        assertThat(changes.left()).containsExactly(x1, x2);
        assertThat(changes.joined()).extracting(Member::id).containsExactly("z1");
        assertThat(view.remove("z1")).isNotNull();
        assertThat(view.remove("y1")).isEqualTo(y1);
        assertThat(view.remove("y1")).isNull();
        assertThat(view.isEmpty()).isTrue();
    }
}
