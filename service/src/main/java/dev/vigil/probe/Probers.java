package dev.vigil.probe;

import java.time.Duration;

/** One prober per probe type, chosen by the target's type; the probers themselves are adapters (network, JDBC). */
public final class Probers {
    private final Prober<ProbeTarget.Http> http;
    private final Prober<ProbeTarget.Tcp> tcp;
    private final Prober<ProbeTarget.Tls> tls;
    private final Prober<ProbeTarget.Dns> dns;
    private final Prober<ProbeTarget.Sql> sql;
    private final Prober<ProbeTarget.Heartbeat> heartbeat;

    public Probers(Prober<ProbeTarget.Http> http, Prober<ProbeTarget.Tcp> tcp, Prober<ProbeTarget.Tls> tls,
                   Prober<ProbeTarget.Dns> dns, Prober<ProbeTarget.Sql> sql, Prober<ProbeTarget.Heartbeat> heartbeat) {
        this.http = http;
        this.tcp = tcp;
        this.tls = tls;
        this.dns = dns;
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
