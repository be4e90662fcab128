package dev.vigil.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Go's regexp semantics where Java's engine differs (the promtool cases check the same against promtool itself). */
class GoRegexTest {

    @Test
    void syntaxIsGosNotJavas() {
        assertThat(GoRegex.anchored("a{,3}").matchesWhole("a{,3}")).as("a brace Go cannot read is literal").isTrue();
        assertThat(GoRegex.anchored("db\\z").matchesWhole("db")).isTrue();
        assertThat(GoRegex.anchored("[[:alpha:]]+").matchesWhole("abc")).isTrue();
        assertThat(GoRegex.anchored("[[:alpha:]]+").matchesWhole("a:b")).as("a POSIX class, not a set of characters")
                .isFalse();
        assertThat(GoRegex.anchored("\\p{Greek}+").matchesWhole("ελλάδα")).isTrue();
        assertThatThrownBy(() -> GoRegex.anchored("a++")).isInstanceOf(GoRegex.Invalid.class)
                .hasMessage("error parsing regexp: invalid nested repetition operator: `++`");
        assertThatThrownBy(() -> GoRegex.anchored("(?<=a)b")).as("no lookbehind in RE2")
                .isInstanceOf(GoRegex.Invalid.class);
    }

    @Test
    void aDotDoesNotMatchANewlineAsInPrometheus242() {
        assertThat(GoRegex.anchored(".*").matchesWhole("two\nlines")).isFalse();
        assertThat(GoRegex.anchored("(?s).*").matchesWhole("two\nlines")).isTrue();
    }

    @Test
    void expansionIsGos() {
        GoRegex r = GoRegex.anchored("(?P<host>[a-z]+)-(\\d+)");
        assertThat(r.expandWhole("web-1", "$host/$2/${1}x/$1x/$$/$")).contains("web/1/webx//$/$");
        assertThat(r.expandWhole("nope", "$1")).isEmpty();
        assertThat(GoRegex.compile("x*").replaceAll("abc", "-")).isEqualTo("-a-b-c-");
        assertThat(GoRegex.compile("a|").replaceAll("baaac", "<$0>")).as("an empty match just after a match is not replaced, as in Go").isEqualTo("<>b<a><a><a>c<>");
        assertThat(GoRegex.compile("\\.").replaceAll("a.b.c", "$$")).isEqualTo("a$b$c");
    }
}
