package dev.vigil.store;

import java.util.Locale;

/**
 * Makes an H2 URL safe for a pager. By default H2 flushes commits to disk up to 500 ms late
 * ({@code WRITE_DELAY}), so a crash right after an incident is committed would lose it; and it closes the
 * file from its own shutdown hook, before Quartz has stopped. Settings the URL names already are kept.
 */
public final class H2Durability {
    private H2Durability() {
    }

    public static String apply(String url) {
        if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(url);
        if (!upper.contains(";WRITE_DELAY=")) {
            sb.append(";WRITE_DELAY=0");
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            sb.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return sb.toString();
    }
}
