package dev.vigil.probe;

import java.time.Duration;

/** One prober per probe type, chosen by the target's type. */
public final class Probers {
    private final HttpProbe http;
    private final TcpProbe tcp = new TcpProbe();
    private final TlsProbe tls = new TlsProbe();
    private final DnsProbe dns = new DnsProbe();
    private final SqlProbe sql;
    private final HeartbeatProbe heartbeat;

    public Probers(HttpProbe http, SqlProbe sql, HeartbeatProbe heartbeat) {
        this.http = http;
        this.sql = sql;
        this.heartbeat = heartbeat;
    }

    public Observation probe(ProbeTarget target, Duration timeout) {
        if (target instanceof ProbeTarget.Http t) {
            return http.probe(t, timeout);
        } else if (target instanceof ProbeTarget.Tcp t) {
            return tcp.probe(t, timeout);
        } else if (target instanceof ProbeTarget.Tls t) {
            return tls.probe(t, timeout);
        } else if (target instanceof ProbeTarget.Dns t) {
            return dns.probe(t, timeout);
        } else if (target instanceof ProbeTarget.Sql t) {
            return sql.probe(t, timeout);
        }
        return heartbeat.probe((ProbeTarget.Heartbeat) target, timeout);
    }
}
