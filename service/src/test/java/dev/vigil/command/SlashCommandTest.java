package dev.vigil.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.release.StepStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlashCommandTest {
    private static SlashCommand parse(String text) {
        return SlashCommand.parse(text, slackId -> slackId.equals("U01BOB") ? Optional.of("bob") : Optional.empty());
    }

    private static Command change(String text) {
        SlashCommand c = parse(text);
        assertThat(c).as(text).isInstanceOf(SlashCommand.Change.class);
        return ((SlashCommand.Change) c).command();
    }

    @Test
    void everyChangingCommandOfSpecSection5() {
        assertThat(change("ack 12")).isEqualTo(new Command.Acknowledge(12));
        assertThat(change("ACK #12")).isEqualTo(new Command.Acknowledge(12));
        assertThat(change("resolve 3")).isEqualTo(new Command.Resolve(3));
        assertThat(change("escalate 4")).isEqualTo(new Command.Escalate(4));
        assertThat(change("note 5  disk is  full ")).isEqualTo(new Command.AddNote(5, "disk is  full"));
        assertThat(change("page platform database is on fire"))
                .isEqualTo(new Command.PageTeam("platform", "database is on fire"));
        assertThat(change("override <@U01BOB|bob> 2h")).isEqualTo(
                new Command.Override("bob", Optional.empty(), Optional.empty(), Duration.ofHours(2)));
        assertThat(change("override @dave 1d ingestion-primary")).isEqualTo(
                new Command.Override("dave", Optional.of("ingestion-primary"), Optional.empty(), Duration.ofDays(1)));
        assertThat(change("release start data-release 2026.12.01"))
                .isEqualTo(new Command.StartRelease("data-release", "2026.12.01"));
        assertThat(change("release done 7 ingest"))
                .isEqualTo(new Command.ReportStep(7, "ingest", StepStatus.SUCCEEDED, "", ""));
        assertThat(change("release fail 7 ingest partner file missing"))
                .isEqualTo(new Command.ReportStep(7, "ingest", StepStatus.FAILED, "partner file missing", ""));
    }

    @Test
    void questionsOnlyRead() {
        assertThat(parse("")).isEqualTo(new SlashCommand.Query("help", List.of()));
        assertThat(parse("help")).isEqualTo(new SlashCommand.Query("help", List.of()));
        assertThat(parse("oncall")).isEqualTo(new SlashCommand.Query("oncall", List.of()));
        assertThat(parse("oncall ingestion")).isEqualTo(new SlashCommand.Query("oncall", List.of("ingestion")));
        assertThat(parse("incidents")).isEqualTo(new SlashCommand.Query("incidents", List.of()));
        assertThat(parse("release status 9")).isEqualTo(new SlashCommand.Query("release status", List.of("9")));
        assertThat(parse("silence service=billing severity=~\"warning|info\" 2h DB migration, CHG-1234"))
                .isInstanceOfSatisfying(SlashCommand.Silence.class, s -> {
                    assertThat(s.matchers()).extracting(Object::toString)
                            .containsExactly("service=\"billing\"", "severity=~\"warning|info\"");
                    assertThat(s.duration()).isEqualTo(java.time.Duration.ofHours(2));
                    assertThat(s.comment()).isEqualTo("DB migration, CHG-1234");
                });
        assertThat(parse("silence 2h")).isInstanceOf(SlashCommand.Usage.class);
        assertThat(parse("silence service=billing")).isInstanceOf(SlashCommand.Usage.class);
        assertThat(parse("silence service billing 1h")).isInstanceOf(SlashCommand.Usage.class);
        assertThat(SlashCommand.help()).contains("/vigil oncall", "/vigil page TEAM TEXT", "/vigil release");
    }

    @Test
    void malformedCommandsAnswerTheirUsage() {
        for (String text : List.of("ack", "ack twelve", "ack 1 2", "note 5", "note x hello", "page platform",
                "override bob", "override bob soon", "override <@U0STRANGER> 1h", "override bob 0s",
                "release", "release start data-release", "release done x ingest", "release done 1 ingest extra",
                "release status", "release frob 1", "oncall a b", "incidents mine")) {
            SlashCommand c = parse(text);
            assertThat(c).as(text).isInstanceOf(SlashCommand.Usage.class);
            assertThat(((SlashCommand.Usage) c).usage()).as(text).startsWith("/vigil ");
        }
        assertThat(((SlashCommand.Usage) parse("frobnicate")).problem()).contains("unknown command \"frobnicate\"");
    }
}
