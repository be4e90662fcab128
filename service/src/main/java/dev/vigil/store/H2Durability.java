package dev.vigil.store;

import java.util.Locale;

/**
 * Makes an H2 URL safe for a pager. By default H2 flushes commits to disk up to 500 ms late
 * ({@code WRITE_DELAY}), so a crash right after an incident is committed would lose it; it closes the file
 * from its own shutdown hook, before Quartz has stopped; and a thread interrupted while it writes (a pool
 * shutting down, Quartz stopping) closes the file for everyone, because NIO closes a channel on interrupt:
 * H2's {@code retry:} file system reopens it. Settings and file systems the URL names already are kept.
 */
public final class H2Durability {
    private H2Durability() {
    }

    /** Whether {@code url} names an H2 database in a file (not in memory). */
    public static boolean isFile(String url) {
        return url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    public static String apply(String url) {
        if (!isFile(url)) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(withRetry(url));
        if (!upper.contains(";WRITE_DELAY=")) {
            sb.append(";WRITE_DELAY=0");
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            sb.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return sb.toString();
    }

    /** {@code jdbc:h2:file:./x} or {@code jdbc:h2:./x} on the retry file system, unless a file system is named. */
    private static String withRetry(String url) {
        String prefix = url.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:" : "jdbc:h2:";
        String path = url.substring(prefix.length());
        if (path.matches("^[a-zA-Z][a-zA-Z0-9]+:.*") && !path.matches("^[a-zA-Z]:[/\\\\].*")) {
            return url; // tcp:, ssl:, zip:, nio:, retry:, ... chosen by the user
        }
        return prefix + "retry:" + path;
    }
}
