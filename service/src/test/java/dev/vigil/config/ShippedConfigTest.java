package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The config.yml a newcomer runs is safe as shipped: nothing exposed, nothing secret in logs, a crash-safe database. */
class ShippedConfigTest {
    private final JsonNode config = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("../config.yml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theUnauthenticatedAdminPortListensOnLoopbackOnly() {
        assertThat(config.at("/server/adminConnectors/0/bindHost").asText()).isEqualTo("${VIGIL_ADMIN_HOST:-127.0.0.1}");
    }

    @Test
    void theHttpsListenerWithItsOwnCertificateListensOnLoopbackOnly() {
        assertThat(config.at("/server/applicationConnectors/1/type").asText()).isEqualTo("self-signed-https");
        assertThat(config.at("/server/applicationConnectors/1/bindHost").asText()).isEqualTo("${VIGIL_TLS_HOST:-127.0.0.1}");
    }

    @Test
    void theAccessLogLeavesQueryStringsOut() {
        String format = config.at("/server/requestLog/appenders/0/logFormat").asText();
        assertThat(format).contains("%U").doesNotContain("%r").doesNotContain("%q");
    }

    @Test
    void theDefaultDatabaseIsTheEmbeddedPostgres() {
        assertThat(config.at("/database/url").asText()).isEqualTo("${VIGIL_DB_URL:-embedded-postgresql:./data/postgres}");
        assertThat(config.at("/database/driverClass").asText()).contains("org.postgresql.Driver");
    }

    @Test
    void secretsComeFromTheEnvironment() {
        assertThat(config.at("/slack/botToken").asText()).isEqualTo("${SLACK_BOT_TOKEN:-}");
        assertThat(config.at("/slack/signingSecret").asText()).isEqualTo("${SLACK_SIGNING_SECRET:-}");
        assertThat(config.at("/auth/tokens/0/token").asText()).isEqualTo("${VIGIL_ADMIN_TOKEN:-}");
    }
}
