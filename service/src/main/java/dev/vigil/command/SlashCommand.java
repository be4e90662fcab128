package dev.vigil.command;

import dev.vigil.release.StepStatus;
import dev.vigil.time.PromDuration;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text after {@code /vigil} (SPEC §5), read into what to do: a {@link Command} that changes something, a
 * question that only reads, or the usage of a command typed wrong. Reading never changes anything.
 */
public sealed interface SlashCommand {
    /** Runs a command through the executor. */
    record Change(Command command) implements SlashCommand {
    }

    /** Only reads: help, oncall, incidents, release status. */
    record Query(String name, List<String> args) implements SlashCommand {
    }

    /** Typed wrong: what was wrong, and the command's usage. */
    record Usage(String problem, String usage) implements SlashCommand {
    }


    Map<String, String> USAGE = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>() {
        {
            put("oncall", "/vigil oncall [team] — who is on call now, and until when");
            put("incidents", "/vigil incidents — the open incidents of your teams");
            put("ack", "/vigil ack ID — acknowledge incident ID");
            put("resolve", "/vigil resolve ID — resolve incident ID");
            put("escalate", "/vigil escalate ID — page the next escalation step now");
            put("note", "/vigil note ID TEXT — add a note to incident ID");
            put("page", "/vigil page TEAM TEXT — open an incident for TEAM by hand");
            put("override", "/vigil override @user DURATION [schedule] — the user takes the schedule from now for "
                    + "DURATION (e.g. 2h, 1d)");
            put("release", "/vigil release start PIPELINE VERSION | done RUN STEP | fail RUN STEP [TEXT] | status RUN");
            put("silence", "/vigil silence MATCHERS DURATION [comment] — page nobody for alerts matching every matcher "
                    + "(e.g. service=billing severity=~\"warning|info\") for DURATION (e.g. 2h)");
            put("help", "/vigil help — this list");
        }
    });

    /** {@code /vigil help}'s answer. */
    static String help() {
        return "Vigil commands:\n" + String.join("\n", USAGE.values());
    }

    /**
     * Reads {@code text}; {@code userBySlackId} turns a Slack mention ({@code <@U123|bob>}) into a Vigil user id
     * (a plain {@code @bob} or {@code bob} is taken as the Vigil id itself).
     */
    static SlashCommand parse(String text, Function<String, Optional<String>> userBySlackId) {
        List<String> words = Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return new Query("help", List.of());
        }
        String verb = words.get(0).toLowerCase(java.util.Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        return switch (verb) {
            case "help" -> new Query("help", List.of());
            case "oncall" -> args.size() <= 1 ? new Query("oncall", args) : usage(verb, "too many words");
            case "incidents" -> args.isEmpty() ? new Query("incidents", args) : usage(verb, "takes no arguments");
            case "ack", "acknowledge" -> id(verb.equals("acknowledge") ? "ack" : verb, args, Command.Acknowledge::new);
            case "resolve" -> id(verb, args, Command.Resolve::new);
            case "escalate" -> id(verb, args, Command.Escalate::new);
            case "note" -> note(args, rest(text, 2));
            case "page" -> args.size() < 2 ? usage(verb, "name a team and say what is wrong")
                    : new Change(new Command.PageTeam(args.get(0), rest(text, 2)));
            case "override" -> override(args, userBySlackId);
            case "release" -> release(args, text);
            case "silence" -> silence(args, text);
            default -> new Usage("unknown command \"" + verb + "\"", help());
        };
    }

    private static SlashCommand id(String verb, List<String> args, java.util.function.LongFunction<Command> make) {
        if (args.size() != 1) {
            return usage(verb, args.isEmpty() ? "name an incident" : "one incident id only");
        }
        Optional<Long> id = number(args.get(0));
        return id.<SlashCommand>map(n -> new Change(make.apply(n)))
                .orElseGet(() -> usage(verb, "\"" + args.get(0) + "\" is not an incident id"));
    }

    private static SlashCommand note(List<String> args, String text) {
        if (args.size() < 2) {
            return usage("note", "name an incident and write the note");
        }
        return number(args.get(0)).<SlashCommand>map(n -> new Change(new Command.AddNote(n, text)))
                .orElseGet(() -> usage("note", "\"" + args.get(0) + "\" is not an incident id"));
    }

    Pattern MENTION = Pattern.compile("<@([A-Z0-9]+)(?:\\|[^>]*)?>");

    private static SlashCommand override(List<String> args, Function<String, Optional<String>> userBySlackId) {
        if (args.size() < 2 || args.size() > 3) {
            return usage("override", "name a user and a duration");
        }
        String who = args.get(0);
        Matcher m = MENTION.matcher(who);
        Optional<String> user = m.matches() ? userBySlackId.apply(m.group(1))
                : Optional.of(who.startsWith("@") ? who.substring(1) : who).filter(s -> !s.isEmpty());
        if (user.isEmpty()) {
            return usage("override", who + " is not a Vigil user (users[].slack_id in rules/)");
        }
        Duration d;
        try {
            d = PromDuration.parse(args.get(1));
        } catch (IllegalArgumentException e) {
            return usage("override", "\"" + args.get(1) + "\" is not a duration (e.g. 2h, 1d)");
        }
        if (d.isZero()) {
            return usage("override", "the duration must be longer than zero");
        }
        return new Change(new Command.Override(user.get(), args.size() == 3 ? Optional.of(args.get(2)) : Optional.empty(),
                Optional.empty(), d));
    }

    /** {@code silence MATCHERS DURATION [comment]}: the matchers are the words before the first duration. */
    private static SlashCommand silence(List<String> args, String text) {
        List<dev.vigil.label.Matcher> matchers = new java.util.ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            if (isDuration(args.get(i))) {
                break;
            }
            try {
                matchers.add(dev.vigil.label.MatcherParser.parse(args.get(i)));
            } catch (IllegalArgumentException e) {
                return usage("silence", e.getMessage());
            }
        }
        if (matchers.isEmpty()) {
            return usage("silence", "name the alerts to silence (e.g. service=billing)");
        }
        if (i == args.size()) {
            return usage("silence", "say for how long (e.g. 2h)");
        }
        Duration d = PromDuration.parse(args.get(i));
        if (d.isZero()) {
            return usage("silence", "the duration must be longer than zero");
        }
        return new Silence(matchers, d, rest(text, i + 2));
    }

    private static boolean isDuration(String word) {
        try {
            PromDuration.parse(word);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A silence from now for {@code duration}: the console makes the command when it knows the time. */
    record Silence(List<dev.vigil.label.Matcher> matchers, Duration duration, String comment) implements SlashCommand {
    }

    private static SlashCommand release(List<String> args, String text) {
        String sub = args.isEmpty() ? "" : args.get(0).toLowerCase(java.util.Locale.ROOT);
        switch (sub) {
            case "start":
                return args.size() == 3 ? new Change(new Command.StartRelease(args.get(1), args.get(2)))
                        : usage("release", "release start takes a pipeline and a version");
            case "done":
            case "fail":
                boolean done = sub.equals("done");
                if (args.size() < 3 || done && args.size() > 3) {
                    return usage("release", "release " + sub + " takes a run and a step" + (done ? "" : " [and a message]"));
                }
                Optional<Long> run = number(args.get(1));
                if (run.isEmpty()) {
                    return usage("release", "\"" + args.get(1) + "\" is not a run id");
                }
                return new Change(new Command.ReportStep(run.get(), args.get(2),
                        done ? StepStatus.SUCCEEDED : StepStatus.FAILED, done ? "" : rest(text, 4), ""));
            case "status":
                if (args.size() != 2 || number(args.get(1)).isEmpty()) {
                    return usage("release", "release status takes a run id");
                }
                return new Query("release status", List.of(args.get(1)));
            default:
                return usage("release", sub.isEmpty() ? "say start, done, fail or status" : "unknown \"" + sub + "\"");
        }
    }

    private static Usage usage(String verb, String problem) {
        return new Usage(problem, USAGE.get(verb));
    }

    private static Optional<Long> number(String s) {
        String digits = s.startsWith("#") ? s.substring(1) : s;
        if (!digits.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }

    /** The text after the first {@code n} words, spacing kept. */
    private static String rest(String text, int n) {
        Matcher m = Pattern.compile("^\\s*(?:\\S+\\s+){" + n + "}(.*)$", Pattern.DOTALL).matcher(text);
        return m.matches() ? m.group(1).trim() : "";
    }
}
