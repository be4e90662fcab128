package dev.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each probe on one live node of a cluster: the nodes' shares cover every probe once, and move when one stops. */
class ClusterMembersTest {
    private static ClusterMembers node(String self, List<String> live) {
        return new ClusterMembers(self, (now, silence) -> live, Duration.ofSeconds(5), InstantSource.system());
    }

    @Test
    void everyProbeIsOneNodesAndTheSharesAreEven() {
        List<String> live = List.of("node-a", "node-b", "node-c");
        List<ClusterMembers> nodes = live.stream().map(n -> node(n, live)).toList();
        int[] share = new int[3];
        IntStream.range(0, 3000).mapToObj(i -> "probe-" + i).forEach(p -> {
            List<Integer> owners = IntStream.range(0, 3).filter(i -> nodes.get(i).test(p)).boxed().toList();
            assertThat(owners).as(p).hasSize(1);
            share[owners.get(0)]++;
        });
        assertThat(java.util.Arrays.stream(share).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void aloneOrNotYetSeenItDoesEverything() {
        assertThat(node("node-a", List.of("node-a")).test("x")).isTrue();
        assertThat(node("node-a", List.of()).test("x")).isTrue();
        assertThat(node("node-new", List.of("node-a", "node-b")).test("x")).as("its first beat not yet stored").isTrue();
        assertThat(ClusterMembers.alone().test("anything")).isTrue();
    }
}
