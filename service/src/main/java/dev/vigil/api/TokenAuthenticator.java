package dev.vigil.api;

import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer tokens against config.yml's list (an empty token is never accepted) and roles against
 * what a call needs: admin may do anything; respond may also read.
 */
public final class TokenAuthenticator implements Authenticator<String, ApiPrincipal>, Authorizer<ApiPrincipal> {
    private static final Map<String, Set<String>> IMPLIES = Map.of(
            "admin", Set.of("admin", "respond", "read", "ingest"),
            "respond", Set.of("respond", "read"),
            "ingest", Set.of("ingest"),
            "read", Set.of("read"));

    private final Map<String, ApiPrincipal> byToken;

    public TokenAuthenticator(Map<String, ApiPrincipal> byToken) {
        this.byToken = Map.copyOf(byToken);
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        // Compare every token in constant time, so timing says nothing about which prefix matched.
        ApiPrincipal found = null;
        for (Map.Entry<String, ApiPrincipal> e : byToken.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public boolean authorize(ApiPrincipal principal, String role, ContainerRequestContext context) {
        return IMPLIES.getOrDefault(principal.role(), Set.of()).contains(role);
    }
}
