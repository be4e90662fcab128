package dev.vigil;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** config.yml (SPEC §2a): Dropwizard's settings plus where the rules are, the database, Slack and API tokens. */
public class VigilConfiguration extends Configuration {

    @NotEmpty
    @JsonProperty
    public String rulesPath = "rules";

    @NotEmpty
    @JsonProperty
    public String runbooksPath = "runbooks";

    @NotEmpty
    @JsonProperty
    public String runbookBaseUrl = "http://localhost:8080/runbooks/";

    @Valid
    @NotNull
    @JsonProperty
    public DataSourceFactory database = defaultDatabase();

    @JsonProperty
    public boolean cluster = false;

    @Valid
    @NotNull
    @JsonProperty
    public SlackSettings slack = new SlackSettings();

    @Valid
    @NotNull
    @JsonProperty
    public AuthSettings auth = new AuthSettings();

    @Valid
    @NotNull
    @JsonProperty
    public List<Datasource> datasources = new ArrayList<>();

    @Valid
    @NotNull
    @JsonProperty
    public List<ScrapeJob> scrape = new ArrayList<>();

    @JsonProperty
    public Map<String, String> externalLabels = new LinkedHashMap<>();

    /** How often rule groups without an interval of their own are evaluated (Prometheus duration). */
    @NotEmpty
    @JsonProperty
    public String evaluationInterval = "1m";

    /** Limits of one query of the embedded engine (the API's and each rule's), Prometheus's by default. */
    public static final class QueryLimits {
        /** The most samples one query may load (Prometheus's --query.max-samples). */
        @jakarta.validation.constraints.Min(1)
        @JsonProperty
        public long maxSamples = dev.vigil.promql.Evaluator.DEFAULT_MAX_SAMPLES;

        /** How long one query may run (Prometheus duration; Prometheus's --query.timeout). */
        @NotEmpty
        @JsonProperty
        public String timeout = "2m";
    }

    @jakarta.validation.Valid
    @jakarta.validation.constraints.NotNull
    @JsonProperty
    public QueryLimits query = new QueryLimits();

    /** How long the embedded engine keeps samples (Prometheus duration). */
    @NotEmpty
    @JsonProperty
    public String retention = "6h";

    /** Where Vigil is reached from outside: $externalURL in alert templates. */
    @NotEmpty
    @JsonProperty
    public String externalUrl = "http://localhost:8080";

    private static DataSourceFactory defaultDatabase() {
        DataSourceFactory f = new DataSourceFactory();
        f.setDriverClass("org.h2.Driver");
        f.setUrl("jdbc:h2:file:./data/vigil");
        f.setUser("sa");
        f.setPassword("");
        return f;
    }

    /** A remote Prometheus-compatible server; rule groups in files under {@code rules} are evaluated there. */
    public static class Datasource {
        @NotEmpty
        @JsonProperty
        public String name;

        @NotEmpty
        @JsonProperty
        public String url;

        @NotEmpty
        @JsonProperty
        public List<String> rules = new ArrayList<>();

        @NotEmpty
        @JsonProperty
        public String timeout = "30s";
    }

    /** A scrape job: targets in Prometheus's text format, read into the embedded engine every {@code interval}. */
    public static class ScrapeJob {
        @NotEmpty
        @JsonProperty
        public String job;

        @NotEmpty
        @JsonProperty
        public List<String> targets = new ArrayList<>();

        @NotEmpty
        @JsonProperty
        public String interval = "1m";

        @NotEmpty
        @JsonProperty
        public String timeout = "10s";
    }

    /**
     * Prometheus's {@code scrape_configs}, as users paste them from prometheus.yml: the part Vigil reads (static
     * targets with labels, path, params, scheme, auth, honor_labels, honor_timestamps, sample_limit); keys it does not
     * read yet are refused at start, by name.
     */
    @JsonProperty("scrape_configs")
    public List<PrometheusScrapeConfig> scrapeConfigs = new ArrayList<>();

    /** One job of Prometheus's {@code scrape_configs}. */
    public static class PrometheusScrapeConfig {
        @NotEmpty
        @JsonProperty("job_name")
        public String jobName;

        @JsonProperty("scrape_interval")
        public String scrapeInterval = "1m";

        @JsonProperty("scrape_timeout")
        public String scrapeTimeout = "10s";

        @JsonProperty("metrics_path")
        public String metricsPath = "/metrics";

        @JsonProperty
        public String scheme = "http";

        @JsonProperty
        public Map<String, List<String>> params = new LinkedHashMap<>();

