package dev.vigil.probers;

import dev.vigil.probe.Observation;
import dev.vigil.probe.Placeholder;
import dev.vigil.probe.ProbeTarget;
import dev.vigil.probe.Prober;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A dns probe through dnsjava: one query of one record type to the chosen server (or the system's first resolver),
 * {@code [DNS_RCODE]} as named by the RFCs ({@code NOERROR}, {@code NXDOMAIN}, ...), {@code [BODY]} the answers of
 * that type, comma-joined (addresses as written, names absolute, TXT strings joined).
 */
public final class DnsProbe implements Prober<ProbeTarget.Dns> {
    @Override
    public Observation probe(ProbeTarget.Dns t, Duration timeout) {
        long start = System.nanoTime();
        try {
            SimpleResolver resolver = t.server().isEmpty() ? new SimpleResolver() : new SimpleResolver(address(t.server()));
            resolver.setTimeout(timeout);
            int type = Type.value(t.recordType());
            Name name = Name.fromString(t.query().endsWith(".") ? t.query() : t.query() + ".");
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            Duration took = Prober.since(start);
            List<String> answers = new ArrayList<>();
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r.getType() == type) {
                    answers.add(text(r));
                }
            }
            return new Observation.Builder().put(Placeholder.DNS_RCODE, Rcode.string(response.getRcode()))
                    .put(Placeholder.BODY, String.join(",", answers))
                    .series("probe_dns_lookup_time_seconds", took.toNanos() / 1e9).took(took);
        } catch (TextParseException e) {
            return Observation.failed("\"" + t.query() + "\" is not a DNS name: " + e.getMessage(), Prober.since(start),
                    Map.of());
        } catch (IOException | IllegalArgumentException e) {
            return Observation.failed("DNS query " + t.describe() + " failed: " + e.getMessage(), Prober.since(start),
                    Map.of());
        }
    }

    private static String text(Record r) {
        if (r instanceof ARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (r instanceof AAAARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (r instanceof TXTRecord txt) {
            return String.join("", txt.getStrings());
        }
        return r.rdataToString();
    }

    /** {@code host:port} (port 53 when absent; {@code [v6]:port} for IPv6). */
    static InetSocketAddress address(String server) {
        int colon = server.lastIndexOf(':');
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            int port = close + 1 < server.length() ? Integer.parseInt(server.substring(close + 2)) : 53;
            return new InetSocketAddress(server.substring(1, close), port);
        }
        if (colon > 0 && server.indexOf(':') == colon) {
            return new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
        }
        return new InetSocketAddress(server, 53);
    }
}
