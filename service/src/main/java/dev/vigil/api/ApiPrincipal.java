package dev.vigil.api;

import java.security.Principal;

/** Whoever presented a valid bearer token: the token's name and role. */
public record ApiPrincipal(String name, String role) implements Principal {
    @Override
    public String getName() {
        return name;
    }
}