        @JsonProperty("honor_labels")
        public boolean honorLabels;

        @JsonProperty("honor_timestamps")
        public boolean honorTimestamps = true;

        @jakarta.validation.constraints.Min(0)
        @JsonProperty("sample_limit")
        public int sampleLimit;

        @JsonProperty("basic_auth")
        public BasicAuth basicAuth;

        @JsonProperty
        public Authorization authorization;

        @JsonProperty("static_configs")
        public List<StaticConfig> staticConfigs = new ArrayList<>();

        @JsonProperty("relabel_configs")
        public List<RelabelConfig> relabelConfigs = new ArrayList<>();

        @JsonProperty("metric_relabel_configs")
        public List<RelabelConfig> metricRelabelConfigs = new ArrayList<>();

        @JsonProperty("tls_config")
        public TlsConfig tlsConfig;
    }

    /** {@code tls_config}: Prometheus's keys, read into {@link dev.vigil.tls.TlsSettings}. */
    public static class TlsConfig {
        @JsonProperty("ca_file")
        public String caFile = "";

        @JsonProperty("cert_file")
        public String certFile = "";

        @JsonProperty("key_file")
        public String keyFile = "";

        @JsonProperty("server_name")
        public String serverName = "";

        @JsonProperty("insecure_skip_verify")
        public boolean insecureSkipVerify;

        @JsonProperty("min_version")
        public String minVersion = "";
    }

    /**
     * One step of {@code relabel_configs} / {@code metric_relabel_configs}, as Prometheus reads it: an absent key has
     * Prometheus's default, a key written empty ({@code separator:}) is "" as in Go; checked by
     * {@link dev.vigil.scrape.Relabel#of}.
     */
    public static class RelabelConfig {
        @JsonProperty("source_labels")
        public List<String> sourceLabels;

        String separator = dev.vigil.scrape.Relabel.DEFAULT_SEPARATOR;
        String regex = dev.vigil.scrape.Relabel.DEFAULT_REGEX;
        boolean regexGiven;
        @jakarta.validation.constraints.Min(0)
        @JsonProperty
        public long modulus;
        String targetLabel = "";
        String replacement = dev.vigil.scrape.Relabel.DEFAULT_REPLACEMENT;
        String action = "replace";

        @JsonProperty("separator")
        void separator(String v) {
            separator = v == null ? "" : v;
        }

        @JsonProperty("regex")
        void regex(String v) {
            regex = v == null ? "" : v;
            regexGiven = true;
        }

        @JsonProperty("target_label")
        void targetLabel(String v) {
            targetLabel = v == null ? "" : v;
        }

        @JsonProperty("replacement")
        void replacement(String v) {
            replacement = v == null ? "" : v;
        }

        @JsonProperty("action")
        void action(String v) {
            action = v == null ? "" : v;
        }
    }

    /** {@code static_configs}: targets as host:port and the labels they get. */
    public static class StaticConfig {
        @JsonProperty
        public List<String> targets = new ArrayList<>();

        @JsonProperty
        public Map<String, String> labels = new LinkedHashMap<>();
    }

    /** {@code basic_auth}: the password itself (from the environment, ${VAR}) or a file holding it. */
    public static class BasicAuth {
        @JsonProperty
        public String username = "";

        @JsonProperty
        public String password = "";

        @JsonProperty("password_file")
        public String passwordFile = "";
    }

    /** {@code authorization}: a type (Bearer) and the credentials or a file holding them. */
    public static class Authorization {
        @JsonProperty
        public String type = "Bearer";

        @JsonProperty
        public String credentials = "";

        @JsonProperty("credentials_file")
        public String credentialsFile = "";
    }

    /** Slack: the bot token (empty: pages are logged), the signing secret, and the API's base URL. */
    public static class SlackSettings {
        @JsonProperty
        public String botToken = "";

        @JsonProperty
        public String signingSecret = "";

        @NotEmpty
        @JsonProperty
        public String apiUrl = "https://slack.com/api/";
    }

    /** Bearer tokens for the HTTP API. */
    public static class AuthSettings {
        @Valid
        @NotNull
        @JsonProperty
        public List<ApiToken> tokens = new ArrayList<>();
    }

    /** One bearer token, its role, and a name for the timeline ("acknowledged by ci-bot"). */
    public static class ApiToken {
        @JsonProperty
        public String token = "";

        @NotNull
        @Pattern(regexp = "read|respond|admin|ingest", message = "must be one of read, respond, admin, ingest")
        @JsonProperty
        public String role;

        @JsonProperty
        public String name = "";
    }
}
