package dev.vigil.probers;

import dev.vigil.probe.Condition;
import dev.vigil.probe.Observation;
import dev.vigil.probe.ProbeResult;
import dev.vigil.probe.ProbeSeries;
import dev.vigil.probe.ProbeSpec;
import dev.vigil.probe.ProbeTarget;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/** dns probes against a small DNS server on loopback that answers from a table (dnsjava's message classes). */
class DnsProbeTest {
    static DatagramSocket server;
    static List<Record> table;

    @BeforeAll
    static void start() throws Exception {
        Name shop = Name.fromString("shop.example.");
        table = List.of(
                new ARecord(shop, DClass.IN, 60, InetAddress.getByName("10.0.0.7")),
                new ARecord(shop, DClass.IN, 60, InetAddress.getByName("10.0.0.8")),
                new AAAARecord(shop, DClass.IN, 60, InetAddress.getByName("2001:db8::7")),
                new CNAMERecord(Name.fromString("www.shop.example."), DClass.IN, 60, shop),
                new MXRecord(shop, DClass.IN, 60, 10, Name.fromString("mail.shop.example.")),
                new TXTRecord(shop, DClass.IN, 60, "v=spf1 -all"),
                new NSRecord(shop, DClass.IN, 60, Name.fromString("ns1.shop.example.")));
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            byte[] buf = new byte[512];
            while (!server.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    server.receive(p);
                    Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    Record question = q.getQuestion();
                    Message a = new Message(q.getHeader().getID());
                    a.getHeader().setFlag(Flags.QR);
                    a.addRecord(question, Section.QUESTION);
                    List<Record> found = table.stream().filter(r -> r.getName().equals(question.getName())).toList();
                    found.stream().filter(r -> r.getType() == question.getType())
                            .forEach(r -> a.addRecord(r, Section.ANSWER));
                    a.getHeader().setRcode(found.isEmpty() ? Rcode.NXDOMAIN : Rcode.NOERROR);
                    byte[] wire = a.toWire();
                    server.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                } catch (Exception e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ProbeResult run(String query, String type, String... conditions) {
        ProbeTarget.Dns t = new ProbeTarget.Dns(query, type, "127.0.0.1:" + server.getLocalPort());
        List<String> texts = conditions.length == 0 ? t.defaultConditions() : List.of(conditions);
        ProbeSpec spec = new ProbeSpec("dns", t, Duration.ofSeconds(30), Duration.ofSeconds(2),
                texts.stream().map(Condition::parse).toList(), Map.of(), Optional.empty());
        return ProbeResult.evaluate(spec, new DnsProbe().probe(t, spec.timeout()), Instant.now());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "shop.example     | A     | 10.0.0.7,10.0.0.8",
        "shop.example     | AAAA  | 2001:db8:0:0:0:0:0:7",
        "www.shop.example | CNAME | shop.example.",
        "shop.example     | MX    | 10 mail.shop.example.",
        "shop.example     | TXT   | v=spf1 -all",
        "shop.example.    | NS    | ns1.shop.example.",
    })
    void eachRecordTypeIsAnswered(String query, String type, String body) {
        ProbeResult r = run(query, type, "[DNS_RCODE] == NOERROR", "[BODY] == " + body);
        assertThat(r.failures()).isEmpty();
        assertThat(ProbeSeries.of(r)).anySatisfy(s -> assertThat(s.name()).isEqualTo("probe_dns_lookup_time_seconds"));
    }

    @Test
    void anUnknownNameIsNxdomain() {
        ProbeResult r = run("nope.example", "A");
        assertThat(r.success()).isFalse();
        assertThat(r.failures()).containsExactly("[DNS_RCODE] == NOERROR (got NXDOMAIN)");
        assertThat(run("nope.example", "A", "[DNS_RCODE] == NXDOMAIN").success()).isTrue();
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ProbeTarget.Dns t = new ProbeTarget.Dns("shop.example", "A", "127.0.0.1:" + silent.getLocalPort());
            Observation o = new DnsProbe().probe(t, Duration.ofMillis(300));
            assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).startsWith("DNS query shop.example A @127.0.0.1:"));
        }
    }
}
