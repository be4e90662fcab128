package dev.vigil.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.label.Labels;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each relabel action on a label set, and what Prometheus 2.42 refuses, with its words. */
class RelabelTest {
    private static final Labels IN = Labels.of("a", "foo", "b", "bar", "c", "baz");

    /** A step with Prometheus's defaults except what is given. */
    private static Relabel step(String action, List<String> sources, String regex, String target, String replacement) {
        return Relabel.of(sources, Relabel.DEFAULT_SEPARATOR, regex != null, regex == null ? Relabel.DEFAULT_REGEX : regex, 0,
                target == null ? "" : target,
                replacement == null ? Relabel.DEFAULT_REPLACEMENT : replacement, action);
    }

    private static Optional<Labels> run(Labels in, Relabel... steps) {
        return Relabel.process(in, List.of(steps));
    }

    @Test
    void replaceWritesTheExpandedReplacementAndDeletesOnEmpty() {
        assertThat(run(IN, step("replace", List.of("a"), "f(.*)", "d", "ch${1}-ch${1}")))
                .contains(IN.with("d", "choo-choo"));
        // Joined by the separator; the regex is anchored, so a partial match is no match.
        assertThat(run(IN, step("replace", List.of("a", "b"), "(f.*);(.*)r", "a", "b${1}$2"))).contains(
                IN.with("a", "bfooba"));
        assertThat(run(IN, step("replace", List.of("a"), "oo", "d", "x"))).contains(IN);
        // The target itself may be expanded; an invalid name after expansion leaves the labels as they were.
        assertThat(run(IN, step("replace", List.of("a"), "(.*)", "${1}_name", "v"))).contains(IN.with("foo_name", "v"));
        Labels digit = IN.with("n", "9lives");
        assertThat(run(digit, step("replace", List.of("n"), "(.*)", "${1}", "v"))).contains(digit);
        assertThatThrownBy(() -> step("replace", List.of("c"), null, "${1}-x", null))
                .hasMessage("\"${1}-x\" is invalid 'target_label' for replace action");
        // An empty replacement removes the label; a missing source label is the empty string.
        assertThat(run(IN, step("replace", List.of("nothere"), null, "a", null))).contains(IN.with("a", ""));
        assertThat(run(IN, step("replace", List.of(), null, "d", "static"))).contains(IN.with("d", "static"));
    }

    @Test
    void keepDropAndTheirEqualForms() {
        assertThat(run(IN, step("keep", List.of("a"), "f.*", null, null))).contains(IN);
        assertThat(run(IN, step("keep", List.of("a"), "f", null, null))).isEmpty();
        assertThat(run(IN, step("drop", List.of("a"), "f.*", null, null))).isEmpty();
        assertThat(run(IN, step("DROP", List.of("a"), "x", null, null))).contains(IN);
        Labels same = IN.with("d", "foo");
        assertThat(run(same, step("keepequal", List.of("a"), null, "d", null))).contains(same);
        assertThat(run(IN, step("keepequal", List.of("a"), null, "d", null))).isEmpty();
        assertThat(run(same, step("dropequal", List.of("a"), null, "d", null))).isEmpty();
    }

    @Test
    void hashmodIsTheLastEightBytesOfTheMd5() {
        // Prometheus's own relabel_test: "baz" modulo 1000 is 976.
        Relabel hash = Relabel.of(List.of("c"), ";", false, Relabel.DEFAULT_REGEX, 1000, "d", "$1", "hashmod");
        assertThat(run(IN, hash)).contains(IN.with("d", "976"));
    }

    @Test
    void labelmapLabeldropLabelkeepLowercaseUppercase() {
        Labels meta = Labels.of("__meta_team", "db", "__meta_zone", "eu", "job", "x");
        assertThat(run(meta, step("labelmap", null, "__meta_(.+)", null, "${1}"))).contains(
                Labels.of("__meta_team", "db", "__meta_zone", "eu", "job", "x", "team", "db", "zone", "eu"));
        assertThat(run(meta, step("labeldrop", null, "__meta_.*", null, null))).contains(Labels.of("job", "x"));
        assertThat(run(meta, step("labelkeep", null, "__meta_t.*|job", null, null)))
                .contains(Labels.of("__meta_team", "db", "job", "x"));
        assertThat(run(IN, step("uppercase", List.of("a", "b"), null, "u", null))).contains(IN.with("u", "FOO;BAR"));
        assertThat(run(IN.with("m", "MiX"), step("lowercase", List.of("m"), null, "m", null)))
                .contains(IN.with("m", "mix"));
        // Nothing left is dropped.
        assertThat(run(IN, step("labeldrop", null, ".*", null, null))).isEmpty();
    }

    @Test
    void whatPrometheusRefusesIsRefusedInItsWords() {
        assertThatThrownBy(() -> step("shuffle", null, null, null, null))
                .hasMessage("unknown relabel action \"shuffle\"");
        assertThatThrownBy(() -> step("replace", List.of("a"), null, null, null))
                .hasMessage("relabel configuration for replace action requires 'target_label' value");
        assertThatThrownBy(() -> step("replace", List.of("a"), null, "1bad", null))
                .hasMessage("\"1bad\" is invalid 'target_label' for replace action");
        assertThatThrownBy(() -> step("hashmod", List.of("a"), null, "d", null))
                .hasMessage("relabel configuration for hashmod requires non-zero modulus");
        assertThatThrownBy(() -> step("labeldrop", List.of("a"), "x", null, null))
                .hasMessage("labeldrop action requires only 'regex', and no other fields");
        assertThatThrownBy(() -> step("keepequal", List.of("a"), "x", "d", null))
                .hasMessage("keepequal action requires only 'source_labels' and `target_label`, and no other fields");
        assertThatThrownBy(() -> step("lowercase", List.of("a"), null, "d", "x"))
                .hasMessage("'replacement' can not be set for lowercase action");
        assertThatThrownBy(() -> step("labelmap", null, null, null, "-"))
                .hasMessage("\"-\" is invalid 'replacement' for labelmap action");
        assertThatThrownBy(() -> step("keep", List.of("a-b"), null, null, null))
                .hasMessage("\"a-b\" is not a valid label name");
        assertThatThrownBy(() -> step("keep", List.of("a"), "(", null, null))
                .hasMessageStartingWith("error parsing regexp: missing closing ): `^(?:()$`");
    }
}
