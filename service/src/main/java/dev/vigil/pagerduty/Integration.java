package dev.vigil.pagerduty;

import java.util.Optional;
import java.util.function.Function;

/**
 * An integration key (PagerDuty's {@code routing_key}) that pages a team: the key itself ({@code key}) or, better, the
 * environment variable holding it ({@code keyEnv}), so that the secret stays out of rules/.
 */
public record Integration(String name, String keyEnv, String key, String team) {
    public Integration {
        keyEnv = keyEnv == null ? "" : keyEnv;
        key = key == null ? "" : key;
    }

    /** The key, read from the environment when declared by {@code key_env}; empty when that variable is unset. */
    public Optional<String> resolve(Function<String, String> env) {
        String k = keyEnv.isEmpty() ? key : env.apply(keyEnv);
        return k == null || k.isEmpty() ? Optional.empty() : Optional.of(k);
    }
}
