package dev.vigil.runbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/** The Markdown runbooks under runbooks/, by id: the path without {@code .md} ({@code data-release/ingest}). */
public final class RunbookCatalog {
    private final Map<String, Path> files;
    private final String baseUrl;

    private RunbookCatalog(Map<String, Path> files, String baseUrl) {
        this.files = Map.copyOf(files);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    /** Indexes every {@code *.md} file below {@code dir}; a missing folder gives an empty catalogue. */
    public static RunbookCatalog scan(Path dir, String baseUrl) {
        Map<String, Path> files = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".md")).forEach(p -> {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    files.put(rel.substring(0, rel.length() - 3), p);
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read runbooks from " + dir, e);
            }
        }
        return new RunbookCatalog(files, baseUrl);
    }

    public java.util.Set<String> ids() {
        return files.keySet();
    }

    public boolean has(String id) {
        return files.containsKey(id);
    }

    /** The link to put in incidents and pages; empty for an empty id. */
    public String url(String id) {
        return id == null || id.isEmpty() ? "" : baseUrl + id;
    }

    /** The runbook rendered as an HTML page, if it exists. */
    public Optional<String> html(String id) {
        Path p = files.get(id);
        if (p == null) {
            return Optional.empty();
        }
        try {
            String md = Files.readString(p);
            String body = RENDERER.render(Parser.builder().build().parse(md));
            return Optional.of("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(id)
                    + "</title></head><body>" + body + "</body></html>");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + p, e);
        }
    }

    /**
     * Raw HTML shown as text, and links and images only to http(s), mailto and relative places: a runbook that
     * someone can edit must not run script in the browser of the on-call engineer who opens it.
     */
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(java.util.List.of("http", "https", "mailto"))).build();

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
