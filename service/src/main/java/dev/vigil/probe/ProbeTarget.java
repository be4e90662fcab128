package dev.vigil.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a probe checks, one record per type (SPEC §3.2); each type says which placeholders its observations carry,
 * so a condition on one it never observes is refused when rules/ is read.
 */
public sealed interface ProbeTarget {
    /** The type's name in rules/. */
    String type();

    /** The placeholders this type's observations carry. */
    default Set<Placeholder> placeholders() {
        return placeholders(type());
    }

    /** The placeholders a type's observations carry, by the type's name (none for an unknown one). */
    static Set<Placeholder> placeholders(String type) {
        return switch (type) {
            case "http" -> Set.of(Placeholder.STATUS, Placeholder.RESPONSE_TIME, Placeholder.BODY,
                    Placeholder.CERTIFICATE_EXPIRATION, Placeholder.CONNECTED);
            case "tcp" -> Set.of(Placeholder.CONNECTED, Placeholder.RESPONSE_TIME, Placeholder.BODY);
            case "tls" -> Set.of(Placeholder.CONNECTED, Placeholder.RESPONSE_TIME, Placeholder.CERTIFICATE_EXPIRATION,
                    Placeholder.TLS_VERIFIED);
            case "dns" -> Set.of(Placeholder.DNS_RCODE, Placeholder.BODY, Placeholder.RESPONSE_TIME);
            case "sql" -> Set.of(Placeholder.ROWS, Placeholder.VALUE, Placeholder.RESPONSE_TIME);
            default -> Set.of();
        };
    }

    /** The conditions that apply when a probe declares none. */
    List<String> defaultConditions();

    /** What is probed, for messages and the API: a URL, host:port, a query. */
    String describe();

    record Http(String url, String method, Map<String, String> headers, String body, boolean followRedirects)
            implements ProbeTarget {
        public Http {
            headers = Map.copyOf(headers);
        }

        public String type() {
            return "http";
        }


        public List<String> defaultConditions() {
            return List.of("[STATUS] < 400");
        }

        public String describe() {
            return url;
        }
    }

    /** Connects; with {@code send}, writes it (and a newline); with {@code expect}, the reply must start with it. */
    record Tcp(String host, int port, String send, String expect) implements ProbeTarget {
        public String type() {
            return "tcp";
        }


        public List<String> defaultConditions() {
            return List.of("[CONNECTED] == true");
        }

        public String describe() {
            return host + ":" + port;
        }
    }

    /** A TLS handshake: the chain and name checked against the JVM's trust store or {@code caFile}. */
    record Tls(String host, int port, String serverName, String caFile) implements ProbeTarget {
        public String type() {
            return "tls";
        }


        public List<String> defaultConditions() {
            return List.of("[CONNECTED] == true", "[TLS_VERIFIED] == true");
        }

        public String describe() {
            return host + ":" + port;
        }
    }

    /** A DNS query of one record type, to {@code server} (host:port) or the system's resolver when empty. */
    record Dns(String query, String recordType, String server) implements ProbeTarget {
        /** The record types a dns probe asks for. */
        public static final List<String> RECORD_TYPES = List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS");

        public String type() {
            return "dns";
        }


        public List<String> defaultConditions() {
            return List.of("[DNS_RCODE] == NOERROR");
        }

        public String describe() {
            return query + " " + recordType + (server.isEmpty() ? "" : " @" + server);
        }
    }

    /** A read-only query over JDBC; the URL (credentials included) is in the environment variable {@code dsnEnv}. */
    record Sql(String dsnEnv, String query) implements ProbeTarget {
        public String type() {
            return "sql";
        }


        public List<String> defaultConditions() {
            return List.of();
        }

        public String describe() {
            return "$" + dsnEnv + ": " + query;
        }
    }

    /** Pinged from outside under the probe's name; overdue when no ping came for {@code expectEvery}. */
    record Heartbeat(String probe, Duration expectEvery) implements ProbeTarget {
        public String type() {
            return "heartbeat";
        }


        public List<String> defaultConditions() {
            return List.of();
        }

        public String describe() {
            return "heartbeat every " + dev.vigil.time.PromDuration.format(expectEvery);
        }
    }
}
