package dev.vigil.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every response on the application port gets headers that keep a browser from running what it did not come for
 * (a strict Content-Security-Policy, {@code nosniff}, no framing, no referrer). A token in the query string
 * ({@code ?access_token=}, which Dropwizard's OAuth filter would accept) is refused before authentication: URLs end up
 * in access logs, proxies and browser history, so tokens go only in the {@code Authorization} header.
 */
public final class SecurityHeaders implements Filter {
    static final String CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse response = (HttpServletResponse) resp;
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        String query = ((HttpServletRequest) req).getQueryString();
        if (query != null && hasAccessToken(query)) {
            response.setStatus(400);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"code\":400,\"message\":\"access_token: tokens are not accepted in the "
                    + "URL (it ends up in logs); send Authorization: Bearer <token>\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(req, resp);
    }

    private static boolean hasAccessToken(String query) {
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (java.net.URLDecoder.decode(name, StandardCharsets.UTF_8).equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }
}
