package dev.vigil.probers;

import dev.vigil.probe.HeartbeatProbe;
import dev.vigil.probe.Probers;
import java.util.function.Function;

/** Every type's prober: the network and JDBC ones here, and the heartbeat, which reads the database's pings. */
public final class AllProbers {
    private AllProbers() {
    }

    /** {@code environment}: where sql probes read their JDBC URLs. */
    public static Probers of(Function<String, String> environment, HeartbeatProbe heartbeat) {
        return new Probers(new HttpProbe(), new TcpProbe(), new TlsProbe(), new DnsProbe(), new SqlProbe(environment),
                heartbeat);
    }
}
